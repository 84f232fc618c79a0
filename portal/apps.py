from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin công khai")

    def ready(self):
        from core import hooks as core_hooks
        from portal.work import work_count

        core_hooks.work_count.register(work_count)

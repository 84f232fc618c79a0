from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin công khai")

    def ready(self):
        from core.extensions import hooks
        from portal.work import work_count

        hooks.register("core.work_count", work_count)

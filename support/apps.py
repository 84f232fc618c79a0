from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Chính sách hỗ trợ, đào tạo, Liên minh HTX")

    def ready(self):
        from core.extensions import hooks
        from support import permissions  # noqa: F401  (registers the rules)
        from support.feeds import organization_panels

        hooks.register("registry.organization_panels", organization_panels)

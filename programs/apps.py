from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Chương trình hành động")

    def ready(self):
        from core.extensions import hooks
        from programs import permissions  # noqa: F401  (registers the rules predicates)
        from programs.consolidated import TEMPLATE
        from programs.import_batches import foreign_kinds
        from programs.panels import indicator_panels
        from reports.templating import register

        register(TEMPLATE)

        hooks.register("indicators.indicator_panels", indicator_panels)
        hooks.register("imports.foreign_kinds", foreign_kinds)

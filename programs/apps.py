from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Chương trình hành động")

    def ready(self):
        from imports import hooks as imports_hooks
        from indicators import hooks as indicators_hooks
        from programs import permissions  # noqa: F401  (registers the rules predicates)
        from programs.consolidated import TEMPLATE
        from programs.documents import QUEUED
        from programs.import_batches import foreign_kinds
        from programs.panels import indicator_panels
        from reports import queued
        from reports.templating import register

        register(TEMPLATE)
        queued.register(QUEUED)

        indicators_hooks.indicator_panels.register(indicator_panels)
        imports_hooks.foreign_kinds.register(foreign_kinds)

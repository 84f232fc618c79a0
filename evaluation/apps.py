from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Phân loại và đánh giá HTX")

    def ready(self):
        from evaluation import permissions  # noqa: F401  (registers the rules predicates)
        from evaluation.filters import organization_filters
        from evaluation.panels import organization_panels
        from evaluation.reports import QUEUED, TEMPLATE
        from registry import hooks as registry_hooks
        from reports import queued
        from reports.templating import register

        register(TEMPLATE)
        queued.register(QUEUED)
        registry_hooks.organization_panels.register(organization_panels)
        registry_hooks.organization_filters.register(organization_filters)

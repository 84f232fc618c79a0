from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Phân loại và đánh giá HTX")

    def ready(self):
        from core.extensions import hooks
        from evaluation import permissions  # noqa: F401  (registers the rules predicates)
        from evaluation.filters import organization_filters
        from evaluation.panels import organization_panels
        from evaluation.reports import TEMPLATE
        from reports.templating import register

        register(TEMPLATE)

        hooks.register("registry.organization_panels", organization_panels)
        hooks.register("registry.organization_filters", organization_filters)

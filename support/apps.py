from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def support_data_sources() -> list:
    """Tables the support indicators read: their history ids change on every write."""
    from support import models

    return [
        models.SupportRecord.history.model,
        models.Activity.history.model,
        models.AllianceMembership.history.model,
        models.FundLoan.history.model,
        models.LoanInstallment.history.model,
        models.LoanRepayment.history.model,
    ]


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Chính sách hỗ trợ, đào tạo, Liên minh HTX")

    def ready(self):
        from core.extensions import hooks
        from reports.templating import register
        from support import permissions  # noqa: F401  (registers the rules)
        from support.computations import indicator_computations
        from support.documents import ALLIANCE_TEMPLATE, SUPPORT_TEMPLATE
        from support.feeds import organization_panels, task_evidence
        from support.import_batches import foreign_kinds

        hooks.register("programs.task_evidence", task_evidence)
        hooks.register("indicators.computations", indicator_computations)
        hooks.register("registry.organization_panels", organization_panels)
        hooks.register("indicators.data_sources", support_data_sources)
        hooks.register("imports.foreign_kinds", foreign_kinds)
        register(SUPPORT_TEMPLATE)
        register(ALLIANCE_TEMPLATE)

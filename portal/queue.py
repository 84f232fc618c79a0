"""The reviewer's queue ("Chờ tôi xử lý"): every item waiting for the signed-in person's decision.

Progress reports (the program's lead agency approves), self-assessments (the registration office
accepts) and import batches awaiting commit (their author confirms the preview). Annual reports are
filed, not reviewed, so they have no step here. Bulk approval goes through the same services as one
approval, in one transaction: if any item is refused, nothing changes.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from evaluation.models import Assessment
from evaluation.services import assessment_accept
from imports.models import BatchStatus, ImportBatch
from imports.selectors import batches_visible_to
from portal.work import reports_to_approve, sheets_to_review
from programs.models import ProgressReport
from programs.services import report_approve

REPORTS, SHEETS, IMPORTS = "reports", "sheets", "imports"
KIND_LABELS = {
    REPORTS: _("Báo cáo tiến độ"),
    SHEETS: _("Phiếu tự đánh giá"),
    IMPORTS: _("Lô nhập chờ xác nhận"),
}
#: Kinds that may be approved several at a time; a batch must be confirmed on its own preview.
BULK_KINDS = (REPORTS, SHEETS)


def batches_awaiting_commit(user) -> QuerySet[ImportBatch]:
    return batches_visible_to(user).filter(status=BatchStatus.READY)


@dataclass
class Queue:
    reports: QuerySet[ProgressReport]
    sheets: QuerySet[Assessment]
    imports: QuerySet[ImportBatch]

    @property
    def total(self) -> int:
        return self.reports.count() + self.sheets.count() + self.imports.count()


def queue_for(user, *, kind: str = "", year: int | None = None) -> Queue:
    """What waits for `user`, optionally one kind only and one year (of the period, sheet or upload)."""
    reports = reports_to_approve(user).select_related("assignment__task").order_by("submitted_at", "pk")
    sheets = sheets_to_review(user).select_related("organization__commune").order_by("submitted_at", "pk")
    imports = batches_awaiting_commit(user).order_by("created_at", "pk")
    if year:
        reports = reports.filter(period__startswith=str(year))
        sheets = sheets.filter(year=year)
        imports = imports.filter(created_at__year=year)
    if kind:
        reports = reports if kind == REPORTS else reports.none()
        sheets = sheets if kind == SHEETS else sheets.none()
        imports = imports if kind == IMPORTS else imports.none()
    return Queue(reports, sheets, imports)


@transaction.atomic
def approve_many(*, user, kind: str, ids: list[int]) -> int:
    """Approve every listed item of the user's queue. An id outside the queue (someone else's, or
    already decided) refuses the whole request: PermissionDenied, nothing changed."""
    if kind not in BULK_KINDS or not ids:
        raise PermissionDenied(_("Không duyệt hàng loạt được loại việc này."))
    waiting = queue_for(user, kind=kind)
    items = list((waiting.reports if kind == REPORTS else waiting.sheets).filter(pk__in=ids))
    if len(items) != len(set(ids)):
        raise PermissionDenied(_("Có mục không còn chờ bạn xử lý; chưa duyệt mục nào."))
    for item in items:
        if kind == REPORTS:
            report_approve(actor=user, report=item)
        else:
            assessment_accept(user=user, assessment=item)
    return len(items)

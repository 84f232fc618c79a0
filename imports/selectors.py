"""Reads of import batches, scoped to the user (imports.permissions.batch_scope)."""

from django.db.models import QuerySet

from imports.kinds import UPLOAD_KINDS
from imports.models import ImportBatch, ImportRow, RowAction
from imports.permissions import batch_scope, can_view_batch


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    scope = batch_scope(user)
    if scope is None:
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("created_by").filter(scope)


def batch_get(*, user, pk: int) -> ImportBatch:
    """The batch if the user may see it, else ImportBatch.DoesNotExist (→ 404). Besides their own
    (the list), people see a batch of another app's kind whose records they may manage."""
    try:
        return batches_visible_to(user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        batch = ImportBatch.objects.select_related("created_by").exclude(kind__in=UPLOAD_KINDS).filter(pk=pk).first()
        if batch is None or not can_view_batch(user, batch):
            raise
        return batch


def batch_rows(*, batch: ImportBatch, actions=None) -> QuerySet[ImportRow]:
    rows = batch.rows.all()
    return rows.filter(action__in=actions) if actions else rows


def rejected_rows(*, batch: ImportBatch) -> QuerySet[ImportRow]:
    return batch.rows.filter(action__in=[RowAction.REJECT, RowAction.REVIEW]).exclude(decision="create")

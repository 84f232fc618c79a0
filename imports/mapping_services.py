"""The person's confirmation of how a sheet's columns are read (the mapping of the preview):
remembered for the header layout in their province (imports.mapping), then the batch is read
again with it. Kept apart from imports.services, which the mapping module cannot import."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from imports import services
from imports.mapping import SKIP, check_columns
from imports.models import BatchStatus, ColumnMapping, ImportBatch
from imports.permissions import can_manage_batch
from imports.specs import kind_spec


def _implied(layout: dict) -> frozenset:
    context = layout.get("context") or {}
    return frozenset(key for key in ("year", "commune") if context.get(key))


@transaction.atomic
def mapping_confirm(*, actor, batch: ImportBatch, sheet: str, columns: dict[int, str]) -> ImportBatch:
    """Remember `columns` (column index → field key, SKIP to leave a column out) for the layout
    of `sheet` of the batch, and stage the batch again with it. Only before the commit."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != BatchStatus.READY:
        raise services.ImportRefused(_("Chỉ đổi được cách đọc cột trước khi ghi."))
    layout = next((found for found in locked.sheets if found.get("name") == sheet and found.get("layout")), None)
    if layout is None:
        raise services.ImportRefused(_("Lô này không có trang “%(sheet)s”.") % {"sheet": sheet})
    problems = check_columns(kind_spec(locked.kind), columns, _implied(layout))
    if problems:
        raise services.ImportRefused(problems)
    ColumnMapping.objects.update_or_create(
        kind=locked.kind,
        province_id=actor.province_id,
        layout=layout["layout"],
        defaults={
            "headers": layout.get("texts", []),
            "columns": {str(index): key or SKIP for index, key in sorted(columns.items())},
            "confirmed_by": actor,
        },
    )
    services.batch_restart(locked)
    return locked

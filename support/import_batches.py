"""Import batches of support records and activities (imports.foreign): undo and who may manage them.

support.xlsx_import records each commit as a batch, one row per record written; undo deletes the
records it created and gives the ones it updated their previous values back, refused when any of
them was changed since (its version moved).
"""

from imports.foreign import ForeignKind, undo_versioned
from imports.kinds import ImportKind
from support import permissions
from support.models import Activity, SupportRecord

MODELS = {ImportKind.SUPPORT_RECORDS: SupportRecord, ImportKind.SUPPORT_ACTIVITIES: Activity}
CAN_EDIT = {ImportKind.SUPPORT_RECORDS: permissions.can_edit_record, ImportKind.SUPPORT_ACTIVITIES: permissions.can_edit_activity}


def batch_undo_records(*, actor, batch, rows, reason) -> None:
    undo_versioned(model=MODELS[batch.kind], rows=rows, actor=actor, reason=reason)


def can_manage_batch(user, batch) -> bool:
    """Someone other than the author who may edit every record the batch wrote that still exists."""
    ids = list(batch.rows.values_list("target_id", flat=True))
    records = MODELS[batch.kind].objects.filter(pk__in=ids)
    if batch.kind == ImportKind.SUPPORT_RECORDS:
        records = records.select_related("organization")
    records = list(records)
    return bool(records) and all(CAN_EDIT[batch.kind](user, record) for record in records)


def foreign_kinds() -> dict:
    """Provider of imports.hooks.foreign_kinds (registered in SupportConfig.ready)."""
    return {kind: ForeignKind(model, batch_undo_records, can_manage_batch) for kind, model in MODELS.items()}

"""Support records and activities as kinds of the one import pipeline (imports.foreign): the
stage and commit of support.xlsx_import, their undo and who may import or manage a batch.

Undo deletes the records the batch created and gives the ones it updated their previous values
back, refused when any of them was changed since (its version moved).
"""

from imports.foreign import ForeignKind, undo_versioned
from imports.kinds import ImportKind
from support import permissions, xlsx_import
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


def can_import(user, options: dict) -> bool:
    """Those who record support (an agency's officers); each row is then checked against whose
    records they may write (support.forms.organizations_for_recording)."""
    return permissions.can_record(user)


def foreign_kinds() -> dict:
    """Provider of imports.hooks.foreign_kinds (registered in SupportConfig.ready)."""
    return {
        kind: ForeignKind(
            model=model,
            stage=xlsx_import.stage,
            commit=xlsx_import.commit,
            undo=batch_undo_records,
            can_import=can_import,
            can_manage=can_manage_batch,
            spec=xlsx_import.SPECS[kind],
        )
        for kind, model in MODELS.items()
    }

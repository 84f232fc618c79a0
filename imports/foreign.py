"""Import batches of kinds another app imports with its own page: support records and activities
(support.xlsx_import), a program's task table (programs.task_table).

Those apps read, validate, preview and write their workbooks themselves; on commit they record
the batch here, one ImportRow per record written with what undo needs (the version the import
left the record at and, for an update, the previous values in `diff`), so the batch pages list
those batches, and `imports.services.batch_undo` undoes them through the app's `undo`. imports
never imports those apps (the arrows point the other way): each app registers its kinds on the
imports.hooks.foreign_kinds hook.

    # support/apps.py
    imports_hooks.foreign_kinds.register(lambda: {ImportKind.SUPPORT_RECORDS: ForeignKind(...)})
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from imports.models import BatchStatus, ImportBatch, ImportRow, RowAction
from imports.services import changed_since
from imports.values import python_value


@dataclass(frozen=True)
class ForeignKind:
    #: The records the batches write (field labels on the batch page).
    model: type[Model]
    #: undo(actor=, batch=, rows=[ImportRow], reason=) takes back what the rows wrote, or raises ImportRefused.
    undo: Callable[..., None]
    #: can_manage(user, batch): may this user (not the author) see and undo the batch.
    can_manage: Callable[..., bool]


@dataclass
class Written:
    """One record a commit wrote, as the batch keeps it for undo."""

    sheet: str
    row_number: int
    target_id: int
    #: The version the import left the record at (None for models without one).
    version: int | None
    created: bool
    #: For an update: {field: [old, new]} (JSON values, see `imports.values.json_value`).
    diff: dict = field(default_factory=dict)
    #: Anything else undo needs (which model, the previous assignments, ...).
    data: dict = field(default_factory=dict)


def batch_open(*, actor, kind: str, file_name: str, file_hash: str, file_size: int, file_format: str = "") -> ImportBatch:
    """Start recording a commit (call inside the commit's transaction: a refused commit leaves no
    batch); the batch exists first so that the history of every record written can name it."""
    return ImportBatch.objects.create(
        kind=kind,
        created_by=actor,
        file_name=file_name,
        file_hash=file_hash,
        file_size=file_size,
        file_format=file_format,
        status=BatchStatus.COMMITTING,
    )


def batch_close(
    *, batch: ImportBatch, written: list[Written], total: int, unchanged: int, rejected: int = 0, notices=()
) -> ImportBatch:
    """Keep what the commit wrote and mark the batch committed, with the preview's counts."""
    ImportRow.objects.bulk_create(
        ImportRow(
            batch=batch,
            sheet=entry.sheet[:64],
            row_number=entry.row_number,
            action=RowAction.CREATE if entry.created else RowAction.UPDATE,
            data=entry.data,
            diff=entry.diff,
            target_id=entry.target_id,
            result="created" if entry.created else "updated",
            result_version=entry.version,
        )
        for entry in written
    )
    batch.created_count = sum(1 for entry in written if entry.created)
    batch.updated_count = len(written) - batch.created_count
    batch.unchanged_count = unchanged
    batch.rejected_count = rejected
    batch.rows_total = batch.rows_read = batch.rows_validated = total
    batch.rows_written = len(written)
    batch.notices = list(notices)[:200]
    batch.status = BatchStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.committed_by = batch.created_by
    batch.save()
    return batch


def batch_link_message(text: str, batch: ImportBatch | None) -> str:
    """A commit's success message with a link to its batch (where it can be undone)."""
    if batch is None:
        return text
    return format_html(
        '{} <a href="{}" class="alert-link">{}</a>', text, reverse("imports:batch_detail", args=[batch.pk]), _("Xem lô nhập")
    )


def stamp(instance: Model, *, actor, reason: str) -> Model:
    """Who and why, for the history row simple-history writes on the next save or delete."""
    instance._history_user = actor
    instance._change_reason = reason
    return instance


def undo_versioned(*, model: type[Model], rows: list[ImportRow], actor, reason: str, restore=None, delete=None) -> None:
    """Undo of records with a version: refused unless each is still at the version the import
    left it; created ones are deleted, updated ones get their previous values back. `restore` and
    `delete`, when given, save or delete a record themselves (e.g. with the records that hang on it)."""
    current = model._default_manager.in_bulk([row.target_id for row in rows])
    for row in rows:
        instance = current.get(row.target_id)
        if instance is None or instance.version != row.result_version:
            raise changed_since(row.sheet, row.row_number)
    for row in rows:
        instance = stamp(current[row.target_id], actor=actor, reason=reason)
        if row.result == "created":
            (delete or Model.delete)(instance)
            continue
        for name, (old, _new) in row.diff.items():
            setattr(instance, name, python_value(model, name, old))
        if restore is not None:
            restore(instance, row)
        else:
            save_versioned(instance, expected_version=row.result_version)

"""Import batches of kinds another app imports with its own page: support records and activities
(support.xlsx_import), a program's task table (programs.task_table).

Those apps read, validate, preview and write their workbooks themselves; on commit they record
the batch here, one ImportRow per record written with what undo needs (the version the import
left the record at and, for an update, the previous values in `diff`), so the batch pages list
those batches and undo them exactly like the registry's. imports never imports those apps (the
arrows point the other way): each app registers its kinds on the "imports.foreign_kinds" hook.

    # support/apps.py
    hooks.register("imports.foreign_kinds", lambda: {ImportKind.SUPPORT_RECORDS: ForeignKind(...)})
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from imports import services
from imports.kinds import foreign_kind
from imports.models import BatchStatus, ImportBatch, ImportRow, RowAction
from imports.permissions import can_manage_batch
from imports.services import ImportRefused


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
    #: For an update: {field: [old, new]} (JSON values, see `json_value`).
    diff: dict = field(default_factory=dict)
    #: Anything else undo needs (which model, the previous assignments, ...).
    data: dict = field(default_factory=dict)


def json_value(value):
    """A field's value as the batch keeps it (dates as ISO text, like the registry kinds)."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def python_value(model: type[Model], name: str, value):
    """A kept JSON value back to the field's value (`name` may be a foreign key's attname)."""
    model_field = model._meta.get_field(name.removesuffix("_id"))
    return value if value is None else model_field.to_python(value)


def commit_reason(batch: ImportBatch) -> str:
    """The history reason of every record the batch writes (as the registry kinds have it), within
    the 100 characters simple-history keeps."""
    return (_("Nhập Excel, lô #%(id)s (%(file)s)") % {"id": batch.pk, "file": batch.file_name})[:100]


def undo_reason(batch: ImportBatch) -> str:
    return _("Hoàn tác lô nhập #%(id)s") % {"id": batch.pk}


def file_facts(content: bytes, file_name: str) -> dict:
    """What a batch keeps of its file (JSON-safe: a preview may keep it in the session)."""
    return {
        "file_name": file_name[:255],
        "file_hash": hashlib.sha256(content).hexdigest(),
        "file_size": len(content),
        "file_format": file_name.rsplit(".", 1)[-1].lower()[:8] if "." in file_name else "",
    }


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


def batch_undo(*, actor, batch: ImportBatch) -> ImportBatch:
    """Take back everything the batch wrote, in one transaction, through its app's undo."""
    kind = foreign_kind(batch.kind)
    if kind is None or not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.COMMITTED:
            raise ImportRefused(_("Chỉ hoàn tác được lô đã nhập."))
        rows = list(locked.rows.exclude(result="").order_by("pk"))
        try:
            kind.undo(actor=actor, batch=locked, rows=rows, reason=undo_reason(locked))
        except ImportRefused:
            raise
        except ValidationError as error:  # a service refused to restore a record (e.g. a removed agency has reports)
            raise ImportRefused(error.messages) from error
        except ProtectedError as error:
            raise ImportRefused(_("Không hoàn tác được: một bản ghi của lô này đang được dữ liệu nhập sau sử dụng.")) from error
        locked.status = BatchStatus.UNDONE
        locked.undone_at = timezone.now()
        locked.undone_by = actor
        locked.save(update_fields=["status", "undone_at", "undone_by"])
    return locked


def any_batch_undo(*, actor, batch: ImportBatch) -> ImportBatch:
    """The batch pages' and API's undo: the app's for these kinds, the registry's for the others."""
    undo = batch_undo if foreign_kind(batch.kind) else services.batch_undo
    return undo(actor=actor, batch=batch)


def batch_link_message(text: str, batch: ImportBatch | None) -> str:
    """A commit's success message with a link to its batch (where it can be undone)."""
    if batch is None:
        return text
    return format_html(
        '{} <a href="{}" class="alert-link">{}</a>', text, reverse("imports:batch_detail", args=[batch.pk]), _("Xem lô nhập")
    )


def changed_since(row: ImportRow) -> ImportRefused:
    """The refusal when a record the batch wrote was changed or deleted afterwards."""
    return ImportRefused(
        _("Không hoàn tác được: bản ghi của trang “%(sheet)s”, dòng %(row)s đã được sửa hoặc xoá sau khi nhập.")
        % {"sheet": row.sheet, "row": row.row_number}
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
            raise changed_since(row)
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

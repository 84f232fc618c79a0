"""Import kinds other apps own, on the one import pipeline: support records and activities
(support.xlsx_import), a program's task table (programs.import_batches).

Each app declares its kind once (a `ForeignKind` on the imports.hooks.foreign_kinds hook): how a
file becomes staged rows (`stage`), how staged rows are written (`commit`) and taken back
(`undo`), and who may import (`can_import`) or manage a batch (`can_manage`). Everything else is
the pipeline's, the same for every kind: the upload and its size limit (settings), the batch and
its rows as the preview state (never the session or a loose file), the progress, the preview page
with row errors by sheet/row/column, commit of all or only the valid rows, history and undo
(imports.services). imports never imports those apps (the arrows point the other way).

    # support/apps.py
    imports_hooks.foreign_kinds.register(lambda: {ImportKind.SUPPORT_RECORDS: ForeignKind(...)})
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Model
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from imports import hooks as imports_hooks
from imports.headers import find_header
from imports.models import ImportBatch, ImportRow
from imports.services import ImportRefused, changed_since
from imports.specs import KindSpec
from imports.staging import StagedRow, StageResult
from imports.values import python_value


class KindStage(Protocol):
    """Read and validate the file; nothing is written (or all is rolled back). Every row of the
    file is returned, unchanged ones too (they are counted, not kept). A file that cannot be read
    raises imports.reader.FileRefused with what to send instead. `progress(total=, validated=)`
    tells the batch page how far it got (it polls the batch)."""

    def __call__(self, *, batch: ImportBatch, content: bytes, progress: Callable) -> StageResult: ...


class KindCommit(Protocol):
    """Write the staged rows (imports.services.CommitRow: create, update, or a duplicate decided
    "create") in the caller's transaction; set on each row what it did (`result`, `target_id`,
    `result_version`, and in `data`/`diff` what undo needs); return how many were written. A row
    that can no longer be written raises ImportRefused naming its sheet and row."""

    def __call__(self, *, actor, batch: ImportBatch, rows: list, reason: str) -> int: ...


class KindUndo(Protocol):
    """Take back what `rows` (the written ImportRows) wrote, or raise ImportRefused."""

    def __call__(self, *, actor, batch: ImportBatch, rows: list[ImportRow], reason: str) -> None: ...


class KindCanImport(Protocol):
    """May `user` upload a file of this kind with these options (e.g. {"program_id": 3})."""

    def __call__(self, user, options: dict) -> bool: ...


class KindCanManage(Protocol):
    """May `user` (not the author) see, commit and undo the batch."""

    def __call__(self, user, batch: ImportBatch) -> bool: ...


@dataclass(frozen=True)
class ForeignKind:
    #: The records the batches write (field labels on the batch page).
    model: type[Model]
    stage: KindStage
    commit: KindCommit
    undo: KindUndo
    can_import: KindCanImport
    can_manage: KindCanManage
    #: The columns its sheets have, to recognise a file of this kind when none is named (the command).
    spec: KindSpec | None = None
    #: What the batch page shows besides the rows, and the person answers there (e.g. a task table's
    #: agencies to choose): `preview(batch, user)` → {"template": ..., ...}, included in the page.
    preview: Callable | None = None
    #: The same questions as lines for `import_workbook` (with how to answer them there).
    questions: Callable | None = None


def detect_foreign_kind(book) -> str | None:
    """The kind of another app whose columns a visible sheet of `book` has (None: none), for
    `import_workbook` without --kind once the registry's kinds did not match."""
    for kinds in imports_hooks.foreign_kinds.collect():
        for kind, foreign in kinds.items():
            sheets = [sheet for sheet in book.sheets if not sheet.hidden]
            if foreign.spec is not None and any(find_header(foreign.spec, s.rows, s.merged) for s in sheets):
                return kind
    return None


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


def cell_error(column: str, message: str) -> dict:
    """A row error as the batch keeps it (the preview shows its sheet, row and column)."""
    return {"column": str(column or ""), "message": str(message)}


def staged(sheet: str, row_number: int, action: str, data: dict, **extra) -> StagedRow:
    """A staged row of a foreign kind (`extra`: errors, warnings, diff, source, target_id, target_version)."""
    return StagedRow(
        sheet=sheet[:64],
        row_number=row_number,
        action=action,
        data=data,
        diff=extra.get("diff") or {},
        errors=extra.get("errors") or [],
        warnings=extra.get("warnings") or [],
        source=extra.get("source") or [],
        target_id=extra.get("target_id"),
        target_version=extra.get("target_version"),
        duplicate_of=None,
    )


def row_refused(row, messages) -> ImportRefused:
    """A commit refused at one row (`row`: a CommitRow), with where."""
    return ImportRefused(
        _("Trang “%(sheet)s”, dòng %(row)s: %(message)s")
        % {"sheet": row.sheet, "row": row.row_number, "message": " ".join(str(m) for m in messages)}
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

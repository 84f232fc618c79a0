"""Writes of the import pipeline: upload → process (parse, validate, stage) → commit → undo.

Registry records are written through the registry's services (organizations: one by one, with
their status events) or, for the high-volume members and annual reports, in bulk with
simple-history's bulk helpers after the same model validation and permission checks ran on
every row at staging time and the permissions are checked again at commit time.
"""

import datetime as dt
import functools
import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.bulk import PLAIN_FIELD_TYPES, among, insert_rows, update_rows
from core.memory import collector_paused
from imports.kinds import foreign_kind
from imports.liveness import mark_processing
from imports.models import BatchStatus, ImportBatch, ImportChunk, ImportRow, RowAction
from imports.permissions import can_import, can_manage_batch
from imports.reader import FileRefused, read_workbook
from imports.specs import KINDS, ImportKind
from imports.staging import NewRows, StagedRow, stage_workbook
from imports.values import python_value
from registry import bulk as registry_bulk
from registry import services as registry_services
from registry.models import AnnualReport, Field, Member, Organization
from registry.selectors import organizations_visible_to

logger = logging.getLogger(__name__)
#: Kinds written in bulk at commit (`_commit_bulk`); their plain new rows are staged in chunks.
BULK_KINDS = frozenset({ImportKind.ANNUAL_REPORTS, ImportKind.MEMBERS})
CHUNK_ROWS = 5_000
#: Keys of a report row's data naming the organization to create with it (imports.staging).
NEW_ORGANIZATION, NEW_ORGANIZATION_KEY, CREATED_ORGANIZATION = "_organization", "_organization_key", "_created_organization"
#: How the field of activity of the organization a report row creates was set (imports.staging.field_from_name).
FIELD_GUESS = "_field_guess"
PROGRESS_SECONDS = 0.5
#: How often a running processing renews its mark (imports.liveness) while it writes progress.
LIVENESS_SECONDS = 30


class ImportRefused(ValidationError):
    pass


def commit_reason(batch: ImportBatch) -> str:
    """The history reason of every record a batch writes (within the 100 characters
    simple-history keeps: a file name alone may be longer)."""
    return (_("Nhập Excel, lô #%(id)s (%(file)s)") % {"id": batch.pk, "file": batch.file_name})[:100]


def undo_reason(batch: ImportBatch) -> str:
    return _("Hoàn tác lô nhập #%(id)s") % {"id": batch.pk}


def changed_since(sheet: str, row_number: int) -> ImportRefused:
    """The refusal to undo when a record the batch wrote was changed or deleted afterwards."""
    return ImportRefused(
        _("Không hoàn tác được: bản ghi của trang “%(sheet)s”, dòng %(row)s đã được sửa hoặc xoá sau khi nhập.")
        % {"sheet": sheet, "row": row_number}
    )


def file_facts(content: bytes, file_name: str) -> dict:
    """What a batch keeps of its file (JSON-safe: a preview may keep it in the session); the
    format from the name until the reader finds the real one."""
    return {
        "file_name": file_name[:255],
        "file_hash": hashlib.sha256(content).hexdigest(),
        "file_size": len(content),
        "file_format": file_name.rsplit(".", 1)[-1].lower()[:8] if "." in file_name else "",
    }


@transaction.atomic
def batch_upload(
    *,
    actor,
    kind: str,
    content: bytes,
    file_name: str,
    store_file: bool = True,
    year: int | None = None,
    options: dict | None = None,
    create_missing: bool = False,
) -> ImportBatch:
    """Record an uploaded file as a new batch (nothing is parsed yet; see `batch_process`).
    `year`: the report year the person gave, for sheets that do not say it; `options`: what a
    kind of another app takes with the file (imports.foreign, e.g. {"program_id": 3});
    `create_missing`: the person confirmed creating the organizations report rows name that the
    registry lacks."""
    if kind not in KINDS and foreign_kind(kind) is None:
        raise ImportRefused(_("Loại dữ liệu không hợp lệ."))
    options = {**({"year": year} if year else {}), **(options or {}), "language": _language()}
    if create_missing:
        options["create_missing"] = True
    if not can_import(actor, kind, options):
        raise PermissionDenied(_("Bạn không có quyền nhập loại dữ liệu này."))
    batch = ImportBatch(kind=kind, created_by=actor, options=options, **file_facts(content, file_name))
    if store_file and len(content) <= settings.HOPTAC_IMPORT_MAX_BYTES:
        batch.file.save(file_name[-100:], ContentFile(content), save=False)
    batch.save()
    return batch


def _language() -> str:
    """The language of the person uploading or answering: the worker writes the batch's row errors
    and warnings in it (they are stored as text), not in the server's default."""
    return translation.get_language() or settings.LANGUAGE_CODE


def _progress_updater(batch: ImportBatch) -> Callable:
    """Writes the batch's progress for the page that polls it (every second), at most every
    PROGRESS_SECONDS: a write per thousand rows cost a tenth of a 50.000-row import on SQLite."""
    written = {"at": None, "status": None, "marked": time.monotonic()}

    def update(*, read=None, validated=None, total=None):
        changes = {}
        if read is not None:
            changes["rows_read"] = read
        if validated is not None:
            changes["rows_validated"] = validated
            changes["status"] = BatchStatus.VALIDATING
        if total is not None:
            changes["rows_total"] = total
        now = time.monotonic()
        due = written["at"] is None or now - written["at"] >= PROGRESS_SECONDS
        if changes and (due or total is not None or changes.get("status", written["status"]) != written["status"]):
            ImportBatch.objects.filter(pk=batch.pk).update(**changes)
            if now - written["marked"] >= LIVENESS_SECONDS:
                mark_processing(batch.pk)
                written["marked"] = now
            written.update(at=now, status=changes.get("status", written["status"]))

    return update


@collector_paused()
def batch_process(*, batch: ImportBatch, content: bytes | None = None, progress: Callable | None = None) -> ImportBatch:
    """Parse, validate and stage the batch's rows; the registry is not touched."""
    if content is None:
        with batch.file.open("rb") as handle:
            content = handle.read()
    mark_processing(batch.pk)
    update = _progress_updater(batch)

    def report(**counts):
        update(**counts)
        if progress:
            progress(**counts)

    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.READING)
    try:
        result = _stage(batch, content, report)
    except FileRefused as refusal:
        batch.status, batch.message = BatchStatus.REFUSED, str(refusal)
        batch.save(update_fields=["status", "message", "file_format"])
        return batch
    except Exception:
        logger.exception("import batch %s failed", batch.pk)
        batch.status = BatchStatus.FAILED
        batch.message = _("Lỗi không mong muốn khi xử lý tệp. Hãy báo cho quản trị hệ thống (lô #%(id)s).") % {"id": batch.pk}
        batch.save(update_fields=["status", "message", "file_format"])
        return batch
    with transaction.atomic():
        # Unchanged rows are only counted: nothing will be written for them. New rows of the bulk
        # kinds that need nobody's attention are kept together (ImportChunk), the rest row by row.
        by_row, plain_new = [], defaultdict(list)
        chunked = batch.kind in BULK_KINDS
        for row in result.rows:
            # A report creating its organization too stays a row: the commit creates the organization first.
            if chunked and row.action == RowAction.CREATE and not row.warnings and NEW_ORGANIZATION not in row.data:
                plain_new[(row.sheet, tuple(row.data))].append(row)
            elif row.action != RowAction.UNCHANGED:
                by_row.append(row)
        _store_rows(batch, by_row)
        new_rows = [
            NewRows(sheet, list(keys), _columns_of(rows), [row.row_number for row in rows])
            for (sheet, keys), rows in plain_new.items()
        ]
        _store_chunks(batch, [*result.new_rows, *new_rows])
        counts = {action: 0 for action in RowAction.values}
        for row in result.rows:
            counts[row.action] += 1
        counts[RowAction.CREATE] += sum(len(new.row_numbers) for new in result.new_rows)
        batch.options = {**batch.options, **_organization_counts(result)}
        batch.notices = result.notices[:200]
        batch.sheets = result.sheets
        batch.rows_total = batch.rows_read = batch.rows_validated = result.total
        batch.created_count = counts[RowAction.CREATE]
        batch.updated_count = counts[RowAction.UPDATE]
        batch.unchanged_count = counts[RowAction.UNCHANGED]
        batch.rejected_count = counts[RowAction.REJECT]
        batch.review_count = counts[RowAction.REVIEW]
        batch.status = BatchStatus.READY
        batch.message = ""
        batch.save()
    return batch


def _stage(batch: ImportBatch, content: bytes, report: Callable):
    """The file's rows staged by its kind: the registry's here, another app's by its own stage
    (imports.foreign)."""
    foreign = foreign_kind(batch.kind)
    if foreign is not None:
        return foreign.stage(batch=batch, content=content, progress=report)
    book = read_workbook(content, batch.file_name)
    batch.file_format = book.format
    return stage_workbook(
        book,
        kind=batch.kind,
        user=batch.created_by,
        progress=report,
        file_name=batch.file_name,
        year=batch.options.get("year"),
        create_missing=bool(batch.options.get("create_missing")),
        organization_fields=batch.options.get("organization_fields"),
    )


def _organization_counts(result) -> dict:
    """For the preview: how many organizations the report rows name that the registry lacks
    (`organizations_missing`, before the person confirms creating them) and how many the commit
    will create with their reports (`organizations_new`, after), and of those, how many have a field
    of activity guessed rather than given (`organizations_guessed`: the preview asks to check them)."""
    new = {
        row.data[NEW_ORGANIZATION_KEY]: row.data.get(FIELD_GUESS)
        for row in result.rows
        if row.action == RowAction.CREATE and NEW_ORGANIZATION in row.data
    }
    return {
        "organizations_missing": result.organizations_missing,
        "organizations_new": len(new),
        "organizations_guessed": sum(1 for guess in new.values() if guess),
    }


def _store_rows(batch: ImportBatch, rows: list[StagedRow]) -> None:
    """Keep the staged rows for the preview and the commit (multi-row INSERTs: see core.bulk)."""
    columns = ("batch_id", "sheet", "row_number", "action", "data", "diff", "errors", "warnings", "source")
    columns += ("target_id", "target_version", "duplicate_of", "decision", "result", "result_version")
    values = [
        (batch.pk, r.sheet, r.row_number, r.action, r.data, r.diff, r.errors, r.warnings, r.source)
        + (r.target_id, r.target_version, r.duplicate_of, "", "", None)
        for r in rows
    ]
    insert_rows(ImportRow, columns, values)


def _columns_of(rows) -> list[list]:
    """Staged rows sharing their data's keys, as one column of values per key."""
    return [list(column) for column in zip(*(row.data.values() for row in rows), strict=True)]


def _store_chunks(batch: ImportBatch, new_rows: list[NewRows]) -> None:
    """Keep plain new rows as ImportChunks, CHUNK_ROWS rows per chunk, their values in the order
    of their keys."""
    values = []
    for new in new_rows:
        for start in range(0, len(new.row_numbers), CHUNK_ROWS):
            payload = ImportChunk.pack([column[start : start + CHUNK_ROWS] for column in new.columns])
            numbers = ImportChunk.runs(new.row_numbers[start : start + CHUNK_ROWS])
            values.append((batch.pk, new.sheet, new.keys, payload, numbers, []))
    insert_rows(ImportChunk, ("batch_id", "sheet", "columns", "payload", "row_runs", "created_runs"), values)


@task
def batch_process_task(batch_id: int) -> str:
    """`batch_process` from the batch's stored file, in the task worker (`manage.py worker`)."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.PENDING).first()
    if batch is None:
        return "skipped"  # already processed, or given up by the sweep (imports.upkeep)
    with translation.override(batch.options.get("language") or settings.LANGUAGE_CODE):
        return batch_process(batch=batch).status


def batch_start(*, batch: ImportBatch, content: bytes) -> None:
    """Process the batch in the task worker so that the page stays usable (it polls the progress),
    or now when HOPTAC_IMPORT_BACKGROUND is off (tests, benchmarks) or no file was kept (one over
    the size limit: the reader refuses it at once)."""
    if getattr(settings, "HOPTAC_IMPORT_BACKGROUND", True) and batch.file:
        transaction.on_commit(lambda: batch_process_task.enqueue(batch.pk))
    else:
        batch_process(batch=batch, content=content)


def batch_restart(locked: ImportBatch) -> None:
    """Stage a ready batch again from its stored file, the same way as the first time
    (`batch_start`: in the task worker when that is how staging runs). `locked`: the batch,
    selected for update in the caller's transaction, with its new options set."""
    if not locked.file:
        raise ImportRefused(_("Tệp của lô này không còn được lưu; hãy tải lên lại."))
    locked.rows.all().delete()
    locked.chunks.all().delete()
    locked.status = BatchStatus.PENDING
    locked.options["language"] = _language()
    locked.save(update_fields=["status", "options"])
    with locked.file.open("rb") as handle:
        content = handle.read()
    batch_start(batch=locked, content=content)


@transaction.atomic
def batch_restage(*, actor, batch: ImportBatch, options: dict) -> ImportBatch:
    """The person's answers to the preview's questions (`options`, merged into the batch's, e.g.
    {"agency_choices": {...}} for a task table) kept in the batch, which is staged again with them.
    Only by those who manage the batch, and only before the commit."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != BatchStatus.READY:
        raise ImportRefused(_("Chỉ trả lời được câu hỏi của lô trước khi ghi."))
    locked.options = {**locked.options, **options}
    batch_restart(locked)
    return locked


@transaction.atomic
def batch_create_missing(*, actor, batch: ImportBatch) -> ImportBatch:
    """The person confirmed “tạo mới N tổ chức”: the batch is staged again, its report rows now
    creating the organizations the registry lacks (committed and undone with the reports)."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != BatchStatus.READY or not locked.options.get("organizations_missing"):
        raise ImportRefused(_("Lô này không có tổ chức nào cần tạo mới."))
    locked.options = {**locked.options, "create_missing": True}
    batch_restart(locked)
    return locked


@transaction.atomic
def batch_organization_fields(*, actor, batch: ImportBatch, fields: dict[str, str]) -> ImportBatch:
    """The fields of activity the person chose (or confirmed) in the preview for organizations the
    batch creates with their reports, by organization key (`imports.selectors.organizations_to_create`):
    kept in the batch with those chosen before, and the batch staged again with them (as an answer
    to any of the preview's questions, `batch_restage`). Nothing changes when one is refused."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    new = batch.rows.filter(action=RowAction.CREATE, data__has_key=NEW_ORGANIZATION_KEY)
    known = {data[NEW_ORGANIZATION_KEY] for data in new.values_list("data", flat=True)}
    if not fields or set(fields) - known:
        raise ImportRefused(_("Lô này không tạo mới tổ chức nào như vậy."))
    wrong = sorted(value for value in fields.values() if value not in Field.values)
    if wrong:
        raise ImportRefused(_("Lĩnh vực hoạt động “%(value)s” không hợp lệ.") % {"value": wrong[0]})
    # Merged with the choices as the locked batch holds them: two people answering at once keep both.
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    chosen = {**locked.options.get("organization_fields", {}), **fields}
    return batch_restage(actor=actor, batch=locked, options={"organization_fields": chosen})


@transaction.atomic
def row_decide(*, actor, batch: ImportBatch, row: ImportRow, decision: str) -> ImportRow:
    """A person's decision on a probable duplicate: create it as a new record, or skip it."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    if batch.status != BatchStatus.READY or row.action != RowAction.REVIEW or row.batch_id != batch.pk:
        raise ImportRefused(_("Dòng này không cần quyết định."))
    if decision not in ("create", "skip"):
        raise ImportRefused(_("Quyết định không hợp lệ."))
    row.decision = decision
    row.save(update_fields=["decision"])
    return row


@functools.cache
def _json_field(model, name: str) -> tuple[str, Callable | None]:
    """(attname, converter) for a key of the staged data: the converter turns its JSON value back
    into the field's Python value (None when JSON already gives it: numbers, text, booleans)."""
    field = model._meta.get_field(name.removesuffix("_id")) if name.endswith("_id") else model._meta.get_field(name)
    attname = field.attname if name.endswith("_id") else name
    return attname, None if field.get_internal_type() in PLAIN_FIELD_TYPES else field.to_python


def _typed(model, data: dict) -> dict:
    """JSON values back to Python values of the model's fields."""
    values = {}
    for name, value in data.items():
        if name.startswith("_") or name == "current_status":
            continue
        attname, convert = _json_field(model, name)
        values[attname] = value if value is None or convert is None else convert(value)
    return values


@collector_paused()
def batch_commit(*, actor, batch: ImportBatch, valid_only: bool = False) -> ImportBatch:
    """Write the staged rows in one transaction: all of them, or (when `valid_only`) the valid ones."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.READY:
            raise ImportRefused(
                _("Lô này không ở trạng thái chờ xác nhận (%(status)s).") % {"status": locked.get_status_display()}
            )
        undecided = locked.rows.filter(action=RowAction.REVIEW).exclude(decision__in=["create", "skip"]).count()
        if (locked.rejected_count or undecided) and not valid_only:
            raise _not_all_valid(locked, locked.rejected_count + undecided)
        rows = _rows_to_write(locked)
        foreign = foreign_kind(locked.kind)
        writer = {
            ImportKind.ORGANIZATIONS: _commit_organizations,
            ImportKind.ANNUAL_REPORTS: _commit_bulk,
            ImportKind.MEMBERS: _commit_bulk,
        }.get(locked.kind) or functools.partial(foreign.commit, reason=commit_reason(locked))
        try:
            written = writer(actor=actor, batch=locked, rows=rows)
        except IntegrityError as error:
            raise ImportRefused(
                _("Dữ liệu đã thay đổi kể từ lúc xem trước (%(error)s). Hãy tải tệp lên lại để kiểm tra.") % {"error": error}
            ) from error
        # Another app's kind keeps in each row what its undo needs (data, and the diff it wrote); an
        # organization created with its reports keeps its data too.
        _save_results(
            rows,
            with_data=locked.kind == ImportKind.ORGANIZATIONS
            or foreign is not None
            or any(NEW_ORGANIZATION in r.data for r in rows),
            with_diff=foreign is not None,
        )
        locked.status = BatchStatus.COMMITTED
        locked.committed_at = timezone.now()
        locked.committed_by = actor
        locked.commit_valid_only = valid_only
        locked.rows_written = written
        locked.save()
    return locked


def _not_all_valid(batch: ImportBatch, count: int) -> ImportRefused:
    """The refusal to commit a batch with rows rejected or undecided, naming the first rejected
    rows and why (e.g. the agency a task table's row names that nobody answered yet)."""
    first = [
        _("Trang “%(sheet)s”, dòng %(row)s: %(message)s") % {"sheet": row.sheet, "row": row.row_number, "message": row.reason}
        for row in batch.rows.filter(action=RowAction.REJECT).order_by("sheet", "row_number")[:3]
    ]
    message = _(
        "Có %(count)s dòng bị từ chối hoặc cần xem xét. Hãy sửa tệp rồi tải lên lại, hoặc chọn chỉ ghi các dòng hợp lệ."
    ) % {"count": count}
    return ImportRefused(" ".join([message, *first]))


@dataclass(slots=True)
class CommitRow:
    """A staged row as the commit reads and annotates it (a plain object: a model instance per
    row costs more than the write itself at 50.000 rows)."""

    pk: int
    sheet: str
    row_number: int
    action: str
    data: dict
    diff: dict
    warnings: list
    target_id: int | None
    target_version: int | None
    result: str = ""
    result_version: int | None = None


def _rows_to_write(batch: ImportBatch) -> list[CommitRow]:
    staged = batch.rows.filter(action__in=[RowAction.CREATE, RowAction.UPDATE]) | batch.rows.filter(
        action=RowAction.REVIEW, decision="create"
    )
    columns = ("pk", "sheet", "row_number", "action", "data", "diff", "warnings", "target_id", "target_version")
    return [CommitRow(*values) for values in staged.order_by("pk").values_list(*columns)]


def _save_results(rows: list[CommitRow], *, with_data: bool, with_diff: bool = False) -> None:
    """Record what the commit did to each staged row, in bulk (core.bulk.update_rows): Django's
    bulk_update builds a CASE expression per field and row, far slower at this volume."""
    columns = ["id", "target_id", "result", "result_version"] + (["data"] if with_data else []) + (["diff"] if with_diff else [])
    update_rows(
        ImportRow,
        columns,
        [
            [row.pk, row.target_id, row.result, row.result_version]
            + ([row.data] if with_data else [])
            + ([row.diff] if with_diff else [])
            for row in rows
        ],
    )


def _no_longer_allowed(organization_id: int) -> ImportRefused:
    """The refusal to commit when an organization of the batch left the user's jurisdiction (or
    the registry) since the preview. Named: the user staged its rows, so it was theirs to see."""
    organization = Organization.objects.filter(pk=organization_id).only("name", "registration_code").first()
    if organization is None:
        return ImportRefused(_("Một tổ chức trong lô này đã bị xoá khỏi sổ đăng ký sau khi xem trước. Hãy tải tệp lên lại."))
    return ImportRefused(
        _(
            "Bạn không còn quyền nhập dữ liệu cho tổ chức “%(name)s” (mã số %(code)s): tổ chức đã chuyển ra ngoài phạm vi của bạn sau khi xem trước. Hãy tải tệp lên lại để kiểm tra."
        )
        % {"name": organization.name, "code": organization.registration_code or "—"}
    )


def _conflict(row: CommitRow) -> ImportRefused:
    return ImportRefused(
        _("Trang “%(sheet)s”, dòng %(row)s: bản ghi đã bị người khác sửa sau khi xem trước. Hãy tải tệp lên lại.")
        % {"sheet": row.sheet, "row": row.row_number}
    )


def _commit_organizations(*, actor, batch: ImportBatch, rows: list[CommitRow]) -> int:
    reason = commit_reason(batch)
    today = dt.date.today()
    for row in rows:
        values = _typed(Organization, row.data)
        status = row.data.get("current_status")
        if row.action == RowAction.UPDATE:
            organization = Organization.objects.get(pk=row.target_id)
            for name, value in values.items():
                setattr(organization, name, value)
            organization._change_reason = reason
            registry_services.organization_update(actor=actor, organization=organization, expected_version=row.target_version)
            row.result = "updated"
        else:
            organization = Organization(**values)
            organization._change_reason = reason
            registry_services.organization_create(actor=actor, organization=organization)
            row.target_id = organization.pk
            row.result = "created"
        if status and status != organization.current_status:
            event = registry_services.status_event_add(
                actor=actor, organization=organization, status=status, effective_on=today, note=reason
            )
            row.data = {**row.data, "_status_event_id": event.pk}
        row.result_version = Organization.objects.values_list("version", flat=True).get(pk=organization.pk)
    return len(rows)


def _commit_bulk(*, actor, batch: ImportBatch, rows: list[CommitRow]) -> int:
    """Members and annual reports: validated row by row at staging, written in bulk with history."""
    model = AnnualReport if batch.kind == ImportKind.ANNUAL_REPORTS else Member
    reason = commit_reason(batch)
    _create_organizations(actor=actor, rows=rows, reason=reason)
    chunks = [
        (pk, columns, ImportChunk.unpack(payload))
        for pk, columns, payload in batch.chunks.order_by("pk").values_list("pk", "columns", "payload")
    ]
    _refuse_lost_organizations(actor, rows, chunks)
    stamp = {"actor": actor, "reason": reason, "now": timezone.now()}  # who, why and when, on every history row
    created = _write_chunks(model, chunks, stamp)
    _write_created_rows(model, [row for row in rows if row.action != RowAction.UPDATE], stamp)
    _write_updated_rows(model, [row for row in rows if row.action == RowAction.UPDATE], stamp)
    # Chunks keep their new ids as runs [first, count]: count the ids, not the runs.
    return len(rows) + sum(count for _pk, runs in created for _first, count in runs)


def _refuse_lost_organizations(actor, rows: list[CommitRow], chunks: list) -> None:
    """registry.permissions.can_edit_members (= can_edit_reports) in its query form, asked once for
    every organization of the batch (an instance and a call each cost more than the check; a
    registry test holds the two forms equal). An organization deleted since is missing too."""
    organization_ids = {row.data["organization_id"] for row in rows}
    for _pk, keys, columns in chunks:
        organization_ids.update(columns[keys.index("organization_id")])
    writable = organizations_visible_to(actor, for_write=True).filter(id__in=among(organization_ids))
    lost = organization_ids - set(writable.order_by().values_list("id", flat=True))
    if lost:
        raise _no_longer_allowed(min(lost))


def _write_chunks(model, chunks: list, stamp: dict) -> list[tuple[int, list]]:
    """The plain new rows. The chunks of a sheet (same keys) are written together: one COPY and one
    history statement for the whole sheet rather than one per 5.000 rows; each chunk then keeps
    its rows' ids, as (chunk id, runs of ids)."""
    by_keys = defaultdict(list)
    for pk, keys, columns in chunks:
        by_keys[tuple(keys)].append((pk, columns))
    created = []
    for keys, parts in by_keys.items():
        joined = [list(chain.from_iterable(column)) for column in zip(*(columns for _pk, columns in parts), strict=True)]
        ids = _create_with_history(model, list(keys), joined, **stamp)
        start = 0
        for pk, columns in parts:
            created.append((pk, ImportChunk.runs(ids[start : start + len(columns[0])])))
            start += len(columns[0])
    update_rows(ImportChunk, ["id", "created_runs"], created)
    return created


def _write_created_rows(model, rows: list[CommitRow], stamp: dict) -> None:
    """New records kept row by row (with warnings, or creating their organization), grouped by the
    keys of their data."""
    groups = defaultdict(list)
    for row in rows:
        groups[tuple(row.data)].append(row)
    for keys, group in groups.items():
        warnings = ["\n".join(w["message"] for w in row.warnings) for row in group]
        ids = _create_with_history(model, list(keys), _columns_of(group), warnings=warnings, **stamp)
        for row, pk in zip(group, ids, strict=True):
            row.target_id, row.result, row.result_version = pk, "created", 1


def _write_updated_rows(model, rows: list[CommitRow], stamp: dict) -> None:
    """Changes to existing records, refused when one changed since the preview."""
    if not rows:
        return
    current = model.objects.in_bulk([row.target_id for row in rows])
    changed_fields = {"confirmed_warnings"} if model is AnnualReport else set()
    changed = []
    for row in rows:
        instance = current.get(row.target_id)
        if instance is None or instance.version != row.target_version:
            raise _conflict(row)
        changed_fields.update(row.diff)
        for name, value in _typed(model, {k: row.data[k] for k in row.diff}).items():
            setattr(instance, name, value)
        if model is AnnualReport:
            instance.confirmed_warnings = "\n".join(w["message"] for w in row.warnings)
        changed.append(instance)
    registry_bulk.update_with_history(model, changed, changed_fields, **stamp)
    for row, instance in zip(rows, changed, strict=True):
        row.result, row.result_version = "updated", instance.version


def _create_organizations(*, actor, rows: list[CommitRow], reason: str) -> None:
    """The organizations report rows create with their reports (the person confirmed): each once,
    through the registry's own service (checks, permission, first status event, history); its
    rows then point at it, and the first of them records it for the undo."""
    by_key = defaultdict(list)
    for row in rows:
        if NEW_ORGANIZATION in row.data:
            by_key[row.data[NEW_ORGANIZATION_KEY]].append(row)
    for group in by_key.values():
        first = group[0]
        organization = Organization(**_typed(Organization, first.data[NEW_ORGANIZATION]))
        organization._change_reason = reason
        try:
            registry_services.organization_create(actor=actor, organization=organization)
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise ImportRefused(
                _("Trang “%(sheet)s”, dòng %(row)s: không tạo được tổ chức “%(name)s”: %(reason)s Hãy tải tệp lên lại.")
                % {"sheet": first.sheet, "row": first.row_number, "name": organization.name, "reason": " ".join(messages)}
            ) from error
        version = Organization.objects.values_list("version", flat=True).get(pk=organization.pk)
        for row in group:
            row.data = {**row.data, "organization_id": organization.pk}
        first.data = {**first.data, CREATED_ORGANIZATION: [organization.pk, version]}


def _create_with_history(model, keys: list[str], staged: list[list], *, warnings=None, actor, reason: str, now) -> list[int]:
    """The staged records (`keys`, and per key a column of the records' JSON values) as the
    model's Python values, written by registry.bulk; `warnings`: the confirmed warnings of each
    annual report."""
    columns = {}
    for key, column in zip(keys, staged, strict=True):
        if key.startswith("_") or key == "current_status":
            continue
        attname, convert = _json_field(model, key)
        columns[attname] = column if convert is None else [value if value is None else convert(value) for value in column]
    if model is AnnualReport:
        columns["confirmed_warnings"] = warnings or [""] * len(staged[0])
    return registry_bulk.create_with_history(model, columns, actor=actor, reason=reason, now=now)


def batch_undo(*, actor, batch: ImportBatch) -> ImportBatch:
    """Take back everything a committed batch wrote, provided nobody changed those records since:
    the registry's kinds here, the kinds other apps import through their own undo (imports.foreign)."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.COMMITTED:
            raise ImportRefused(_("Chỉ hoàn tác được lô đã nhập."))
        rows = list(locked.rows.exclude(result="").order_by("pk"))
        foreign = foreign_kind(locked.kind)
        if foreign is None:
            _undo_registry(actor=actor, batch=locked, rows=rows, reason=undo_reason(locked))
        else:
            _undo_foreign(foreign, actor=actor, batch=locked, rows=rows, reason=undo_reason(locked))
        locked.status = BatchStatus.UNDONE
        locked.undone_at = timezone.now()
        locked.undone_by = actor
        locked.save(update_fields=["status", "undone_at", "undone_by"])
    return locked


def _undo_registry(*, actor, batch: ImportBatch, rows: list[ImportRow], reason: str) -> None:
    model = {ImportKind.ORGANIZATIONS: Organization, ImportKind.ANNUAL_REPORTS: AnnualReport, ImportKind.MEMBERS: Member}[
        batch.kind
    ]
    # What the commit wrote: (sheet, row number, record id, the version it left the record at).
    written = [(row.sheet, row.row_number, row.target_id, row.result_version) for row in rows]
    created = [row.target_id for row in rows if row.result == "created"]
    for sheet, number_runs, id_runs in batch.chunks.order_by("pk").values_list("sheet", "row_runs", "created_runs"):
        numbers, ids = ImportChunk.expand(number_runs), ImportChunk.expand(id_runs)
        written.extend((sheet, number, pk, 1) for number, pk in zip(numbers, ids, strict=True))
        created.extend(ids)
    current = model.objects.in_bulk([pk for _sheet, _number, pk, _version in written])
    for sheet, number, pk, version in written:
        instance = current.get(pk)
        if instance is None or instance.version != version:
            raise changed_since(sheet, number)
    if model is Organization:
        _undo_organizations(actor=actor, rows=rows, current=current, reason=reason)
    else:
        _undo_bulk(actor=actor, model=model, created=created, rows=rows, current=current, reason=reason)
        _undo_created_organizations(actor=actor, rows=rows, reason=reason)


def _undo_foreign(foreign, *, actor, batch: ImportBatch, rows: list[ImportRow], reason: str) -> None:
    try:
        foreign.undo(actor=actor, batch=batch, rows=rows, reason=reason)
    except ImportRefused:
        raise
    except ValidationError as error:  # a service refused to restore a record (e.g. a removed agency has reports)
        raise ImportRefused(error.messages) from error
    except ProtectedError as error:
        raise ImportRefused(_("Không hoàn tác được: một bản ghi của lô này đang được dữ liệu nhập sau sử dụng.")) from error


def _undo_created_organizations(*, actor, rows, reason: str) -> None:
    """The organizations the batch created with its reports (the reports are gone by now), unless
    someone changed one since or gave it other records."""
    created = [(row, *row.data[CREATED_ORGANIZATION]) for row in rows if CREATED_ORGANIZATION in row.data]
    current = Organization.objects.in_bulk([pk for _row, pk, _version in created])
    for row, pk, version in created:
        organization = current.get(pk)
        if organization is None or organization.version != version:
            raise changed_since(row.sheet, row.row_number)
        _delete_created_organization(actor=actor, organization=organization, reason=reason)


def _delete_created_organization(*, actor, organization: Organization, reason: str) -> None:
    if organization.annual_reports.exists() or organization.members.exists():
        raise ImportRefused(
            _("Không hoàn tác được: tổ chức “%(name)s” đã có báo cáo hoặc thành viên được nhập sau.")
            % {"name": organization.name}
        )
    organization._history_user = actor
    organization._change_reason = reason
    for event in organization.status_events.all():
        event._history_user = actor
        event.delete()
    organization.delete()


def _undo_organizations(*, actor, rows, current, reason) -> None:
    for row in rows:
        organization = current[row.target_id]
        event_id = row.data.get("_status_event_id")
        if event_id:
            event = organization.status_events.filter(pk=event_id).first()
            if event is not None:
                event._history_user = actor
                event.delete()
                registry_services.organization_refresh_status(organization=organization)
        if row.result == "created":
            _delete_created_organization(actor=actor, organization=organization, reason=reason)
        else:
            for name, (old, _new) in row.diff.items():
                if name == "current_status":
                    continue
                setattr(
                    organization,
                    Organization._meta.get_field(name.removesuffix("_id")).attname,
                    python_value(Organization, name, old),
                )
            organization._change_reason = reason
            registry_services.organization_update(actor=actor, organization=organization, expected_version=row.result_version)


def _undo_bulk(*, actor, model, created: list[int], rows, current, reason) -> None:
    updated_rows = [row for row in rows if row.result == "updated"]
    for instance in (current[pk] for pk in created):
        # One by one so that simple-history's delete signal records who undid it and why.
        instance._history_user = actor
        instance._change_reason = reason
        instance.delete()
    if updated_rows:
        changed, fields = [], set()
        for row in updated_rows:
            instance = current[row.target_id]
            for name, (old, _new) in row.diff.items():
                setattr(instance, name, python_value(model, name, old))
                fields.add(name)
            changed.append(instance)
        registry_bulk.update_with_history(model, changed, fields, actor=actor, reason=reason, now=timezone.now())

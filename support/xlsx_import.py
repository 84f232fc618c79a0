"""Support records and activities as kinds of the one import pipeline (imports.foreign).

The `imports` app reads the workbook (xlsx/xls/ods/csv, size and formula checks), finds the header
row among messy titles and merged cells, parses Vietnamese numbers and dates, keeps the preview as
an ImportBatch with its rows and shows it on the batch page; this module declares the two kinds'
columns with its `ColumnSpec`/`KindSpec`, stages each row with the support services themselves
(in a transaction always rolled back: the preview writes nothing) and writes the staged rows on
commit, each validated again. Rows are matched by their "Số hiệu" (or, without one, by
organization + policy + date + amount, and for activities by agency + kind + title + date), so
re-importing the same file changes nothing. Undo is support.import_batches'.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import search_key
from imports import values as v
from imports.foreign import cell_error, row_refused, staged
from imports.kinds import ImportKind
from imports.mapping import remembered
from imports.models import RowAction
from imports.reader import FileRefused, read_workbook
from imports.specs import COMMUNE, ORGANIZATION_NAME, REGISTRATION_CODE, ColumnSpec, KindSpec
from imports.staging import StageResult, data_rows, select_sheets, sheet_layout
from imports.values import json_value
from reports.xlsx import Column, Sheet, workbook_bytes
from support import permissions, services
from support.forms import organizations_for_recording
from support.models import Activity, ActivityKind, SupportPolicy, SupportRecord

RECORDS = ImportKind.SUPPORT_RECORDS.value
ACTIVITIES = ImportKind.SUPPORT_ACTIVITIES.value

POLICY = ColumnSpec(
    "policy", "Chính sách", required=True, synonyms=("Mã chính sách", "Tên chính sách", "Chính sách hỗ trợ"), width=30
)
TASK = ColumnSpec("task", "Nhiệm vụ (số thứ tự)", synonyms=("Nhiệm vụ", "STT nhiệm vụ", "Số nhiệm vụ"), width=12)
CODE = ColumnSpec("code", "Số hiệu", synonyms=("Số hiệu hỗ trợ", "Mã hỗ trợ", "Mã hoạt động"), width=14)

RECORD_SPEC = KindSpec(
    RECORDS,
    (
        REGISTRATION_CODE,
        ORGANIZATION_NAME,
        COMMUNE,
        CODE,
        POLICY,
        ColumnSpec("supported_on", "Ngày hỗ trợ", type="date", required=True, synonyms=("Ngày", "Thời gian hỗ trợ"), width=14),
        ColumnSpec(
            "amount", "Kinh phí hỗ trợ", type="money", unit="đồng", synonyms=("Kinh phí", "Số tiền", "Số tiền hỗ trợ"), width=18
        ),
        ColumnSpec("in_kind", "Hỗ trợ bằng hiện vật", synonyms=("Hiện vật", "Hỗ trợ hiện vật, dịch vụ"), width=24),
        ColumnSpec("content", "Nội dung hỗ trợ", synonyms=("Nội dung",), width=30),
        ColumnSpec(
            "decision_ref",
            "Số quyết định",
            # "Quyết định hỗ trợ" over "Số" | "Ngày" in the lists offices send (imports/tests/corpus).
            synonyms=("Quyết định", "Số văn bản", "Số QĐ", "Quyết định hỗ trợ", "Số quyết định hỗ trợ"),
            width=16,
        ),
        TASK,
    ),
    SupportRecord,
    "Ho tro",
    needed=("policy", "supported_on"),
)

ACTIVITY_SPEC = KindSpec(
    ACTIVITIES,
    (
        CODE,
        ColumnSpec(
            "kind",
            "Loại hoạt động",
            type="choice",
            choices=tuple(ActivityKind.choices),
            required=True,
            synonyms=("Loại",),
            width=24,
        ),
        ColumnSpec("title", "Tên hoạt động", required=True, synonyms=("Tên lớp", "Tên hội nghị", "Hoạt động"), width=36),
        ColumnSpec(
            "started_on", "Ngày bắt đầu", type="date", required=True, synonyms=("Từ ngày", "Ngày tổ chức", "Ngày"), width=14
        ),
        ColumnSpec("ended_on", "Ngày kết thúc", type="date", synonyms=("Đến ngày",), width=14),
        ColumnSpec("commune", "Xã, phường tổ chức", synonyms=COMMUNE.synonyms, width=22),
        ColumnSpec("location", "Địa điểm", width=22),
        ColumnSpec("audience", "Đối tượng", synonyms=("Đối tượng tham dự",), width=24),
        ColumnSpec(
            "participants",
            "Tổng số người tham dự",
            type="int",
            unit="người",
            required=True,
            synonyms=("Số người tham dự", "Tổng số", "Số người"),
            width=12,
        ),
        ColumnSpec(
            "participants_managers", "Cán bộ quản lý HTX", type="int", unit="người", synonyms=("Cán bộ quản lý",), width=12
        ),
        ColumnSpec("participants_members", "Thành viên HTX, THT", type="int", unit="người", synonyms=("Thành viên",), width=12),
        ColumnSpec("participants_officials", "Cán bộ, công chức", type="int", unit="người", synonyms=("Công chức",), width=12),
        ColumnSpec("topics", "Nội dung, chủ đề", synonyms=("Nội dung", "Chủ đề"), width=30),
        ColumnSpec("materials", "Tài liệu", width=24),
        ColumnSpec("cost", "Kinh phí", type="money", unit="đồng", synonyms=("Kinh phí tổ chức",), width=16),
        ColumnSpec("policy", "Chính sách", synonyms=POLICY.synonyms, width=24),
        TASK,
    ),
    Activity,
    "Hoat dong",
    needed=("title", "started_on", "participants"),
)

SPECS = {RECORDS: RECORD_SPEC, ACTIVITIES: ACTIVITY_SPEC}
KIND_LABELS = {RECORDS: gettext_lazy("Bản ghi hỗ trợ"), ACTIVITIES: gettext_lazy("Hoạt động tuyên truyền, đào tạo")}


class _Rollback(Exception):
    pass


def _parse(raw, column: ColumnSpec, scale):
    if column.type == "int":
        return v.parse_integer(raw)
    if column.type == "money":
        return v.parse_integer(raw, scale=scale or 1)
    if column.type == "date":
        return v.parse_date(raw)
    if column.type == "choice":
        return v.parse_choice(raw, column.choices)
    return v.parse_text(raw)


@dataclass
class SheetRow:
    """A row of the file as read: its values by key, its cell errors, the header of each column."""

    sheet: str
    number: int
    values: dict
    errors: list[dict]
    labels: dict
    source: list


def _matched_sheets(spec: KindSpec, book, *, file_name: str, known: dict) -> tuple[list, list[str]]:
    try:
        return select_sheets(spec, book, file_name=file_name, known=known)
    except (ValueError, FileRefused):  # the pipeline's message names the registry's templates: say which columns are needed
        raise FileRefused(
            _("Không tìm thấy dòng tiêu đề của mẫu “%(kind)s” (cần có các cột: %(columns)s). Hãy dùng mẫu tải về từ hệ thống.")
            % {"kind": KIND_LABELS[spec.kind], "columns": ", ".join(spec.column(key).header for key in spec.needed)}
        ) from None


def _row_values(spec: KindSpec, sheet, index: int, columns: list) -> SheetRow:
    row = sheet.rows[index]
    values, errors, labels = {}, [], {}
    for col, column, scale, label in columns:
        labels[column.key] = label
        raw = row[col] if col < len(row) else ""
        if (index, col) in sheet.uncached_formulas:
            errors.append(cell_error(label, _("Ô chứa công thức chưa được tính. Hãy mở bằng Excel, lưu lại rồi gửi.")))
        elif not v.is_blank(raw):
            try:
                values[column.key] = _parse(raw, column, scale)
            except v.CellError as error:
                errors.append(cell_error(label, str(error)))
    for column in spec.columns:
        label = labels.get(column.key, column.header)
        if column.required and column.key not in values and not any(e["column"] == label for e in errors):
            errors.append(cell_error(label, _("Thiếu giá trị bắt buộc.")))
    source = ["" if cell is None else json_value(cell) for cell in row]
    return SheetRow(sheet.name, index + 1, values, errors, labels, source)


def _read(spec: KindSpec, content: bytes, batch) -> tuple[list[SheetRow], list[str], list[dict]]:
    """(rows, notices, sheets as the batch keeps them). Read as the registry's kinds are: the
    layouts confirmed in the author's province (imports.mapping) applied, each sheet's reading
    kept for the preview's column mapping (imports.staging.sheet_layout), and only the records
    under the header taken (totals, section titles and the signature block left out with a notice)."""
    known = remembered(spec.kind, getattr(batch.created_by, "province_id", None))
    book = read_workbook(content, batch.file_name)
    matched, notices = _matched_sheets(spec, book, file_name=batch.file_name, known=known)
    rows, sheets = [], []
    for sheet, header, context in matched:
        sheets.append(sheet_layout(sheet, header, context))
        columns = [
            (index, spec.column(key), header.scales.get(index), header.labels[index])
            for index, key in sorted(header.columns.items())
        ]
        _records, indexes = data_rows(sheet, header, notices)
        rows.extend(_row_values(spec, sheet, index, columns) for index in indexes)
    return rows, notices, sheets


class _Resolver:
    def __init__(self, user):
        self.user = user
        self.organizations = list(organizations_for_recording(user).select_related("commune"))
        self.by_code = {o.registration_code: o for o in self.organizations if o.registration_code}
        self.policies = list(SupportPolicy.objects.all())

    def organization(self, values, labels):
        code = values.get("registration_code")
        if code:
            found = self.by_code.get(code)
            if found is None:
                return None, (
                    labels.get("registration_code", "Mã số HTX"),
                    _("Không có tổ chức mã số %(code)s trong địa bàn bạn phụ trách.") % {"code": code},
                )
            return found, None
        name = search_key(values.get("organization_name"))
        if not name:
            return None, (labels.get("organization_name", "Tên tổ chức"), _("Thiếu mã số HTX hoặc tên tổ chức."))
        matches = [o for o in self.organizations if search_key(o.name) == name]
        commune = search_key(values.get("commune"))
        if len(matches) > 1 and commune:
            matches = [o for o in matches if commune in search_key(o.commune.full_name)]
        if len(matches) != 1:
            message = (
                _("Không tìm thấy tổ chức “%(name)s” trong địa bàn bạn phụ trách.")
                if not matches
                else _("Có nhiều tổ chức tên “%(name)s”: hãy ghi mã số HTX.")
            )
            return None, (labels.get("organization_name", "Tên tổ chức"), message % {"name": values.get("organization_name")})
        return matches[0], None

    def policy(self, text, labels):
        key = search_key(text)
        found = [p for p in self.policies if p.code == str(text).strip() or search_key(p.name) == key]
        if len(found) != 1:
            return None, (
                labels.get("policy", "Chính sách"),
                _("Không tìm thấy chính sách “%(text)s”: ghi mã chính sách (ví dụ qnam-nq25-dao-tao) hoặc tên đúng như danh mục.")
                % {"text": text},
            )
        return found[0], None

    def task(self, number, day, labels):
        from programs.models import Task

        tasks = Task.objects.filter(number=str(number).strip())
        if day:
            tasks = tasks.filter(program__start_date__lte=day, program__end_date__gte=day)
        tasks = list(tasks[:2])
        if len(tasks) != 1:
            return None, (
                labels.get("task", "Nhiệm vụ"),
                _("Không xác định được nhiệm vụ số “%(n)s” của chương trình hành động đang thực hiện vào ngày đó.")
                % {"n": number},
            )
        return tasks[0], None

    def commune(self, text, labels):
        from support.forms import current_communes

        key = search_key(text)
        found = [c for c in current_communes(self.user.province_id) if key in (c.name_key, search_key(c.full_name))]
        if len(found) != 1:
            return None, (labels.get("commune", "Xã, phường"), _("Không tìm thấy xã, phường “%(text)s”.") % {"text": text})
        return found[0], None


def _errors_of(error: ValidationError, spec: KindSpec, labels: dict) -> list[dict]:
    if not hasattr(error, "error_dict"):
        return [cell_error("", message) for message in error.messages]
    found = []
    for name, errors in error.error_dict.items():
        column = labels.get(name) or next((c.label for c in spec.columns if c.key == name), "")
        if name == "organization":
            column = labels.get("registration_code") or labels.get("organization_name", "")
        found.extend(cell_error(column, message) for e in errors for message in e.messages)
    return found


SAME_FIELDS = {
    RECORDS: ("organization_id", "policy_id", "supported_on", "amount", "in_kind", "content", "decision_ref", "task_id"),
    ACTIVITIES: (
        "kind",
        "title",
        "started_on",
        "ended_on",
        "commune_id",
        "location",
        "audience",
        "participants",
        "participants_managers",
        "participants_members",
        "participants_officials",
        "topics",
        "materials",
        "cost",
        "policy_id",
        "task_id",
    ),
}


#: The values of a row that name another record (looked up, not stored as they are).
LOOKUP_KEYS = ("registration_code", "organization_name", "commune", "policy", "task")


@dataclass
class Outcome:
    """What a row does: its action, errors, the record saved (None unless created or updated),
    the changed fields {field: [old, new]} (JSON values) and the version it had before."""

    action: str
    errors: list[dict] = field(default_factory=list)
    saved: object = None
    diff: dict = field(default_factory=dict)
    target_id: int | None = None
    target_version: int | None = None


def _lookups(kind: str, resolver: _Resolver, values: dict, labels: dict) -> tuple[dict, list[dict]]:
    """The records a row names (organization, policy, task, commune) and what could not be found."""
    found, problems = {}, []
    day = values.get("supported_on") or values.get("started_on")
    wanted = [
        ("organization", kind == RECORDS, lambda: resolver.organization(values, labels)),
        ("policy", bool(values.get("policy")), lambda: resolver.policy(values.get("policy"), labels)),
        ("task", bool(values.get("task")), lambda: resolver.task(values.get("task"), day, labels)),
        ("commune", kind == ACTIVITIES and bool(values.get("commune")), lambda: resolver.commune(values.get("commune"), labels)),
    ]
    for name, needed, look in wanted:
        if needed:
            found[name], problem = look()
            problems += [cell_error(*problem)] if problem else []
    return found, problems


def _built(kind: str, values: dict, lookups: dict):
    plain = {key: value for key, value in values.items() if key not in LOOKUP_KEYS}
    if kind == RECORDS:
        instance = SupportRecord(**plain, **lookups)
        instance.amount = instance.amount or 0
        return instance
    instance = Activity(**plain, **lookups)
    for name in ("participants_managers", "participants_members", "participants_officials", "cost"):
        setattr(instance, name, getattr(instance, name) or 0)
    return instance


def _merged(kind: str, existing, instance) -> dict:
    """Give `existing` the row's values; returns {field: [old, new]} of those that changed."""
    diff = {}
    for name in SAME_FIELDS[kind]:
        old, new = getattr(existing, name), getattr(instance, name)
        if old != new:
            diff[name] = [json_value(old), json_value(new)]
        setattr(existing, name, new)
    return diff


def _stage_row(kind: str, resolver: _Resolver, values: dict, labels: dict, user, reason: str = "") -> Outcome:
    """Build, match and save one row (the caller rolls back a preview)."""
    lookups, problems = _lookups(kind, resolver, values, labels)
    if problems:
        return Outcome(RowAction.REJECT, problems)
    instance = _built(kind, values, lookups)
    existing = _existing(kind, instance, user)
    outcome = Outcome(RowAction.CREATE)
    if existing is not None:
        outcome = Outcome(RowAction.UPDATE, target_id=existing.pk, target_version=existing.version)
        outcome.diff = _merged(kind, existing, instance)
        if not outcome.diff:
            return Outcome(RowAction.UNCHANGED, target_id=existing.pk, target_version=existing.version)
        instance = existing
    if reason:
        instance._change_reason = reason
    expected = instance.version if outcome.action == RowAction.UPDATE else None
    if kind == RECORDS:
        services.support_record_save(actor=user, record=instance, expected_version=expected)
    else:
        services.activity_save(actor=user, activity=instance, expected_version=expected)
    outcome.saved = instance
    return outcome


def _guarded(kind: str, resolver: _Resolver, row: SheetRow, user, reason: str = "") -> Outcome:
    """`_stage_row` in a savepoint: a row the services refuse is a rejected row, not an error."""
    spec = SPECS[kind]
    try:
        with transaction.atomic():
            return _stage_row(kind, resolver, row.values, row.labels, user, reason)
    except ValidationError as error:
        return Outcome(RowAction.REJECT, _errors_of(error, spec, row.labels))
    except PermissionDenied as error:
        return Outcome(RowAction.REJECT, [cell_error("", str(error))])


def _existing(kind: str, instance, user):
    model = type(instance)
    if instance.code:
        return model.objects.filter(code=instance.code).first()
    if kind == RECORDS:
        return SupportRecord.objects.filter(
            organization=instance.organization, policy=instance.policy, supported_on=instance.supported_on, amount=instance.amount
        ).first()
    return Activity.objects.filter(
        Q(agency_id=user.agency_id), kind=instance.kind, title=instance.title, started_on=instance.started_on
    ).first()


def _duplicate_code(row: SheetRow, seen: dict) -> list[dict]:
    """The error of a row whose "Số hiệu" an earlier row of the file already gave."""
    code = row.values.get("code")
    if row.errors or not code:
        return row.errors
    first = seen.setdefault(code, row.number)
    if first == row.number:
        return []
    return [cell_error(row.labels.get("code", "Số hiệu"), _("Số hiệu trùng với dòng %(row)s.") % {"row": first})]


def _data(row: SheetRow) -> dict:
    """The row's values as the batch keeps them, with the header of each column and a label for the preview."""
    named = ("code", "registration_code", "organization_name", "title", "policy", "supported_on", "started_on")
    label = " · ".join(str(row.values[key]) for key in named if row.values.get(key))
    return {key: json_value(value) for key, value in row.values.items()} | {"_labels": row.labels, "_label": label[:200]}


def _values(kind: str, data: dict) -> dict:
    """A staged row's JSON values back to Python values (dates)."""
    dates = {column.key for column in SPECS[kind].columns if column.type == "date"}
    return {key: dt.date.fromisoformat(value) if key in dates and value else value for key, value in data.items()}


def _check_can_record(user) -> None:
    if not permissions.can_record(user):
        raise PermissionDenied(_("Tài khoản của bạn chưa gắn với cơ quan nên không thể nhập dữ liệu hỗ trợ."))


def _previewed(kind: str, resolver: _Resolver, row: SheetRow, user) -> Outcome:
    """`_guarded` in a transaction of its own, always rolled back: the preview writes nothing, and
    the progress written between rows is seen by the page polling it."""
    outcomes = []
    try:
        with transaction.atomic():
            outcomes.append(_guarded(kind, resolver, row, user))
            raise _Rollback
    except _Rollback:
        pass
    return outcomes[0]


def stage(*, batch, content: bytes, progress=None) -> StageResult:
    """imports.foreign.KindStage: every row staged with the services, each in a transaction rolled back."""
    kind, user = batch.kind, batch.created_by
    rows, notices, sheets = _read(SPECS[kind], content, batch)
    batch.file_format = batch.file_name.rsplit(".", 1)[-1].lower()[:8] if "." in batch.file_name else ""
    resolver, seen, result = _Resolver(user), {}, []
    report = progress or (lambda **counts: None)
    report(read=len(rows), total=len(rows))
    for done, row in enumerate(rows, start=1):
        errors = _duplicate_code(row, seen)
        outcome = Outcome(RowAction.REJECT, errors) if errors else _previewed(kind, resolver, row, user)
        extra = {"errors": outcome.errors, "diff": outcome.diff, "target_id": outcome.target_id}
        extra |= {"target_version": outcome.target_version, "source": row.source if outcome.errors else []}
        result.append(staged(row.sheet, row.number, outcome.action, _data(row), **extra))
        report(validated=done)
    return StageResult(rows=result, new_rows=[], notices=notices, sheets=sheets, total=len(rows))


def commit(*, actor, batch, rows: list, reason: str) -> int:
    """imports.foreign.KindCommit: each staged row validated and written again by the services,
    as `actor`; a row that is no longer valid, or whose record changed since the preview, refuses
    the whole commit (the caller's transaction)."""
    _check_can_record(actor)
    kind, resolver, written = batch.kind, _Resolver(actor), 0
    for row in rows:
        data = {key: value for key, value in row.data.items() if not key.startswith("_")}
        sheet_row = SheetRow(row.sheet, row.row_number, _values(kind, data), [], row.data.get("_labels") or {}, [])
        outcome = _guarded(kind, resolver, sheet_row, actor, reason)
        if outcome.action == RowAction.REJECT:
            raise row_refused(row, [e["message"] for e in outcome.errors])
        if outcome.action == RowAction.UPDATE and outcome.target_version != row.target_version:
            raise row_refused(row, [_("bản ghi đã bị người khác sửa sau khi xem trước. Hãy tải tệp lên lại.")])
        if outcome.saved is None:
            continue  # the same values were written by someone else since the preview
        row.target_id, row.result_version, row.diff = outcome.saved.pk, outcome.saved.version, outcome.diff
        row.result = "created" if outcome.action == RowAction.CREATE else "updated"
        written += 1
    return written


def template_bytes(kind: str) -> bytes:
    spec = SPECS[kind]
    policies = SupportPolicy.objects.order_by("code")
    return workbook_bytes(
        [
            Sheet(spec.sheet_name, [Column(c.header, width=c.width, unit=c.unit) for c in spec.columns], []),
            Sheet(
                "Danh muc",
                [Column(_("Mã chính sách"), width=28), Column(_("Tên chính sách"), width=60), Column(_("Áp dụng"), width=26)],
                [(p.code, p.name, p.period_label) for p in policies],
            ),
        ]
    )

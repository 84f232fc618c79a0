"""Excel import of support records and activities, on the project's import machinery.

The `imports` app reads the workbook (xlsx/xls/ods/csv, size and formula checks), finds the header
row among messy titles and merged cells, and parses Vietnamese numbers and dates; this module
declares the two kinds' columns with its `ColumnSpec`/`KindSpec` and validates each row with the
support services themselves. The preview and commit steps live here; a commit is recorded as an
import batch (imports.foreign) that the batch pages show and undo (support.import_batches).

Preview and commit run the same code in one transaction; the preview always rolls back, and the
commit writes only when every row is valid: nothing is ever half-written. Rows are matched by
their "Số hiệu" (or, without one, by organization + policy + date + amount, and for activities by
agency + kind + title + date), so re-importing the same file changes nothing.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.text import search_key
from imports import values as v
from imports.foreign import Written, batch_close, batch_open
from imports.headers import is_total_row
from imports.kinds import ImportKind
from imports.models import ImportBatch
from imports.reader import FileRefused, read_workbook
from imports.services import commit_reason, file_facts
from imports.specs import COMMUNE, ORGANIZATION_NAME, REGISTRATION_CODE, ColumnSpec, KindSpec
from imports.staging import select_sheets
from imports.values import json_value
from reports.xlsx import Column, Sheet, workbook_bytes
from support import services
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
        ColumnSpec("decision_ref", "Số quyết định", synonyms=("Quyết định", "Số văn bản", "Số QĐ"), width=16),
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
KIND_LABELS = {RECORDS: _("Bản ghi hỗ trợ"), ACTIVITIES: _("Hoạt động tuyên truyền, đào tạo")}


@dataclass
class RowOutcome:
    sheet: str
    number: int
    action: str  # create | update | unchanged | reject
    label: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)


@dataclass
class ImportResult:
    kind: str
    rows: list[RowOutcome]
    notices: list[str]
    committed: bool = False
    #: The import batch the commit recorded (imports.foreign): its page shows and undoes it.
    batch: ImportBatch | None = None

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def rejected(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == "reject"]


class _Rollback(Exception):
    pass


def file_key(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _parse(spec: KindSpec, raw, column: ColumnSpec, scale):
    if column.type == "int":
        return v.parse_integer(raw)
    if column.type == "money":
        return v.parse_integer(raw, scale=scale or 1)
    if column.type == "date":
        return v.parse_date(raw)
    if column.type == "choice":
        return v.parse_choice(raw, column.choices)
    return v.parse_text(raw)


def _read(spec: KindSpec, content: bytes, file_name: str) -> tuple[list, list[str]]:
    """(rows, notices): each row is (sheet, number, values, errors, header labels by key)."""
    book = read_workbook(content, file_name)
    try:
        matched, notices = select_sheets(spec, book)
    except (ValueError, FileRefused):  # the pipeline's message names the registry's templates: say which columns are needed
        raise FileRefused(
            _("Không tìm thấy dòng tiêu đề của mẫu “%(kind)s” (cần có các cột: %(columns)s). Hãy dùng mẫu tải về từ hệ thống.")
            % {"kind": KIND_LABELS[spec.kind], "columns": ", ".join(spec.column(key).header for key in spec.needed)}
        )
    rows = []
    for sheet, header, _context in matched:
        columns = [
            (index, spec.column(key), header.scales.get(index), header.labels[index])
            for index, key in sorted(header.columns.items())
        ]
        for index in range(header.data_start, len(sheet.rows)):
            row = sheet.rows[index]
            if not any(cell not in ("", None) for cell in row):
                continue
            if is_total_row(row):
                notices.append(
                    _("Trang “%(sheet)s”, dòng %(row)s là dòng tổng cộng nên không được nhập.")
                    % {"sheet": sheet.name, "row": index + 1}
                )
                continue
            values, errors, labels = {}, [], {}
            for col, column, scale, label in columns:
                labels[column.key] = label
                raw = row[col] if col < len(row) else ""
                if (index, col) in sheet.uncached_formulas:
                    errors.append((label, _("Ô chứa công thức chưa được tính. Hãy mở bằng Excel, lưu lại rồi gửi.")))
                elif not v.is_blank(raw):
                    try:
                        values[column.key] = _parse(spec, raw, column, scale)
                    except v.CellError as error:
                        errors.append((label, str(error)))
            for column in spec.columns:
                if (
                    column.required
                    and column.key not in values
                    and not any(label == labels.get(column.key) for label, _m in errors)
                ):
                    errors.append((labels.get(column.key, column.header), _("Thiếu giá trị bắt buộc.")))
            rows.append((sheet.name, index + 1, values, errors, labels))
    return rows, notices


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


def _errors_of(error: ValidationError, spec: KindSpec, labels: dict) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    found = []
    for name, errors in error.error_dict.items():
        column = labels.get(name) or next((c.label for c in spec.columns if c.key == name), "")
        if name == "organization":
            column = labels.get("registration_code") or labels.get("organization_name", "")
        found.extend((column, message) for e in errors for message in e.messages)
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


def _stage_row(kind: str, resolver: _Resolver, values: dict, labels: dict, user, reason: str = "") -> tuple:
    """Build, match and save one row; returns (action, label, errors, the record saved or None,
    the previous values of the fields an update changed: {field: [old, new]} as JSON values)."""
    errors, lookups = [], {}
    day = values.get("supported_on") or values.get("started_on")
    if kind == RECORDS:
        lookups["organization"], problem = resolver.organization(values, labels)
        errors += [problem] if problem else []
    if values.get("policy"):
        lookups["policy"], problem = resolver.policy(values["policy"], labels)
        errors += [problem] if problem else []
    if values.get("task"):
        lookups["task"], problem = resolver.task(values["task"], day, labels)
        errors += [problem] if problem else []
    if kind == ACTIVITIES and values.get("commune"):
        lookups["commune"], problem = resolver.commune(values["commune"], labels)
        errors += [problem] if problem else []
    if errors:
        return "reject", "", errors, None, {}
    plain = {
        k: val for k, val in values.items() if k not in ("registration_code", "organization_name", "commune", "policy", "task")
    }
    model = SupportRecord if kind == RECORDS else Activity
    instance = model(**plain, **lookups)
    if kind == RECORDS:
        instance.amount = instance.amount or 0
    else:
        for name in ("participants_managers", "participants_members", "participants_officials", "cost"):
            setattr(instance, name, getattr(instance, name) or 0)
    existing = _existing(kind, instance, user)
    diff = {}
    if existing is not None:
        if all(getattr(existing, name) == getattr(instance, name) for name in SAME_FIELDS[kind]):
            return "unchanged", str(existing), [], None, {}
        for name in SAME_FIELDS[kind]:
            old, new = getattr(existing, name), getattr(instance, name)
            if old != new:
                diff[name] = [json_value(old), json_value(new)]
            setattr(existing, name, new)
        instance, action = existing, "update"
    else:
        action = "create"
    if reason:
        instance._change_reason = reason
    if kind == RECORDS:
        services.support_record_save(
            actor=user, record=instance, expected_version=instance.version if action == "update" else None
        )
    else:
        services.activity_save(actor=user, activity=instance, expected_version=instance.version if action == "update" else None)
    return action, str(instance), [], instance, diff


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


def run(*, kind: str, content: bytes, file_name: str, user, commit: bool) -> ImportResult:
    """Validate every row with the services; write them only if `commit` and all rows are valid."""
    from support import permissions

    if not permissions.can_record(user):
        raise PermissionDenied(_("Tài khoản của bạn chưa gắn với cơ quan nên không thể nhập dữ liệu hỗ trợ."))
    spec = SPECS[kind]
    rows, notices = _read(spec, content, file_name)
    resolver = _Resolver(user)
    outcomes: list[RowOutcome] = []
    keys_seen: dict = {}
    written: list[Written] = []
    try:
        with transaction.atomic():
            # Opened first so that the history of every record written names it (rolled back with the rest).
            batch = batch_open(actor=user, kind=kind, **file_facts(content, file_name)) if commit else None
            reason = commit_reason(batch) if batch else ""
            for sheet, number, values, errors, labels in rows:
                if not errors and values.get("code"):
                    if values["code"] in keys_seen:
                        errors = [
                            (
                                labels.get("code", "Số hiệu"),
                                _("Số hiệu trùng với dòng %(row)s.") % {"row": keys_seen[values["code"]]},
                            )
                        ]
                    keys_seen.setdefault(values["code"], number)
                if errors:
                    outcomes.append(RowOutcome(sheet, number, "reject", errors=errors))
                    continue
                saved, diff = None, {}
                try:
                    with transaction.atomic():
                        action, label, problems, saved, diff = _stage_row(kind, resolver, values, labels, user, reason)
                except ValidationError as error:
                    action, label, problems = "reject", "", _errors_of(error, spec, labels)
                except PermissionDenied as error:
                    action, label, problems = "reject", "", [("", str(error))]
                outcomes.append(RowOutcome(sheet, number, action, label, problems))
                if saved is not None and action in ("create", "update"):
                    written.append(Written(sheet, number, saved.pk, saved.version, action == "create", diff))
            if not commit or any(o.action == "reject" for o in outcomes):
                raise _Rollback
            result = ImportResult(kind, outcomes, notices, committed=True)
            result.batch = batch_close(
                batch=batch, written=written, total=len(outcomes), unchanged=result.count("unchanged"), notices=notices
            )
    except _Rollback:
        return ImportResult(kind, outcomes, notices, committed=False)
    return result


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


def errors_workbook(result: ImportResult) -> bytes:
    rows = [(row.sheet, row.number, column, message) for row in result.rejected for column, message in row.errors]
    return workbook_bytes(
        [
            Sheet(
                _("Loi"),
                [
                    Column(_("Trang"), width=16),
                    Column(_("Dòng"), "int", 8),
                    Column(_("Cột"), width=24),
                    Column(_("Lỗi"), width=90),
                ],
                rows,
                title=_("Các dòng không nhập được"),
            )
        ]
    )

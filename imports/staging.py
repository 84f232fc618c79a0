"""Parse → validate → compare: turn a workbook into staged rows (nothing is written to the registry).

Each row ends up as CREATE, UPDATE, UNCHANGED, REJECT (with sheet/row/column and a Vietnamese
reason) or REVIEW (a probable duplicate a person must decide on). Validation is the registry's
own: the models' `full_clean` (organizations, members), the report rules of `registry.rules` with
the fields' own validators (annual reports, which come by the ten thousand),
`registry.services.validate_commune` and `registry.permissions`; this module only feeds them and
collects the answers.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import repeat
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bulk import among
from core.fieldcheck import FieldChecker
from core.text import search_key
from imports.columns import BLANK, Refused, parse_column
from imports.context import SheetContext, sheet_context, with_title_facts
from imports.headers import HeaderMatch, find_header, row_role
from imports.kinds import UPLOAD_KINDS
from imports.mapping import apply_columns, check_columns, layout_key, remembered
from imports.models import RowAction
from imports.reader import FileRefused, RawSheet, RawWorkbook
from imports.specs import KINDS, ImportKind, KindSpec
from imports.units import UnitError, UnitResolver
from imports.values import json_value
from registry import permissions, rules
from registry.models import AnnualReport, Field, Member, Organization, OrganizationKind, Status
from registry.selectors import organizations_visible_to
from registry.services import REPORT_LABELS, validate_commune, validate_organization

PROGRESS_EVERY = 1000
HELPER_SHEETS = {"huong dan", "danh muc"}
#: Columns that find a row's organization when it has no registration code.
NAMES_AND_ADDRESSES = frozenset({"organization_name", "commune", "district", "province"})


@dataclass(slots=True)
class ParsedRow:
    sheet: str
    number: int  # 1-based, as Excel shows it
    values: dict  # spec key → parsed value (only columns present and non-blank)
    errors: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # the row as read (returned as is for rejected rows)
    present: set = field(default_factory=set)  # keys of the columns the sheet has

    @property
    def source(self) -> list:
        return [_json_cell(cell) for cell in self.cells]


@dataclass(slots=True)
class ParsedSheet:
    """A sheet's data rows, parsed. When every cell gave a value, `columns` holds them column by
    column (key → a value per row) for checks a column at a time, and a row becomes a ParsedRow
    only when something needs one (`item`); otherwise `rows` holds a ParsedRow per row, with its
    errors."""

    name: str
    numbers: list[int]  # each row's number, 1-based as Excel shows it
    cells: list[list]  # the rows as read
    present: set  # keys of the columns the sheet has
    columns: dict[str, list] | None = None
    rows: list[ParsedRow] | None = None
    #: Columns read only when a row is asked for (`item`): key → reader of the row's cell.
    deferred: dict[str, Callable] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.numbers)

    def item(self, position: int) -> ParsedRow:
        if self.rows is not None:
            return self.rows[position]
        values = {key: column[position] for key, column in self.columns.items()}
        for key, read in self.deferred.items():
            value = read(self.cells[position])
            if value is not BLANK and type(value) is not Refused:
                values[key] = value
        return ParsedRow(self.name, self.numbers[position], values, [], self.cells[position], self.present)

    def items(self) -> Iterator[ParsedRow]:
        return iter(self.rows) if self.rows is not None else map(self.item, range(len(self)))


@dataclass(slots=True)
class NewRows:
    """Rows of one sheet that each create a record and need nobody's attention (no warning, no
    decision): their data's keys, and per key a column of the rows' values (as StagedRow.data)."""

    sheet: str
    keys: list[str]
    columns: list[list]
    row_numbers: list[int]


@dataclass(slots=True)
class StagedRow:
    """What one row of the file will do; `imports.services` stores it as an ImportRow."""

    sheet: str
    row_number: int
    action: str
    data: dict
    diff: dict
    errors: list
    warnings: list
    source: list
    target_id: int | None
    target_version: int | None
    duplicate_of: int | None


@dataclass
class StageResult:
    rows: list[StagedRow]
    new_rows: list[NewRows]  # plain new rows a sheet's columns gave at once (not also in `rows`)
    notices: list[str]
    sheets: list[dict]
    total: int
    organizations_missing: int = 0  # named by report rows, not in the registry, not (yet) to be created


def _json_cell(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _error(column: str, message: str) -> dict:
    return {"column": column, "message": str(message)}


def _implied(spec: KindSpec, context: SheetContext) -> frozenset:
    """The needed columns a sheet may lack because its title block gives them."""
    implied = set()
    if context.year and any(column.key == "year" for column in spec.columns):
        implied.add("year")
    if context.commune and any(column.key == "commune" for column in spec.columns):
        implied.add("commune")
    return frozenset(implied)


def select_sheets(
    spec: KindSpec, book: RawWorkbook, *, file_name: str = "", year: int | None = None, known: dict | None = None
) -> tuple[list[tuple[RawSheet, HeaderMatch, SheetContext]], list[str]]:
    """The sheets holding `spec`'s data, each with its header and context. `known`: the layouts
    people confirmed (imports.mapping.remembered), read as they said rather than as matched."""
    notices, matched = [], []
    for sheet in book.sheets:
        if search_key(sheet.name) in HELPER_SHEETS:
            continue  # the templates' own instructions and lists
        if sheet.hidden:
            notices.append(_("Trang ẩn “%(sheet)s” không được nhập (hãy bỏ ẩn nếu cần nhập).") % {"sheet": sheet.name})
            continue
        context = sheet_context(sheet.rows, file_name=file_name, year=year)
        header = find_header(spec, sheet.rows, sheet.merged, _implied(spec, context))
        if header is None:
            if any(any(cell not in ("", None) for cell in row) for row in sheet.rows[:50]):
                notices.append(_("Trang “%(sheet)s” không có dòng tiêu đề phù hợp nên được bỏ qua.") % {"sheet": sheet.name})
            continue
        columns = (known or {}).get(layout_key(header.texts))
        if columns is not None:
            picked = {int(index): key for index, key in columns.items()}
            if not check_columns(spec, picked, _implied(spec, context)):
                apply_columns(spec, header, picked, sheet.rows)
        matched.append((sheet, header, with_title_facts(context, sheet.rows, header.row)))
    if not matched:
        guess = next(
            (
                other
                for other_kind, other in KINDS.items()
                if other_kind != spec.kind and any(find_header(other, s.rows, s.merged) for s in book.sheets if not s.hidden)
            ),
            None,
        )
        if guess is not None:
            raise FileRefused(
                _("Tệp này là mẫu “%(found)s”, không phải mẫu “%(expected)s”. Hãy chọn đúng loại dữ liệu khi tải lên.")
                % {"found": ImportKind(guess.kind).label, "expected": ImportKind(spec.kind).label}
            )
        raise FileRefused(
            _(
                "Không tìm thấy dòng tiêu đề của mẫu “%(expected)s” (cần có các cột: %(columns)s). Hãy dùng mẫu tải về từ hệ thống."
            )
            % {
                "expected": ImportKind(spec.kind).label,
                "columns": ", ".join(spec.column(key).header for key in spec.needed),
            }
        )
    return matched, notices


#: Columns that say which organization a row is about (every kind has them): no evidence of a kind.
_SHARED_KEYS = frozenset({"registration_code", "organization_name", "name", "commune", "district", "province", "address"})


def detect_kind(book: RawWorkbook, *, file_name: str = "", year: int | None = None) -> str | None:
    """The upload kind whose header the workbook's sheets match best (by the columns only that
    kind has: figures for reports, members' identities, registry facts); None when none matches."""
    best, best_score = None, 0
    for kind in UPLOAD_KINDS:
        spec = KINDS[kind]
        score = 0
        for sheet in book.sheets:
            if sheet.hidden or search_key(sheet.name) in HELPER_SHEETS:
                continue
            context = sheet_context(sheet.rows, file_name=file_name, year=year)
            header = find_header(spec, sheet.rows, sheet.merged, _implied(spec, context))
            if header is not None:
                score += len(set(header.columns.values()) - _SHARED_KEYS)
        if score > best_score:
            best, best_score = kind, score
    return best


def parse_rows(
    spec: KindSpec,
    book: RawWorkbook,
    progress: Callable | None = None,
    *,
    units: UnitResolver | None = None,
    file_name: str = "",
    year: int | None = None,
    known: dict | None = None,
):
    """The ParsedSheets of every matching sheet, with the notices and the sheet layouts."""
    matched, notices = select_sheets(spec, book, file_name=file_name, year=year, known=known)
    layouts, parsed_sheets = [], []
    done = 0
    for sheet, header, context in matched:
        _address_as_commune(spec, sheet, header, context, units or UnitResolver())
        present = set(header.columns.values())
        implied = _implied_values(spec, context, present)
        present.update(implied)
        _refuse_unidentified(spec, sheet, present)
        layouts.append(sheet_layout(sheet, header, context))
        rows, numbers = data_rows(sheet, header, notices)
        parsed = _parsed_sheet(spec, sheet, header, rows, numbers, present, progress, done=done)
        _add_implied(parsed, implied)
        parsed_sheets.append(parsed)
        done += len(rows)
    return parsed_sheets, notices, layouts


def _refuse_unidentified(spec: KindSpec, sheet: RawSheet, present: set) -> None:
    """A sheet of members or reports must say whose they are: a code, or a name and a commune."""
    if spec.kind == ImportKind.ORGANIZATIONS or "registration_code" in present or {"organization_name", "commune"} <= present:
        return
    raise FileRefused(
        _(
            "Trang “%(sheet)s” thiếu cột “Mã số HTX” (hoặc cả hai cột “Tên tổ chức” và “Xã, phường”) để biết dòng thuộc tổ chức nào."
        )
        % {"sheet": sheet.name}
    )


def sheet_layout(sheet: RawSheet, header: HeaderMatch, context: SheetContext) -> dict:
    """What the preview shows of a sheet's reading (and the mapping remembers): its header row,
    each column's field, confidence and sample values, the context its title block gave. Kept by
    the registry's kinds here and by the stages of other apps' kinds that read sheets with the same
    header matching (support.xlsx_import), so one mapping table serves them all."""
    width = max((len(row) for row in sheet.rows[header.row : header.row + 1]), default=0)
    return {
        "name": sheet.name,
        "header_row": header.row + 1,
        "headers": [str(cell) if cell not in (None, "") else "" for cell in (sheet.rows[header.row] + [""] * width)[:width]],
        "labels": {str(index): label for index, label in header.labels.items()},
        "columns": {str(index): key for index, key in header.columns.items()},
        "confidence": {str(index): score for index, score in header.confidence.items()},
        "skipped": {str(index): label for index, label in header.skipped.items()},
        "context": context.as_json(),
        "texts": header.texts,
        "layout": layout_key(header.texts),
        "remembered": header.remembered,
        "samples": _samples(sheet.rows, header),
    }


#: The notice for a row under the header that is not a record, by its role (headers.row_role).
_ROLE_NOTICES = {
    "total": gettext_lazy("Trang “%(sheet)s”, dòng %(row)s là dòng tổng cộng nên không được nhập."),
    "section": gettext_lazy("Trang “%(sheet)s”, dòng %(row)s là dòng tiêu đề nhóm nên không được nhập."),
    "signature": gettext_lazy("Trang “%(sheet)s”: từ dòng %(row)s là phần ký tên dưới bảng nên không được nhập."),
}


def data_rows(sheet: RawSheet, header: HeaderMatch, notices: list) -> tuple[list, list]:
    """The records under the header and their 0-based indexes: empty rows skipped, totals and
    section titles skipped with a notice, everything from the signature block on left out."""
    rows, numbers = [], []
    for index in range(header.data_start, len(sheet.rows)):
        row = sheet.rows[index]
        # Empty: every cell "" or None (looked at only when the first cell is: most rows start
        # with a number or a code).
        if (not row or row[0] == "" or row[0] is None) and row.count("") + row.count(None) == len(row):
            continue
        role = row_role(row)
        if role is None:
            rows.append(row)
            numbers.append(index)
            continue
        notices.append(str(_ROLE_NOTICES[role]) % {"sheet": sheet.name, "row": index + 1})
        if role == "signature":
            break
    return rows, numbers


SAMPLES = 3


def _samples(rows: list[list], header: HeaderMatch) -> dict[str, list]:
    """The first few values of each column, for the person checking the mapping."""
    samples: dict[str, list] = {str(index): [] for index, text in enumerate(header.texts) if text}
    for row in rows[header.data_start : header.data_start + 20]:
        if row_role(row):
            continue
        for index, found in samples.items():
            cell = row[int(index)] if int(index) < len(row) else ""
            if cell not in ("", None) and len(found) < SAMPLES:
                found.append(_json_cell(cell))
    return samples


#: Share of an address column's values that must be commune names for it to be read as the commune.
COMMUNE_SHARE = 0.8
COMMUNE_SAMPLE = 20


def _address_as_commune(spec: KindSpec, sheet: RawSheet, header: HeaderMatch, context: SheetContext, units) -> None:
    """ "Địa chỉ (xã, phường)" holding "X. Điện Hòa", "P. Điện An": read as the commune column when
    the sheet has none and its first values are (nearly all) commune names the resolver finds."""
    keys = set(header.columns.values())
    if header.remembered or context.commune or "commune" in keys or not any(c.key == "commune" for c in spec.columns):
        return  # the title names the commune, or a commune column is there: the address is an address
    index = _address_column(header)
    if index is None:
        return
    sample = []
    for row in sheet.rows[header.data_start :]:
        if len(sample) == COMMUNE_SAMPLE:
            break
        cell = row[index] if index < len(row) else ""
        if isinstance(cell, str) and cell.strip() and not row_role(row):
            sample.append(cell)
    found = 0
    for text in sample:
        try:
            units.commune(text, parent_text=context.district)
            found += 1
        except UnitError:
            pass
    if sample and found >= COMMUNE_SHARE * len(sample):
        header.columns[index] = "commune"
        if index in header.skipped:
            header.labels[index] = header.skipped.pop(index)


def _address_column(header: HeaderMatch) -> int | None:
    """The address column: matched as such (organizations), or left unmatched by a kind without
    one (reports, members) under a header starting "Địa chỉ"."""
    found = next((index for index, key in header.columns.items() if key == "address"), None)
    if found is None:
        found = next((index for index, label in header.skipped.items() if search_key(label).startswith("dia chi")), None)
    return found


def _implied_values(spec: KindSpec, context: SheetContext, present: set) -> dict:
    """Values the title block gives every row of a sheet lacking their column: the report year,
    the commune of a commune's own list, the district that narrows bare commune names."""
    keys = {column.key for column in spec.columns}
    values = {}
    if "year" in keys and "year" not in present and context.year:
        values["year"] = context.year
    if "commune" in keys and "commune" not in present and context.commune:
        values["commune"] = context.commune
    if "district" in keys and "district" not in present and context.district:
        values["district"] = context.district
    if spec.kind == ImportKind.ORGANIZATIONS and "kind" not in present and context.kind:
        values["kind"] = context.kind
    if spec.kind == ImportKind.ANNUAL_REPORTS and context.kind:
        values["organization_kind"] = context.kind  # of the organizations a summary may create
    if "registration_code" in keys and not present & {"registration_code", "organization_name"} and context.registration_code:
        values["registration_code"] = context.registration_code
    return values


def _add_implied(sheet: ParsedSheet, implied: dict) -> None:
    if sheet.columns is not None:
        for key, value in implied.items():
            sheet.columns[key] = [value] * len(sheet)
    else:
        for item in sheet.rows:
            for key, value in implied.items():
                item.values.setdefault(key, value)


def _parsed_sheet(spec, sheet: RawSheet, header: HeaderMatch, rows: list, numbers: list, present: set, progress, *, done: int):
    """A sheet's data rows (`numbers`: their 0-based indexes) parsed column by column
    (imports.columns): kept as columns when every cell gave a value, else a ParsedRow per row
    with its errors in the order of the columns, as a person reads the row."""
    cells_of = _column_reader(rows)
    parsed, plain, deferred = _parse_columns(spec, header, cells_of)
    result = ParsedSheet(sheet.name, [index + 1 for index in numbers], rows, present)
    columns = [(index, key) for index, key in sorted(header.columns.items()) if index in parsed]
    if plain:
        result.columns = {key: parsed[index] for index, key in columns}
        result.deferred = deferred
        if progress:
            progress(read=done + len(rows))
        return result
    result.rows = _rows_with_errors(sheet, header, columns, parsed, numbers, rows, present, progress, done=done)
    return result


def _column_reader(rows: list) -> Callable[[int], list]:
    ragged = len(set(map(len, rows))) > 1

    def cells_of(index: int) -> list:
        if ragged:  # short rows end with empty cells
            return [row[index] if index < len(row) else "" for row in rows]
        return list(map(itemgetter(index), rows))  # in C

    return cells_of


def _parse_columns(spec: KindSpec, header: HeaderMatch, cells_of) -> tuple[dict, bool, dict]:
    """(parsed, plain, deferred): per column index its values, whether every cell gave one, and
    the columns left for `ParsedSheet.item` to read row by row.

    When every row names its organization by code (members, reports), the name and address
    columns are needed only by the rows whose code the registry lacks (to say so, or to create
    the organization): when all their cells are filled (so none is a formula left uncalculated,
    and text cannot be unreadable) they are read only for those rows, not parsed whole."""
    parsed, plain = {}, True
    code = next((index for index, key in header.columns.items() if key == "registration_code"), None)
    if code is not None:
        code_cells = cells_of(code)
        parsed[code], plain = parse_column(code_cells, spec.column("registration_code"))
        _restore_leading_zeros(code_cells, parsed[code])
    defer = code is not None and plain and spec.kind != ImportKind.ORGANIZATIONS
    deferred = {}
    for index, key in sorted(header.columns.items()):
        if index in parsed:
            continue
        cells = cells_of(index)
        if defer and key in NAMES_AND_ADDRESSES and "" not in cells and None not in cells:
            deferred[key] = partial(_read_cell, index, spec.column(key), header.scales.get(index))
            continue
        parsed[index], complete = parse_column(cells, spec.column(key), header.scales.get(index))
        plain = plain and complete
    if not plain:  # rows are then kept one by one, each with all its values
        for key, read in deferred.items():
            parsed[read.args[0]] = parse_column(cells_of(read.args[0]), spec.column(key), read.args[2])[0]
        deferred = {}
    return parsed, plain, deferred


def _read_cell(index: int, spec_column, scale, row: list):
    """One cell of a deferred column, as `parse_column` reads it."""
    return parse_column([row[index] if index < len(row) else ""], spec_column, scale)[0][0]


def _rows_with_errors(sheet, header, columns, parsed, numbers, rows, present, progress, *, done: int) -> list:
    """A ParsedRow per row, each with its errors in the order of the columns."""
    # Cells holding a formula Excel never calculated read as empty: refused (the scan reads the
    # sheet's XML again, so only here, where some cell is empty or unreadable).
    formulas = {(index, col) for index, col in sheet.uncached_formulas if col in header.columns}
    labels = [header.labels[index] for index, _key in columns]
    uncalculated = _("Ô chứa công thức chưa được tính (không có giá trị lưu sẵn). Hãy mở bằng Excel, lưu lại rồi gửi.")
    parsed_columns = [parsed[index] for index, _key in columns]
    items = []
    for count, (index, row, cells) in enumerate(
        zip(numbers, rows, zip(*parsed_columns, strict=True), strict=True), start=done + 1
    ):
        item = ParsedRow(sheet.name, index + 1, {}, [], row, present)
        for (col, key), label, value in zip(columns, labels, cells, strict=True):
            if formulas and (index, col) in formulas:
                item.errors.append(_error(label, uncalculated))
            elif type(value) is Refused:
                item.errors.append(_error(label, value.message))
            elif value is not BLANK:
                item.values[key] = value
        items.append(item)
        if progress and count % PROGRESS_EVERY == 0:
            progress(read=count)
    return items


def _restore_leading_zeros(cells: list, values: list) -> None:
    """A code typed into a number cell lost its leading zero ("0401234567" reads 401234567):
    nine digits from a number are the ten-digit code (codes of Hà Nội, Hải Phòng… start with 0)."""
    if {int, float} & set(map(type, cells)):
        for position, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if type(cell) in (int, float) and type(value) is str and len(value) == 9 and value.isdigit():
                values[position] = "0" + value


class OrganizationIndex:
    """The organizations a file names by registration code, and every organization by (name key,
    commune) when a row needs it, each loaded once.

    The named ones are read as plain rows; a model instance is built for one only when a row
    needs it (`get`): a 50.000-row file naming 5.000 organizations spent more building instances
    than matching its rows, and its plain rows need only the id and founding date (`facts`)."""

    #: The fields matching, permissions and the report rules read (any other loads when asked),
    #: in the model's order, which is the order `Model.from_db` takes loaded values in.
    FIELDS = tuple(
        f.attname
        for f in Organization._meta.concrete_fields
        if f.attname in {"id", "registration_code", "name", "commune_id", "province_id", "founded_on"}
    )

    def __init__(self, codes: set[str]):
        # Only the codes the file names: a 20-row file into a registry of 185.000 organizations
        # (the national dataset) would otherwise read each of them.
        # Unordered (`order_by()`): the model's ordering by name would sort them for nothing.
        named = (
            Organization.objects.filter(registration_code__in=among(codes)).order_by().values_list(*self.FIELDS, named=True)
            if codes
            else []
        )
        self.facts = {row.registration_code: row for row in named}
        self._built: dict[str, Organization] = {}

    def get(self, code: str) -> Organization | None:
        """The organization with this code, as the ORM would load it with `only(*FIELDS)`."""
        organization = self._built.get(code)
        if organization is None and code in self.facts:
            organization = self._built[code] = Organization.from_db(Organization.objects.db, self.FIELDS, self.facts[code])
        return organization

    @cached_property
    def by_name(self) -> dict[tuple, list[Organization]]:
        # Built when first asked: rows with a registration code (most) never need it.
        by_name = defaultdict(list)
        for organization in Organization.objects.only(*self.FIELDS).order_by("pk"):
            by_name[(search_key(organization.name), organization.commune_id)].append(organization)
        return by_name


def codes_named(sheets: list[ParsedSheet]) -> set[str]:
    """The registration codes the sheets' rows give."""
    codes = set()
    for sheet in sheets:
        if sheet.columns is not None:
            codes.update(sheet.columns.get("registration_code", ()))
        else:
            codes.update(item.values["registration_code"] for item in sheet.rows if item.values.get("registration_code"))
    return codes


def _one_digit_apart(left: str, right: str) -> bool:
    if not left or not right:
        return False
    if len(left) == len(right):
        return sum(a != b for a, b in zip(left, right, strict=True)) == 1
    short, long_ = sorted((left, right), key=len)
    if len(long_) - len(short) != 1:
        return False
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _validation_errors(error: ValidationError, spec: KindSpec, labels: dict) -> list[dict]:
    errors = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            label = labels.get(name) or (spec.column(name).label if any(c.key == name for c in spec.columns) else "")
            if not label and name != "__all__":
                label = (
                    str(spec.model._meta.get_field(name).verbose_name).capitalize()
                    if name in {f.name for f in spec.model._meta.fields}
                    else name
                )
            errors.extend(_error(label, message) for message in messages)
    else:
        errors.extend(_error("", message) for message in error.messages)
    return errors


#: The field of activity a new organization's name says (NĐ 113/2024 Điều 4); "Thương mại, dịch vụ
#: và lĩnh vực khác" when it says none, as the decree's residual field.
_NAME_FIELDS = (
    (("quy tin dung", "tin dung", "tai chinh"), Field.FINANCE),
    (
        ("nong nghiep", "nong lam", "lam nghiep", "thuy san", "chan nuoi", "trong trot", "nuoi trong", "diem nghiep"),
        Field.AGRICULTURE,
    ),
    (("cong nghiep", "xay dung", "tieu thu cong nghiep", "co khi", "gach"), Field.INDUSTRY),
)


#: How a new organization's field of activity was set (`_field_guess` of its rows' data): guessed from
#: words of its name, the residual field when its name says none, or "" when the person chose it.
GUESSED_FROM_NAME, GUESSED_DEFAULT = "name", "default"


def field_from_name(name: str) -> tuple[str, str]:
    """(field, how it was guessed): GUESSED_FROM_NAME when words of the name say it,
    GUESSED_DEFAULT (the decree's residual field) when they say none."""
    key = search_key(name)
    found = next((found for words, found in _NAME_FIELDS if any(word in key for word in words)), None)
    return (found, GUESSED_FROM_NAME) if found else (Field.TRADE, GUESSED_DEFAULT)


def _organization_key(organization: Organization):
    """What tells a report's organization apart in the file: its id, or for a new one what names it."""
    if organization.id is not None:
        return organization.id
    return (organization.registration_code, search_key(organization.name), organization.commune_id)


def _new_organization_data(organization: Organization, guess: str) -> dict:
    """What the commit needs to create a report's new organization (imports.services), JSON-safe;
    `_organization_key` groups the rows of one organization, `_field_guess` says how its field of
    activity was set (the preview flags a guessed one for the person to check)."""
    return {
        "_organization_key": "|".join(map(str, _organization_key(organization))),
        "_field_guess": guess,
        "_organization": {
            "name": organization.name,
            "registration_code": organization.registration_code,
            "commune_id": organization.commune_id,
            "legacy_commune_id": organization.legacy_commune_id,
            "kind": organization.kind,
            "field": organization.field,
        },
    }


def _missing_message(item: ParsedRow, commune) -> str:
    values = item.values
    return _(
        "Tổ chức “%(name)s”%(code)s tại %(commune)s chưa có trong sổ đăng ký. Xác nhận “tạo mới các tổ chức chưa có” "
        "(trên trang xem trước, hoặc --create-missing) để tạo cùng lúc với báo cáo."
    ) % {
        "name": values["organization_name"],
        "code": _(" (mã số %(code)s)") % {"code": values["registration_code"]} if values.get("registration_code") else "",
        "commune": commune.full_name,
    }


class Stager:
    """Validates parsed rows of one kind for one user and decides what each row will do."""

    def __init__(
        self,
        *,
        kind: str,
        user,
        progress: Callable | None = None,
        units: UnitResolver | None = None,
        create_missing: bool = False,
        organization_fields: dict | None = None,
    ):
        self.spec = KINDS[kind]
        #: Reports of organizations the registry lacks: create them (the person confirmed) or refuse
        #: the rows saying so. `new_organizations`: per organization (`_new_key`), the unsaved
        #: instance and the errors creating it would meet; `missing`: those the person could create.
        self.create_missing = create_missing
        self.new_organizations: dict[str, tuple[Organization, list]] = {}
        self.missing: set[str] = set()
        #: The fields of activity the person chose for new organizations, by their key, and how the
        #: field of each new organization was set (GUESSED_FROM_NAME, GUESSED_DEFAULT, "" chosen).
        self.organization_fields = organization_fields or {}
        self.field_guesses: dict[str, str] = {}
        self.user = user
        self.progress = progress
        self.units = units or UnitResolver()
        self.organizations: OrganizationIndex | None = None  # by `stage`, for the codes the file names
        self._permission_cache: dict = {}
        self.today = dt.date.today()  # once, not once per row (the report rules read it)
        self.seen: dict = {}
        self.labels: dict = {}

    # --- helpers -------------------------------------------------------------------------
    def label(self, key: str) -> str:
        return self.labels.get(key) or self.spec.column(key).label

    def _may(self, check, organization) -> bool:
        key = (check, organization.id, organization.commune_id)
        allowed = self._permission_cache.get(key)
        if allowed is None:
            allowed = self._permission_cache[key] = check(self.user, organization)
        return allowed

    def _commune(self, item: ParsedRow, errors: list):
        text = item.values.get("commune")
        if not text:
            return None
        province = None
        try:
            if item.values.get("province"):
                province = self.units.province(item.values["province"])
            return self.units.commune(text, province=province, parent_text=item.values.get("district", ""))
        except UnitError as error:
            errors.append(_error(self.label("commune"), str(error)))
            return None

    def _organization_for(self, item: ParsedRow, errors: list) -> Organization | None:
        """The organization a member/report row belongs to (by code, else name + commune)."""
        code = item.values.get("registration_code")
        if code:
            organization = self.organizations.get(code)
            if organization is None:
                errors.append(
                    _error(self.label("registration_code"), _("Không tìm thấy tổ chức có mã số “%(code)s”.") % {"code": code})
                )
            return organization
        name = item.values.get("organization_name")
        commune = self._commune(item, errors)
        if not name:
            errors.append(_error(self.label("organization_name"), _("Thiếu mã số hoặc tên tổ chức.")))
            return None
        if commune is None:
            if not item.values.get("commune"):
                errors.append(_error(self.label("commune"), _("Không có mã số nên cần ghi xã, phường của tổ chức.")))
            return None
        found = self.organizations.by_name.get((search_key(name), commune.pk), [])
        if len(found) == 1:
            return found[0]
        if not found:
            errors.append(
                _error(
                    self.label("organization_name"),
                    _("Không tìm thấy tổ chức “%(name)s” tại %(commune)s.") % {"name": name, "commune": commune.full_name},
                )
            )
        else:
            errors.append(
                _error(
                    self.label("organization_name"),
                    _("Có %(count)s tổ chức tên “%(name)s” tại %(commune)s; hãy ghi mã số.")
                    % {"count": len(found), "name": name, "commune": commune.full_name},
                )
            )
        return None

    def _denied(self, organization) -> dict:
        commune = organization.commune.full_name if organization.commune_id else ""
        return _error(
            "",
            _(
                "Bạn không có quyền nhập dữ liệu của tổ chức “%(name)s” (%(commune)s): chỉ được nhập dữ liệu thuộc phạm vi của mình."
            )
            % {"name": organization.name, "commune": commune},
        )

    def _duplicate_in_file(self, key, item: ParsedRow, errors: list) -> None:
        if key in self.seen:
            sheet, number = self.seen[key]
            errors.append(
                _error("", _("Trùng với dòng %(row)s của trang “%(sheet)s” trong cùng tệp.") % {"row": number, "sheet": sheet})
            )
        else:
            self.seen[key] = (item.sheet, item.number)

    def _row(self, item: ParsedRow, action, *, data=None, diff=None, errors=None, warnings=None, target=None, duplicate_of=None):
        """`target`: the existing record the row updates (a model instance or a dict of its values)."""
        keep_source = action in (RowAction.REJECT, RowAction.REVIEW)
        if isinstance(target, dict):
            target_id, target_version = target["id"], target["version"]
        else:
            target_id, target_version = (target.pk, getattr(target, "version", None)) if target is not None else (None, None)
        return StagedRow(
            sheet=item.sheet[:64],
            row_number=item.number,
            action=action,
            data=data or {},
            diff=diff or {},
            errors=errors or [],
            warnings=warnings or [],
            source=item.source if keep_source else [],
            target_id=target_id,
            target_version=target_version,
            duplicate_of=duplicate_of,
        )

    def _compare(self, current: dict, item: ParsedRow, *, creating: bool) -> tuple[dict, dict, dict]:
        """(data, diff, values): the row's values in JSON-safe form, {field: [old, new]} of what it
        changes (not for a new record), and `current` with the row's values applied."""
        given = item.values
        data = {name: given[name] for name in self.spec.fields if name in given}
        values = {**current, **data}
        diff = (
            {}
            if creating
            else {
                name: [json_value(current.get(name)), json_value(new)] for name, new in data.items() if new != current.get(name)
            }
        )
        if self.spec.date_fields:
            for name in self.spec.date_fields.intersection(data):
                data[name] = json_value(data[name])  # the only values JSON cannot hold as they are
        return data, diff, values

    def _apply(self, instance, item: ParsedRow, *, creating: bool) -> tuple[dict, dict]:
        """Set the row's values on `instance`; return (data, diff) in JSON-safe form."""
        current = {name: getattr(instance, name) for name in self.spec.fields}
        data, diff, values = self._compare(current, item, creating=creating)
        for name, value in values.items():
            setattr(instance, name, value)
        return data, diff

    # --- entry point -----------------------------------------------------------------------
    def stage(self, sheets: list[ParsedSheet]) -> tuple[list[StagedRow], list[NewRows]]:
        """What each row will do: StagedRows, and the plain new rows a sheet's columns gave at once."""
        handler = {
            ImportKind.ORGANIZATIONS: self._organization_row,
            ImportKind.MEMBERS: self._member_row,
            ImportKind.ANNUAL_REPORTS: self._report_row,
        }[self.spec.kind]
        self.organizations = OrganizationIndex(codes_named(sheets))
        prepare = getattr(self, f"_prepare_{self.spec.kind}", None)
        if prepare:
            prepare(sheets)
        staged, new = [], []
        done = 0
        for sheet in sheets:
            if self._reports_by_column(sheet):
                rows, new_rows = self._report_sheet(sheet, done)
                staged.extend(rows)
                new.append(new_rows)
            else:
                for count, item in enumerate(sheet.items(), start=done + 1):
                    staged.append(handler(item))
                    if self.progress and count % PROGRESS_EVERY == 0:
                        self.progress(validated=count)
            done += len(sheet)
        return staged, new

    # --- organizations --------------------------------------------------------------------------
    def _organization_row(self, item: ParsedRow) -> StagedRow:
        errors = list(item.errors)
        commune = self._commune(item, errors)
        if "commune" not in item.values:
            errors.append(_error(self.label("commune"), _("Chưa ghi xã, phường.")))
        code = item.values.get("registration_code", "")
        name = item.values.get("name", "")
        existing, duplicate_of, review_reason = self._organization_match(code, name, commune)
        self._duplicate_in_file(code or (search_key(name), commune.pk if commune else item.values.get("commune")), item, errors)
        if errors:
            return self._row(item, RowAction.REJECT, errors=errors)
        creating = existing is None
        instance = Organization() if creating else Organization.objects.get(pk=existing.pk)
        if creating:
            errors.extend(self._missing_for_new(item, name))
        data, diff = self._apply(instance, item, creating=creating)
        if commune is not None:
            self._place(instance, commune, data, diff, creating=creating)
        errors.extend(self._status_change(instance, item, data, diff, creating=creating))
        if commune is not None and not self._may_write(instance, existing):
            errors.append(self._denied(instance))
        if not errors:
            errors.extend(self._organization_problems(instance))
        if errors:
            return self._row(item, RowAction.REJECT, errors=errors)
        if duplicate_of:
            return self._row(item, RowAction.REVIEW, data=data, warnings=[_error("", review_reason)], duplicate_of=duplicate_of)
        if creating:
            return self._row(item, RowAction.CREATE, data=data)
        return self._row(item, RowAction.UPDATE if diff else RowAction.UNCHANGED, data=data, diff=diff, target=existing)

    def _organization_match(self, code: str, name: str, commune) -> tuple:
        """(existing, duplicate_of, review reason): the organization the row updates (by code, else
        by name in its commune when either side has no code), or the one of the same name there
        it may duplicate (a person decides)."""
        existing = self.organizations.get(code) if code else None
        if existing is not None or commune is None or not name:
            return existing, None, ""
        same_name = self.organizations.by_name.get((search_key(name), commune.pk), [])
        if not same_name:
            return None, None, ""
        other = same_name[0]
        if not code:
            return other, None, ""
        reason = (
            _("Có thể trùng với “%(name)s” (mã số %(code)s) cùng xã, phường: mã số chỉ khác một chữ số.")
            if _one_digit_apart(code, other.registration_code)
            else _("Cùng tên với “%(name)s” (mã số %(code)s) cùng xã, phường nhưng khác mã số.")
        )
        return None, other.pk, reason % {"name": other.name, "code": other.registration_code or "—"}

    def _missing_for_new(self, item: ParsedRow, name: str) -> list:
        """What a new organization's row must say that an update's need not."""
        errors = [
            _error(self.label(key), _("Chưa ghi %(label)s.") % {"label": self.label(key).lower()})
            for key in ("kind", "field")
            if key not in item.values
        ]
        if not name:
            errors.append(_error(self.label("name"), _("Chưa ghi tên tổ chức.")))
        return errors

    def _place(self, instance: Organization, commune, data: dict, diff: dict, *, creating: bool) -> None:
        """The row's commune (and the pre-2025 one it was named by) on the organization."""
        if commune.pk != instance.commune_id:
            if not creating:
                diff["commune_id"] = [instance.commune_id, commune.pk]
            instance.commune = commune
            instance.province_id = commune.province_id
        data["commune_id"] = commune.pk
        legacy = self.units.legacy_for(commune)
        if legacy is not None and instance.legacy_commune_id is None:
            instance.legacy_commune = legacy
            data["legacy_commune_id"] = legacy.pk
            if not creating:
                diff["legacy_commune_id"] = [None, legacy.pk]

    def _may_write(self, instance: Organization, existing) -> bool:
        if existing is None:
            return permissions.can_create_organization(self.user, instance)
        return self._may(permissions.can_edit_organization, existing) and permissions.can_edit_organization(self.user, instance)

    def _status_change(self, instance: Organization, item: ParsedRow, data: dict, diff: dict, *, creating: bool) -> list:
        """A status the row gives (recorded at commit as a status event); suspension needs an end
        date the sheet does not hold."""
        status = item.values.get("current_status")
        if not status or status == instance.current_status:
            return []
        if status == Status.SUSPENDED:
            message = _("Tạm ngừng kinh doanh cần ngày kết thúc: hãy ghi nhận trên trang của tổ chức.")
            return [_error(self.label("current_status"), message)]
        if not creating or status != Status.OPERATING:
            data["current_status"] = status
            if not creating:
                diff["current_status"] = [instance.current_status, status]
        return []

    def _organization_problems(self, instance: Organization) -> list:
        try:
            validate_commune(instance)
            instance.full_clean(exclude=["province", "version"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            return _validation_errors(error, self.spec, {})
        return []

    # --- annual reports -------------------------------------------------------------------------
    # Reports come by the ten thousand: existing reports are loaded once as dicts, and each row is
    # checked with the registry's own rules as plain functions (registry.rules, and the fields'
    # validators through FieldChecker) instead of a model instance and full_clean per row.
    def _prepare_annual_reports(self, sheets: list[ParsedSheet]):
        self.reports: dict[tuple, dict] = {}
        by_name = any(
            "registration_code" not in sheet.columns
            if sheet.columns is not None
            else any("registration_code" not in item.values for item in sheet.rows)
            for sheet in sheets
        )
        ids = {row.id for row in self.organizations.facts.values()}
        if by_name:
            ids = None  # rows matched by name: load every report (still one query)
        queryset = AnnualReport.objects.all() if ids is None else AnnualReport.objects.filter(organization_id__in=among(ids))
        # Unordered: the model's ordering joins the organizations to sort by their name.
        for report in queryset.order_by().values():
            self.reports[(report["organization_id"], report["year"])] = report
        self.report_defaults = {name: AnnualReport._meta.get_field(name).get_default() for name in self.spec.fields}
        # Each field's own validation, for all rows at once (a column at a time), by (sheet, row
        # number): on the parsed columns where a sheet has them, else on the rows' values.
        checker = FieldChecker(AnnualReport, self.spec.fields)
        self.field_errors: dict[tuple, dict] = {}
        for sheet in sheets:
            if sheet.columns is not None:
                found = checker.errors_of_columns(sheet.columns)
            else:
                found = checker.errors_of_rows([item.values for item in sheet.rows])
            for position, errors in found.items():
                self.field_errors[(sheet.name, sheet.numbers[position])] = errors

    def _reports_by_column(self, sheet: ParsedSheet) -> bool:
        return (
            self.spec.kind == ImportKind.ANNUAL_REPORTS
            and sheet.columns is not None
            and {"registration_code", "year"} <= sheet.columns.keys()
        )

    def _report_sheet(self, sheet: ParsedSheet, done: int) -> tuple[list[StagedRow], NewRows]:
        """A sheet of reports whose cells all gave a value, a column at a time. A row that plainly
        creates a report goes straight into NewRows: its organization found by code and the user's
        to report for, its (organization, year) new to the registry and to the file, no previous
        year's report to compare with, and its figures valid (the fields' own checks and
        `registry.rules`, as for any row). Any other row is staged by `_report_row` like a row of
        any sheet, which says what it will do and why."""
        keys = [name for name in self.spec.fields if name in sheet.columns]
        facts, reports, seen, today = self.organizations.facts, self.reports, self.seen, self.today
        # A row's figures as a new report would have them: the sheet's values, and the defaults of
        # the fields it lacks (each row's values zipped with the names into a dict at once).
        absent = {name: value for name, value in self.report_defaults.items() if name not in sheet.columns}
        names, year_at = [*keys, *absent], keys.index("year")
        refused = {number for name, number in self.field_errors if name == sheet.name}  # by the fields' checks
        reportable = self.reportable_ids
        staged, plain, organization_ids = [], [], []  # plain: the positions of the plain new rows
        defaults = (repeat(value, len(sheet)) for value in absent.values())
        figure_rows = zip(*(sheet.columns[name] for name in keys), *defaults, strict=True)
        rows = zip(sheet.columns["registration_code"], sheet.numbers, figure_rows, strict=True)
        for position, (code, number, row) in enumerate(rows):
            if position % PROGRESS_EVERY == 0 and position and self.progress:
                self.progress(validated=done + position)
            organization = facts.get(code)
            if organization is not None:
                organization_id, year = organization.id, row[year_at]
                key = (organization_id, year)
                if (
                    organization_id in reportable
                    and key not in seen
                    and key not in reports
                    and (organization_id, year - 1) not in reports
                ):
                    if number not in refused and not rules.report_errors(
                        dict(zip(names, row, strict=True)), founded_on=organization.founded_on, today=today
                    ):
                        seen[key] = (sheet.name, number)
                        plain.append(position)
                        organization_ids.append(organization_id)
                        continue
            staged.append(self._report_row(sheet.item(position)))
        if self.progress:
            self.progress(validated=done + len(sheet))
        columns = [*self._columns_at(sheet, keys, plain), organization_ids]
        return staged, NewRows(sheet.name[:64], [*keys, "organization_id"], columns, [sheet.numbers[p] for p in plain])

    def _columns_at(self, sheet: ParsedSheet, keys: list[str], positions: list[int]) -> list[list]:
        """The values of `keys` at `positions`, a column per key, JSON-safe (dates are the only
        values JSON cannot hold as they are). When the positions are every row's (the common case:
        a sheet of new reports), the columns without dates are the sheet's own."""
        every_row = len(positions) == len(sheet)
        columns = []
        for name in keys:
            column = sheet.columns[name]
            if name in self.spec.date_fields:
                columns.append([json_value(column[p]) for p in positions])
            else:
                columns.append(column if every_row else [column[p] for p in positions])
        return columns

    @cached_property
    def reportable_ids(self) -> set[int]:
        """Of the organizations the file names, the ids of those the user may report for:
        `registry.permissions.can_edit_reports` asked of the database for all of them at once, in
        its query form (`organizations_visible_to(..., for_write=True)`; a registry test holds
        the two equal for every role), instead of an instance and a call per organization."""
        ids = [row.id for row in self.organizations.facts.values()]
        writable = organizations_visible_to(self.user, for_write=True).filter(id__in=among(ids))
        return set(writable.order_by().values_list("id", flat=True))

    def _report_row(self, item: ParsedRow) -> StagedRow:
        errors = list(item.errors)
        organization = self._report_organization(item, errors)
        year = item.values.get("year")
        if year is None and not any(e["column"] == self.label("year") for e in errors):
            errors.append(_error(self.label("year"), _("Chưa ghi năm báo cáo.")))
        if organization is not None and year is not None:
            self._duplicate_in_file((_organization_key(organization), year), item, errors)
            if not self._may(permissions.can_edit_reports, organization):
                errors.append(self._denied(organization))
        if errors:
            return self._row(item, RowAction.REJECT, errors=errors)
        organization_id = organization.id  # not .pk, a property: this runs for every row (None: a new one)
        existing = self.reports.get((organization_id, year)) if organization_id else None
        creating = existing is None
        data, diff, figures = self._compare(existing or self.report_defaults, item, creating=creating)
        data["organization_id"] = organization_id
        if organization_id is None:
            key = "|".join(map(str, _organization_key(organization)))
            data.update(_new_organization_data(organization, self.field_guesses.get(key, "")))
        if not creating and not diff:
            return self._row(item, RowAction.UNCHANGED, data=data, target=existing)
        problems = self._report_problems(item, figures, organization)
        if problems:
            return self._row(item, RowAction.REJECT, errors=_validation_errors(ValidationError(problems), self.spec, {}))
        warnings = self._report_warnings(organization_id, year, figures)
        if creating:
            return self._row(item, RowAction.CREATE, data=data, warnings=warnings)
        return self._row(item, RowAction.UPDATE, data=data, diff=diff, warnings=warnings, target=existing)

    def _report_problems(self, item: ParsedRow, figures: dict, organization) -> dict:
        """As full_clean: each field's own validation first, then the rules across fields."""
        problems = self.field_errors.get((item.sheet, item.number), {})
        broken = rules.report_errors(figures, founded_on=organization.founded_on, today=self.today)
        if broken:
            problems = {name: list(messages) for name, messages in problems.items()}
            for name, message in broken.items():
                problems.setdefault(name, []).append(message)
        return problems

    def _report_warnings(self, organization_id, year: int, figures: dict) -> list:
        """The plausibility warnings against the previous year's report, when there is one."""
        previous = self.reports.get((organization_id, year - 1)) if organization_id else None
        if not previous:
            return []
        return [
            _error(self.spec.column(w.field).label, w.message)
            for w in rules.plausibility_warnings(previous, figures, labels=REPORT_LABELS)
        ]

    # --- organizations a report sheet names but the registry lacks ------------------------------
    def _report_organization(self, item: ParsedRow, errors: list) -> Organization | None:
        """The report's organization: found in the registry, or (a summary sheet holding registry
        facts) the one the row names that the registry lacks, unsaved, when the person confirmed
        creating them; otherwise that row is refused saying it could be created."""
        new_key, commune = self._missing_organization(item)
        if new_key is None:
            return self._organization_for(item, errors)
        if not self.create_missing:
            self.missing.add(new_key)
            errors.append(_error(self.label("organization_name"), _missing_message(item, commune)))
            return None
        if new_key not in self.new_organizations:
            self.new_organizations[new_key] = self._build_organization(item, commune, new_key)
        organization, problems = self.new_organizations[new_key]
        errors.extend(problems)
        return None if problems else organization

    def _missing_organization(self, item: ParsedRow):
        """(key, commune) of the organization a report row names by its name and commune (and code,
        if any) when the registry has none such; (None, None) when it has it or the row cannot name
        a new one (no name, or a commune not found: `_organization_for` says why)."""
        values = item.values
        name, code = values.get("organization_name"), values.get("registration_code", "")
        if not name or not values.get("commune") or (code and code in self.organizations.facts):
            return None, None
        commune = self._commune(item, [])
        if commune is None or self.organizations.by_name.get((search_key(name), commune.pk)):
            return None, None  # an organization of that name there: matched (or refused) as before
        return f"{code}|{search_key(name)}|{commune.pk}", commune

    def _build_organization(self, item: ParsedRow, commune, key: str) -> tuple[Organization, list]:
        """The organization a row would create, and the errors that creating it would meet (the
        registry's own checks, and the user's right to create there). Its field of activity is the
        one the person chose in the preview, else guessed from its name (`field_guesses` says so:
        a summary sheet gives no field)."""
        values = item.values
        field, self.field_guesses[key] = field_from_name(values["organization_name"])
        if self.organization_fields.get(key) in Field.values:
            field, self.field_guesses[key] = self.organization_fields[key], ""
        organization = Organization(
            name=values["organization_name"],
            registration_code=values.get("registration_code", ""),
            commune=commune,
            province_id=commune.province_id,
            legacy_commune=self.units.legacy_for(commune),
            # The kind the title names ("… CỦA HỢP TÁC XÃ"); else a registered code says a cooperative,
            # none a cooperative group (groups are not registered).
            kind=values.get("organization_kind")
            or (OrganizationKind.COOPERATIVE if values.get("registration_code") else OrganizationKind.COOPERATIVE_GROUP),
            field=field,
        )
        if not permissions.can_create_organization(self.user, organization):
            return organization, [self._denied(organization)]
        try:  # as registry.services.organization_create will at the commit
            validate_commune(organization)
            validate_organization(organization)
            organization.full_clean(exclude=["province", "version"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            return organization, _validation_errors(
                error, KINDS[ImportKind.ORGANIZATIONS], {"name": self.label("organization_name")}
            )
        return organization, []

    # --- members --------------------------------------------------------------------------------
    def _prepare_members(self, sheets):
        self.members_by_identifier: dict[tuple, Member] = {}
        self.members_by_name: dict[tuple, list[Member]] = defaultdict(list)
        for member in Member.objects.all():
            if member.identifier:
                self.members_by_identifier[(member.organization_id, member.identifier)] = member
            self.members_by_name[(member.organization_id, search_key(member.name))].append(member)

    def _member_row(self, item: ParsedRow) -> StagedRow:
        errors = list(item.errors)
        organization = self._organization_for(item, errors)
        name = item.values.get("name")
        identifier = item.values.get("identifier", "")
        if not name and not any(e["column"] == self.label("name") for e in errors):
            errors.append(_error(self.label("name"), _("Chưa ghi tên thành viên.")))
        existing = None
        if organization is not None and name:
            self._duplicate_in_file((organization.pk, identifier or search_key(name)), item, errors)
            if not self._may(permissions.can_edit_members, organization):
                errors.append(self._denied(organization))
            existing = self._existing_member(organization, name, identifier, errors)
        if errors:
            return self._row(item, RowAction.REJECT, errors=errors)
        creating = existing is None
        if creating:
            instance = Member(organization=organization)
        else:
            instance = Member(**{f.attname: getattr(existing, f.attname) for f in Member._meta.concrete_fields})
            instance.organization = organization
        data, diff = self._apply(instance, item, creating=creating)
        data["organization_id"] = organization.pk
        if not creating and not diff:
            return self._row(item, RowAction.UNCHANGED, data=data, target=existing)
        try:
            instance.full_clean(exclude=["version", "organization"], validate_unique=False)
        except ValidationError as error:
            return self._row(item, RowAction.REJECT, errors=_validation_errors(error, self.spec, {}))
        if creating:
            return self._row(item, RowAction.CREATE, data=data)
        return self._row(item, RowAction.UPDATE, data=data, diff=diff, target=existing)

    def _existing_member(self, organization, name: str, identifier: str, errors: list) -> Member | None:
        """The member the row updates: by identifier, else by name among those without one (a name
        shared by several asks for the identifier)."""
        existing = self.members_by_identifier.get((organization.pk, identifier)) if identifier else None
        if existing is not None:
            return existing
        same = [
            m for m in self.members_by_name.get((organization.pk, search_key(name)), []) if not identifier or not m.identifier
        ]
        if len(same) > 1:
            message = _("Tổ chức có nhiều thành viên tên “%(name)s”; hãy ghi số định danh.") % {"name": name}
            errors.append(_error(self.label("name"), message))
            return None
        return same[0] if same else None


def stage_workbook(
    book: RawWorkbook,
    *,
    kind: str,
    user,
    progress: Callable | None = None,
    file_name: str = "",
    year: int | None = None,
    create_missing: bool = False,
    organization_fields: dict | None = None,
) -> StageResult:
    """`year`: the report year the person gave (upload form, --year); else the sheet's title or
    the file's name may give it (imports.context). `create_missing`: the person confirmed creating
    the organizations a report sheet names that the registry lacks; `organization_fields`: the
    fields of activity they chose for some of those in the preview ({organization key: field})."""
    spec = KINDS[kind]
    units = UnitResolver()
    known = remembered(kind, getattr(user, "province_id", None))
    sheets, notices, layouts = parse_rows(spec, book, progress, units=units, file_name=file_name, year=year, known=known)
    total = sum(map(len, sheets))
    if progress:
        progress(read=total, total=total)
    if not total:
        raise FileRefused(_("Không có dòng dữ liệu nào dưới dòng tiêu đề."))
    stager = Stager(
        kind=kind,
        user=user,
        progress=progress,
        units=units,
        create_missing=create_missing,
        organization_fields=organization_fields,
    )
    rows, new_rows = stager.stage(sheets)
    return StageResult(
        rows=rows,
        new_rows=new_rows,
        notices=notices,
        sheets=layouts,
        total=total,
        organizations_missing=len(stager.missing),
    )

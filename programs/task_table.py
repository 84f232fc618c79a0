"""The usual task table of an action program, read from XLSX:

    STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm

Rows with a Roman numeral (or a number) and no lead agency are task groups; the others are tasks.
Agencies are matched by name, short name or code, ignoring case and diacritics. The timeframe is
read as a deadline ("Năm 2022", "Quý II/2022", "30/6/2022", "Tháng 6/2022") or a recurrence
("Hằng năm, trước 15/12", "Hằng quý, trước ngày 20", "Thường xuyên").

The file is opened and checked (size, zip bombs, type by content) by the import pipeline's reader
and its header row found by the pipeline's header matcher (`imports.reader`, `imports.headers`:
title blocks above, merged header cells, a "(1) (2) (3)" row under it); cells are read with
`imports.values`. Nothing is written here: `parse_task_table` returns rows and row-level errors
for the preview, and `programs.services.task_table_commit` writes them in one transaction.
"""

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from accounts.models import Agency
from core.text import compact_key, search_key
from imports.documents import document_format, read_document
from imports.headers import find_header
from imports.reader import FileRefused, read_workbook
from imports.specs import ColumnSpec, KindSpec
from imports.values import parse_text
from programs.models import Program, Schedule, Task
from programs.succession import is_alliance, succession_of

#: The task table's columns, for the import pipeline's header matching (imports.headers).
TASK_TABLE = KindSpec(
    kind="program_tasks",
    columns=(
        ColumnSpec("number", "STT", synonyms=("Số thứ tự", "TT")),
        ColumnSpec("content", "Nội dung nhiệm vụ", synonyms=("Nội dung", "Nhiệm vụ", "Tên nhiệm vụ", "Nội dung công việc")),
        ColumnSpec(
            "lead",
            "Cơ quan chủ trì",
            synonyms=("Chủ trì", "Đơn vị chủ trì", "Cơ quan, đơn vị chủ trì", "Cơ quan chủ trì thực hiện"),
        ),
        ColumnSpec("coordinating", "Cơ quan phối hợp", synonyms=("Phối hợp", "Đơn vị phối hợp", "Cơ quan, đơn vị phối hợp")),
        ColumnSpec(
            "timeframe", "Thời gian thực hiện", synonyms=("Thời gian hoàn thành", "Thời hạn", "Thời gian", "Thời hạn hoàn thành")
        ),
        ColumnSpec("output", "Sản phẩm", synonyms=("Sản phẩm dự kiến", "Kết quả dự kiến", "Sản phẩm đầu ra")),
    ),
    model=Task,
    sheet_name="Nhiem vu",
    needed=("number", "content", "lead", "timeframe"),
)
COLUMNS = tuple(column.key for column in TASK_TABLE.columns)
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class TableRefused(Exception):
    """The file as a whole cannot be read (not a workbook, no header row)."""


@dataclass
class ParsedRow:
    row: int  # 1-based row number in the sheet, as Excel shows it
    kind: str  # "group" | "task"
    number: str
    content: str
    group_number: int | None = None
    lead_id: int | None = None
    lead_name: str = ""
    coordinating_ids: list[int] = field(default_factory=list)
    coordinating_names: list[str] = field(default_factory=list)
    timeframe_text: str = ""
    schedule: str = ""
    deadline: str = ""  # ISO date, kept as text so the preview can live in the session
    due_month: int | None = None
    due_day: int | None = None
    output: str = ""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParseResult:
    sheet: str
    rows: list[ParsedRow]
    errors: list[RowError]

    def as_session(self) -> dict:
        return {"sheet": self.sheet, "rows": [asdict(r) for r in self.rows]}


# --- Reading (the import pipeline's reader and header matcher) ---------------------------------


def read_rows(data: bytes, filename: str = "nhiem-vu.xlsx") -> tuple[str, list[list], list]:
    """The first visible sheet (or, for a decision as DOCX or PDF, its task table) as rows, with
    its merged ranges; refused files raise TableRefused."""
    try:
        if document_format(data):
            tables, _paragraphs = read_document(data, filename)
            sheet = next((table for table in tables if find_header(TASK_TABLE, table.rows, table.merged)), None)
            if sheet is None:
                raise TableRefused(
                    _(
                        "Văn bản không có bảng nhiệm vụ (cần các cột STT, Nội dung nhiệm vụ, Cơ quan chủ trì, Thời gian thực hiện)."
                    )
                )
            return sheet.name, sheet.rows, sheet.merged
        book = read_workbook(data, filename)
    except FileRefused as error:
        raise TableRefused(str(error)) from error
    sheet = next((sheet for sheet in book.sheets if not sheet.hidden), None)
    if sheet is None:
        raise TableRefused(_("Bảng tính không có trang nào đang hiện."))
    return sheet.name, sheet.rows, sheet.merged


def locate_header(rows: list[list], merged: list) -> tuple[int, int, dict[str, int]]:
    """(header row, first data row, column of each key)."""
    match = find_header(TASK_TABLE, rows, merged)
    if match is None:
        raise TableRefused(
            _("Không tìm thấy dòng tiêu đề: bảng phải có các cột STT, Nội dung nhiệm vụ, Cơ quan chủ trì, Thời gian thực hiện.")
        )
    return match.row, match.data_start, {key: index for index, key in match.columns.items()}


# --- Values --------------------------------------------------------------------------------------


class AgencyIndex:
    def __init__(self):
        self.by_key: dict[str, Agency] = {}
        self.alliances: list[Agency] = []
        for agency in Agency.objects.all():
            for text in (agency.name, agency.short_name, agency.code):
                if text:
                    self.by_key.setdefault(compact_key(text), agency)
            if agency.kind == Agency.Kind.ALLIANCE:
                self.alliances.append(agency)

    def find(self, text: str) -> Agency | None:
        """The agency by its name, short name or code; else, for a name of before the 2025
        reorganisation, the agency that took over its work (programs.succession)."""
        agency = self.by_key.get(compact_key(text))
        if agency is not None:
            return agency
        succession = succession_of(text)
        if succession is not None and not succession.split:
            return next((found for name in succession.new if (found := self.by_key.get(compact_key(name)))), None)
        if is_alliance(text) and len(self.alliances) == 1:
            return self.alliances[0]  # an old province's Alliance: the merged province's
        return None

    def not_found(self, text: str, role: str) -> str:
        """Why `text` names no agency, for the row's error: a divided department asks which part."""
        succession = succession_of(text)
        if succession is not None and succession.split:
            options = "; ".join(f"{agency} ({functions})" for agency, functions in succession.split)
            return _(
                "“%(old)s” đã được chia cho nhiều cơ quan theo chức năng từ năm 2025: %(options)s. "
                "Hãy ghi cơ quan hiện nay đảm nhận nhiệm vụ này."
            ) % {"old": text, "options": options}
        if succession is not None:
            return _("“%(old)s” nay là “%(new)s”, chưa có trong danh mục cơ quan.") % {
                "old": text,
                "new": ", ".join(succession.new),
            }
        return _("Không tìm thấy %(role)s “%(name)s” trong danh mục cơ quan.") % {"role": role, "name": text}

    def find_many(self, text: str) -> tuple[list[Agency], list[str]]:
        """Agencies in a cell separated by ";" or new lines (or commas when the whole part is unknown)."""
        found, unknown = [], []
        for part in re.split(r"[;\n]+", text):
            part = part.strip(" -–+.")
            if not part:
                continue
            agency = self.find(part)
            if agency:
                found.append(agency)
                continue
            pieces = [p.strip(" -–+.") for p in part.split(",") if p.strip(" -–+.")]
            matched = [self.find(p) for p in pieces]
            if len(pieces) > 1 and all(matched):
                found.extend(matched)
            else:
                unknown.append(part)
        return found, unknown


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_timeframe(text: str, *, program: Program) -> dict:
    """{"schedule", "deadline", "due_month", "due_day"} from the timeframe cell, or ValueError."""
    key = search_key(text)
    if not key:
        raise ValueError(_("Chưa ghi thời gian thực hiện."))
    day_month = re.search(r"(\d{1,2})\s*/\s*(\d{1,2})(?!\s*/\s*\d)", key)
    if key.startswith(("hang nam", "hàng năm", "hang nam")) or key.startswith("moi nam"):
        if not day_month:
            raise ValueError(_("Nhiệm vụ hằng năm phải ghi ngày đến hạn, ví dụ: “Hằng năm, trước 15/12”."))
        return {"schedule": Schedule.YEARLY, "due_day": int(day_month[1]), "due_month": int(day_month[2]), "deadline": ""}
    if key.startswith(("hang quy", "moi quy")):
        day = re.search(r"ngay\s*(\d{1,2})", key) or re.search(r"(\d{1,2})", key)
        if not day:
            raise ValueError(_("Nhiệm vụ hằng quý phải ghi ngày đến hạn, ví dụ: “Hằng quý, trước ngày 20”."))
        return {"schedule": Schedule.QUARTERLY, "due_day": int(day[1]), "due_month": None, "deadline": ""}
    if key.startswith("thuong xuyen"):
        if day_month:
            return {"schedule": Schedule.ONGOING, "due_day": int(day_month[1]), "due_month": int(day_month[2]), "deadline": ""}
        # Ongoing work is reported with the program's annual report.
        return {
            "schedule": Schedule.ONGOING,
            "due_day": program.report_due_day,
            "due_month": program.report_due_month,
            "deadline": "",
        }
    deadline = _parse_deadline(key)
    if deadline is None:
        raise ValueError(_("Không hiểu thời gian thực hiện “%(text)s”.") % {"text": text})
    return {"schedule": Schedule.ONCE, "deadline": deadline.isoformat(), "due_day": None, "due_month": None}


def _parse_deadline(key: str) -> dt.date | None:
    try:
        if match := re.search(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", key):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := re.search(r"quy\s*(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*(\d{4})", key):
            return _end_of_month(int(match[2]), QUARTERS[match[1]] * 3)
        if match := re.search(r"thang\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})", key):
            return _end_of_month(int(match[2]), int(match[1]))
        if years := re.findall(r"\b(\d{4})\b", key):
            return dt.date(max(int(y) for y in years), 12, 31)
    except ValueError:
        return None
    return None


# --- Parsing the whole table ---------------------------------------------------------------------


def parse_task_table(data: bytes, *, program: Program, filename: str = "nhiem-vu.xlsx") -> ParseResult:
    sheet, rows, merged = read_rows(data, filename)
    header_index, data_start, columns = locate_header(rows, merged)
    agencies = AgencyIndex()
    labels = {column.key: column.header for column in TASK_TABLE.columns}
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    group_number: int | None = None
    seen_numbers: dict[str, int] = {}

    def cell(row: list, name: str) -> str:
        position = columns.get(name)
        return parse_text(row[position]) if position is not None and position < len(row) else ""

    for index in range(data_start, len(rows)):
        row = rows[index]
        line = index + 1
        values = {name: cell(row, name) for name in COLUMNS}
        if not any(values.values()):
            continue
        if not values["lead"] and not values["timeframe"]:
            roman = values["number"].upper().rstrip(".")
            number = ROMAN.get(roman) or (int(roman) if roman.isdigit() else None)
            if number is None:
                errors.append(
                    RowError(line, labels["number"], _("Dòng nhóm nhiệm vụ phải có số thứ tự La Mã (I, II, …) hoặc số."))
                )
                continue
            if not values["content"]:
                errors.append(RowError(line, labels["content"], _("Chưa ghi tên nhóm nhiệm vụ.")))
                continue
            group_number = number
            parsed.append(ParsedRow(row=line, kind="group", number=str(number), content=values["content"]))
            continue
        if group_number is None:
            errors.append(RowError(line, labels["number"], _("Nhiệm vụ nằm trước dòng nhóm nhiệm vụ đầu tiên.")))
            continue
        number = values["number"].rstrip(".")
        if not number:
            errors.append(RowError(line, labels["number"], _("Chưa ghi số thứ tự nhiệm vụ.")))
            continue
        if "." not in number:
            number = f"{group_number}.{number}"
        if number in seen_numbers:
            errors.append(
                RowError(
                    line,
                    labels["number"],
                    _("Số thứ tự %(number)s trùng với dòng %(row)s.") % {"number": number, "row": seen_numbers[number]},
                )
            )
            continue
        seen_numbers[number] = line
        task = ParsedRow(
            row=line,
            kind="task",
            number=number,
            content=values["content"],
            group_number=group_number,
            timeframe_text=values["timeframe"],
            output=values["output"],
        )
        row_errors: list[RowError] = []
        if not task.content:
            row_errors.append(RowError(line, labels["content"], _("Chưa ghi nội dung nhiệm vụ.")))
        lead = agencies.find(values["lead"])
        if lead is None:
            row_errors.append(RowError(line, labels["lead"], agencies.not_found(values["lead"], _("cơ quan chủ trì"))))
        else:
            task.lead_id, task.lead_name = lead.pk, lead.name
        coordinating, unknown = agencies.find_many(values["coordinating"])
        for name in unknown:
            row_errors.append(RowError(line, labels["coordinating"], agencies.not_found(name, _("cơ quan phối hợp"))))
        ids = [a.pk for a in coordinating]
        if lead is not None and lead.pk in ids or len(set(ids)) != len(ids):
            row_errors.append(RowError(line, labels["coordinating"], _("Một cơ quan được phân công hai lần cho cùng nhiệm vụ.")))
        task.coordinating_ids, task.coordinating_names = ids, [a.name for a in coordinating]
        try:
            timeframe = parse_timeframe(values["timeframe"], program=program)
        except ValueError as error:
            row_errors.append(RowError(line, labels["timeframe"], str(error)))
        else:
            task.schedule = timeframe["schedule"]
            task.deadline = timeframe["deadline"]
            task.due_month, task.due_day = timeframe["due_month"], timeframe["due_day"]
            if task.deadline and dt.date.fromisoformat(task.deadline) < program.start_date:
                row_errors.append(
                    RowError(
                        line,
                        labels["timeframe"],
                        _("Thời hạn %(day)s trước ngày bắt đầu chương trình (%(start)s).")
                        % {
                            "day": dt.date.fromisoformat(task.deadline).strftime("%d/%m/%Y"),
                            "start": program.start_date.strftime("%d/%m/%Y"),
                        },
                    )
                )
        errors.extend(row_errors)
        parsed.append(task)
    if not any(r.kind == "task" for r in parsed) and not errors:
        errors.append(RowError(header_index + 2, labels["content"], _("Bảng không có nhiệm vụ nào.")))
    return ParseResult(sheet=sheet, rows=parsed, errors=errors)

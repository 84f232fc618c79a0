"""The usual task table of an action program, read from XLSX or from the decision itself (DOCX,
PDF with a text layer):

    STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm

The outline (groups "I.", headings and tasks "1.", "a)", bullets "-", "+") is read by
programs.numbering; agency cells are resolved by programs.agency_resolution (catalogue, 2025
succession table, collective names); the timeframe by programs.timeframes.

The file is opened and checked (size, zip bombs, type by content) by the import pipeline's reader
and its header row found by the pipeline's header matcher (`imports.reader`, `imports.headers`:
title blocks above, merged header cells, a "(1) (2) (3)" row under it); cells are read with
`imports.values`. Nothing is written here: `parse_task_table` returns rows and row-level errors
for the preview, and `programs.services.task_table_commit` writes them in one transaction.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from imports.documents import document_format, read_document
from imports.headers import find_header
from imports.reader import FileRefused, read_workbook
from imports.specs import ColumnSpec, KindSpec
from imports.values import parse_text
from programs.agency_resolution import GROUP, MATCHED, AgencyIndex, Resolution
from programs.models import Program, Schedule, Task
from programs.numbering import OutlineRow, outline
from programs.timeframes import read_timeframe

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
    level: int = 1  # depth in the outline: 1 under the group, 2 under a "1." heading, …
    parent: str = ""  # the number of the heading or task above ("" directly under the group)
    heading: str = ""  # the nearest heading's text, the section the task sits in
    lead_resolution: dict | None = None  # agency_resolution.Resolution as a dict, for the preview
    coordinating_resolutions: list[dict] = field(default_factory=list)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParseResult:
    sheet: str
    rows: list[ParsedRow]  # groups and tasks: what task_table_commit writes
    errors: list[RowError]
    headings: list[ParsedRow] = field(default_factory=list)  # section rows ("1." over "a)" tasks): shown, not written
    warnings: list[RowError] = field(default_factory=list)  # needs a look but does not stop the import

    def as_session(self) -> dict:
        return {
            "sheet": self.sheet,
            "rows": [asdict(r) for r in self.rows],
            "headings": [asdict(r) for r in self.headings],
        }


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


def parse_timeframe(text: str, *, program: Program | None) -> dict:
    """{"schedule", "deadline", "due_month", "due_day"} from the timeframe cell, or ValueError.
    Ongoing work without its own due day is reported with the program's annual report."""
    values = read_timeframe(text).as_row()
    if values["schedule"] == Schedule.ONGOING and values["due_day"] is None:
        values["due_month"] = program.report_due_month if program else Program._meta.get_field("report_due_month").default
        values["due_day"] = program.report_due_day if program else Program._meta.get_field("report_due_day").default
    return values


# --- Parsing the whole table ---------------------------------------------------------------------

LABELS = {column.key: column.header for column in TASK_TABLE.columns}


def parse_task_table(
    data: bytes, *, program: Program | None, filename: str = "nhiem-vu.xlsx", agency_choices: dict[str, int] | None = None
) -> ParseResult:
    """The table's groups and tasks with their row errors. `agency_choices` are the person's answers
    in the preview, by name ("Sở LĐ-TB&XH") or by row and name ("27:Sở LĐ-TB&XH"): agency ids
    (programs.agency_resolution.AgencyIndex)."""
    sheet, rows, merged = read_rows(data, filename)
    header_index, data_start, columns = locate_header(rows, merged)
    table = [(index + 1, _cells(rows[index], columns)) for index in range(data_start, len(rows))]
    parser = _TableParser(program, agency_choices)
    for node in outline([(line, values) for line, values in table if any(values.values())]):
        parser.add(node)
    result = parser.result(sheet)
    if not any(r.kind == "task" for r in result.rows) and not result.errors:
        result.errors.append(RowError(header_index + 2, LABELS["content"], _("Bảng không có nhiệm vụ nào.")))
    return result


def _cells(row: list, columns: dict[str, int]) -> dict[str, str]:
    return {name: parse_text(row[columns[name]]) if columns.get(name, len(row)) < len(row) else "" for name in COLUMNS}


class _TableParser:
    """Turns the outline's rows into preview rows and row errors, one row at a time."""

    def __init__(self, program: Program | None, agency_choices: dict[str, int] | None = None):
        self.program = program
        self.agencies = AgencyIndex(getattr(program, "province", None), choices=agency_choices)
        self.rows: list[ParsedRow] = []
        self.headings: list[ParsedRow] = []
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.seen_numbers: dict[str, int] = {}

    def result(self, sheet: str) -> ParseResult:
        return ParseResult(sheet=sheet, rows=self.rows, errors=self.errors, headings=self.headings, warnings=self.warnings)

    def error(self, node: OutlineRow, column: str, message: str) -> None:
        self.errors.append(RowError(node.line, LABELS[column], message))

    def add(self, node: OutlineRow) -> None:
        for column, message in node.errors:
            self.error(node, column, message)
        if node.errors or node.role == "detail":
            return
        if node.role == "group":
            self._group(node)
        elif node.group_number is None:
            self.error(node, "number", _("Nhiệm vụ nằm trước dòng nhóm nhiệm vụ đầu tiên."))
        elif node.role == "heading":
            self.headings.append(self._parsed(node, "heading"))
        elif self._number_is_new(node):
            self.rows.append(self._task(node))

    def _group(self, node: OutlineRow) -> None:
        if not node.values["content"]:
            self.error(node, "content", _("Chưa ghi tên nhóm nhiệm vụ."))
            return
        self.rows.append(ParsedRow(row=node.line, kind="group", number=node.number, content=node.values["content"]))

    def _number_is_new(self, node: OutlineRow) -> bool:
        if node.number in self.seen_numbers:
            message = _("Số thứ tự %(number)s trùng với dòng %(row)s.")
            self.error(node, "number", message % {"number": node.number, "row": self.seen_numbers[node.number]})
            return False
        self.seen_numbers[node.number] = node.line
        return True

    def _parsed(self, node: OutlineRow, kind: str) -> ParsedRow:
        above = node.parent if node.parent is not None and node.parent.role != "group" else None
        heading = node.heading
        return ParsedRow(
            row=node.line,
            kind=kind,
            number=node.number,
            content=node.values["content"],
            group_number=node.group_number,
            timeframe_text=node.values["timeframe"],
            output=node.values["output"],
            level=node.level,
            parent=above.number if above else "",
            heading=heading.values["content"] if heading else "",
        )

    def _task(self, node: OutlineRow) -> ParsedRow:
        task = self._parsed(node, "task")
        self.agencies.line = node.line
        if not task.content:
            self.error(node, "content", _("Chưa ghi nội dung nhiệm vụ."))
        self._lead(node, task)
        self._coordinating(node, task)
        self._timeframe(node, task)
        return task

    def _lead(self, node: OutlineRow, task: ParsedRow) -> None:
        resolutions = self.agencies.resolve_cell(node.values["lead"])
        if not resolutions:
            self.error(node, "lead", _("Chưa ghi cơ quan chủ trì."))
            return
        task.lead_resolution = asdict(resolutions[0])
        if len(resolutions) > 1:
            names = "; ".join(r.text for r in resolutions)
            message = _(
                "Ô cơ quan chủ trì ghi %(count)s cơ quan (%(names)s): mỗi nhiệm vụ có một cơ quan chủ trì, ghi các cơ quan còn lại ở cột phối hợp."
            )
            self.error(node, "lead", message % {"count": len(resolutions), "names": names})
            return
        [lead] = resolutions
        if lead.status == MATCHED or (lead.narrowed and len(lead.agency_ids) == 1):
            # a "liên quan" group the person narrowed to one agency is that agency
            task.lead_id, task.lead_name = lead.agency_ids[0], lead.agency_names[0]
        elif lead.status == GROUP:
            message = _(
                "Cơ quan chủ trì là nhóm “%(group)s” (%(count)s cơ quan): mỗi nhiệm vụ có một cơ quan chủ trì; hãy chọn một cơ quan hoặc tách nhiệm vụ cho từng cơ quan."
            )
            self.error(node, "lead", message % {"group": lead.group, "count": len(lead.agency_ids)})
        else:
            self.error(node, "lead", lead.message)

    def _coordinating(self, node: OutlineRow, task: ParsedRow) -> None:
        resolutions = self.agencies.resolve_cell(node.values["coordinating"])
        task.coordinating_resolutions = [asdict(r) for r in resolutions]
        ids: list[int] = []
        for resolution in resolutions:
            if resolution.status == MATCHED:
                self._coordinating_named(node, resolution, task, ids)
            else:
                self._coordinating_one(node, resolution, task, ids)
        task.coordinating_ids = ids
        task.coordinating_names = [self.agencies.by_pk[i].name for i in ids]

    def _coordinating_named(self, node: OutlineRow, resolution: Resolution, task: ParsedRow, ids: list[int]) -> None:
        agency_id = resolution.agency_ids[0]
        if agency_id != task.lead_id and agency_id not in ids:
            ids.append(agency_id)
            return
        lead = task.lead_resolution or {}
        name = self.agencies.by_pk[agency_id].name
        # Two agencies of before 2025 now one (Sở KH&ĐT and Sở Tài chính): the document was right, one is kept.
        if resolution.note:
            message = _("“%(name)s” nay là %(agency)s, đã có trong phân công của nhiệm vụ: chỉ ghi một lần.")
            self.warnings.append(RowError(node.line, LABELS["coordinating"], message % {"name": resolution.text, "agency": name}))
        elif agency_id == task.lead_id and lead.get("note"):
            message = _("Cơ quan chủ trì “%(lead)s” nay là %(agency)s: “%(name)s” không ghi thêm ở cột phối hợp.")
            values = {"lead": lead["text"], "agency": name, "name": resolution.text}
            self.warnings.append(RowError(node.line, LABELS["coordinating"], message % values))
        else:
            self.error(node, "coordinating", _("Một cơ quan được phân công hai lần cho cùng nhiệm vụ."))

    def _coordinating_one(self, node: OutlineRow, resolution: Resolution, task: ParsedRow, ids: list[int]) -> None:
        if resolution.status == MATCHED:
            return
        if resolution.status == GROUP and resolution.related and not resolution.narrowed:
            message = _("“%(group)s”: hãy chọn các cơ quan liên quan (chưa ghi vào phân công).")
            self.warnings.append(RowError(node.line, LABELS["coordinating"], message % {"group": resolution.group}))
        elif resolution.status == GROUP and resolution.agency_ids:
            # A group's members (a "liên quan" group: those the person picked) join the list (the
            # lead and those named already are not repeated).
            ids.extend(i for i in resolution.agency_ids if i not in ids and i != task.lead_id)
        else:
            self.error(node, "coordinating", resolution.message)

    def _timeframe(self, node: OutlineRow, task: ParsedRow) -> None:
        try:
            timeframe = parse_timeframe(node.values["timeframe"], program=self.program)
        except ValueError as error:
            self.error(node, "timeframe", str(error))
            return
        task.schedule = timeframe["schedule"]
        task.deadline = timeframe["deadline"]
        task.due_month, task.due_day = timeframe["due_month"], timeframe["due_day"]
        if task.deadline and self.program and dt.date.fromisoformat(task.deadline) < self.program.start_date:
            message = _("Thời hạn %(day)s trước ngày bắt đầu chương trình (%(start)s).")
            day = dt.date.fromisoformat(task.deadline)
            self.error(
                node,
                "timeframe",
                message % {"day": day.strftime("%d/%m/%Y"), "start": self.program.start_date.strftime("%d/%m/%Y")},
            )

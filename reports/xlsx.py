"""Formatted XLSX tables: Vietnamese headers with units, number formats, frozen header, auto-filter.

Used by every export of the project so that spreadsheets look and behave the same everywhere. Strings
are written as text cells through reports.cells.neutral_text: nothing a user typed becomes a formula.
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import xlsxwriter

from reports.cells import neutral_text

NUMBER_FORMATS = {
    "int": "#,##0",
    "money": "#,##0",
    "decimal": "#,##0.0",
    "percent": "0.0%",
    "date": "dd/mm/yyyy",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | int | money | decimal | percent | date
    width: float = 16
    unit: str = ""  # shown in the header: "Doanh thu (triệu đồng)"

    @property
    def label(self) -> str:
        return f"{self.header} ({self.unit})" if self.unit else self.header


@dataclass
class Sheet:
    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    title: str = ""  # a title line above the table (the header row then moves down)
    notes: Sequence[str] = field(default_factory=tuple)  # lines under the title


#: Characters Excel refuses in a sheet name; a translated label ("By commune/ward") may hold them.
SHEET_NAME_FORBIDDEN = str.maketrans({char: "-" for char in "[]:*?/\\"})


def sheet_name(name: str, taken: set[str]) -> str:
    """`name` as Excel accepts it: no forbidden characters, not quoted, at most 31 characters,
    unique in the workbook (case-insensitively)."""
    base = (name.translate(SHEET_NAME_FORBIDDEN).strip("'") or "Sheet")[:31]
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base[: 31 - len(str(number)) - 1]}-{number}"
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True, "strings_to_formulas": False})
    header_format = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "bg_color": "#DCE6F1", "border": 1}
    )
    title_format = book.add_format({"bold": True, "font_size": 14})
    formats = {kind: book.add_format({"num_format": pattern}) for kind, pattern in NUMBER_FORMATS.items()}
    taken: set[str] = set()
    for sheet in sheets:
        worksheet = book.add_worksheet(sheet_name(sheet.name, taken))
        top = 0
        if sheet.title:
            worksheet.write_string(0, 0, neutral_text(sheet.title), title_format)
            top = 1
            for note in sheet.notes:
                worksheet.write_string(top, 0, neutral_text(str(note)))
                top += 1
            top += 1
        for index, column in enumerate(sheet.columns):
            worksheet.set_column(index, index, column.width, formats.get(column.kind))
            worksheet.write_string(top, index, neutral_text(str(column.label)), header_format)
        worksheet.set_row(top, 32)
        count = 0
        for count, row in enumerate(sheet.rows, start=1):
            for index, value in enumerate(row):
                if value is None or value == "":
                    continue
                kind = sheet.columns[index].kind
                if kind == "date" and isinstance(value, dt.date):
                    worksheet.write_datetime(top + count, index, dt.datetime.combine(value, dt.time()), formats["date"])
                elif kind in NUMBER_FORMATS and isinstance(value, int | float):
                    worksheet.write_number(top + count, index, value, formats[kind])
                elif isinstance(value, str):
                    worksheet.write_string(top + count, index, neutral_text(value))
                else:
                    worksheet.write(top + count, index, value)
        worksheet.freeze_panes(top + 1, 0)
        worksheet.autofilter(top, 0, top + max(count, 1), len(sheet.columns) - 1)
    book.close()
    return buffer.getvalue()

"""Formatted XLSX tables: Vietnamese headers with units, number formats, frozen header, auto-filter.

Used by every export of the project so that spreadsheets look and behave the same everywhere.
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import xlsxwriter

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


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    header_format = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "bg_color": "#DCE6F1", "border": 1}
    )
    title_format = book.add_format({"bold": True, "font_size": 14})
    formats = {kind: book.add_format({"num_format": pattern}) for kind, pattern in NUMBER_FORMATS.items()}
    for sheet in sheets:
        worksheet = book.add_worksheet(sheet.name[:31])
        top = 0
        if sheet.title:
            worksheet.write(0, 0, sheet.title, title_format)
            top = 1
            for note in sheet.notes:
                worksheet.write(top, 0, note)
                top += 1
            top += 1
        for index, column in enumerate(sheet.columns):
            worksheet.set_column(index, index, column.width, formats.get(column.kind))
            worksheet.write(top, index, column.label, header_format)
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
                else:
                    worksheet.write(top + count, index, value)
        worksheet.freeze_panes(top + 1, 0)
        worksheet.autofilter(top, 0, top + max(count, 1), len(sheet.columns) - 1)
    book.close()
    return buffer.getvalue()

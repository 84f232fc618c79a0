"""A small file must not make the reader expand a huge sheet: each of these is a few kilobytes and would
expand to millions of cells (the XFD5000 file of issue #15: 2.5 GB before any check). Each is read in
a child process whose peak memory is measured; the child's address space is capped so a regression
fails the test instead of exhausting the shared machine."""

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from hypothesis import example, given
from hypothesis import strategies as st

from imports.extent import Extent, _at_most, column_letters, xlsx_extent
from imports.reader import FileRefused, read_workbook

ROOT = Path(__file__).resolve().parents[2]
#: Growth of the reading process's peak RSS allowed for one hostile file (the refusal needs almost none).
CEILING_MB = 150

CHILD = """
import json, os, resource, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
import django
django.setup()
from imports.reader import FileRefused, read_workbook
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) for line in status if line.startswith("VmSize:")) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + 1536 * 2**20, resource.RLIM_INFINITY))
try:
    read_workbook(data, sys.argv[2])
    outcome = "read"
except FileRefused as error:
    outcome = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "growth_mb": (after - before) / 1024}))
"""


def _xlsx(*cells, header_width=2):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"Cột {index}" for index in range(1, header_width + 1)])
    for row, column in cells:
        sheet.cell(row=row, column=column, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls(*cells, header_width=2):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Bao cao")
    for column in range(header_width):
        sheet.write(0, column, f"Cot {column}")
    for row, column in cells:
        sheet.write(row - 1, column - 1, "x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ODS_CELL = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


def _ods(body):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
            'xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
            'xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:'
            'tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table '
            f'table:name="Bao cao">{body}</table:table></office:spreadsheet></office:body></office:document-content>',
        )
    return buffer.getvalue()


HEADER_ROW = f"<table:table-row>{ODS_CELL * 20}</table:table-row>"
HOSTILE = {
    "xfd5000.xlsx": lambda: _xlsx((5000, 16384)),
    "far-column.xlsx": lambda: _xlsx((1000, 16384)),
    "far-row.xlsx": lambda: _xlsx((1_048_576, 1), header_width=26),
    "far-corner.xlsx": lambda: _xlsx((1_048_576, 16384)),
    "far-column.ods": lambda: _ods(
        HEADER_ROW + '<table:table-row table:number-rows-repeated="3000"><table:table-cell/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="16383"/>{ODS_CELL}</table:table-row>'
    ),
    "repeated-rows.ods": lambda: _ods(
        HEADER_ROW + f'<table:table-row table:number-rows-repeated="1048000">{ODS_CELL}</table:table-row>'
    ),
    "far-corner.xls": lambda: _xls((65536, 256)),
    "far-row.xls": lambda: _xls((65536, 1), header_width=256),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_small_file_spanning_a_huge_sheet_is_refused_within_the_memory_ceiling(name, tmp_path):
    data = HOSTILE[name]()
    assert len(data) < 64 * 1024
    path = tmp_path / name
    path.write_bytes(data)
    child = subprocess.run([sys.executable, "-c", CHILD, str(path), name], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, f"the reader died on {name}: {child.stderr[-2000:]}"
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert "vượt giới hạn" in result["outcome"], result
    assert result["growth_mb"] < CEILING_MB, result


def test_the_refusal_names_the_sheet_and_the_far_corner():
    with pytest.raises(FileRefused) as refused:
        read_workbook(_xlsx((5000, 16384)), "xa.xlsx")
    message = str(refused.value)
    assert "“Sheet”" in message and "A1:XFD5000" in message and "81.920.000 ô" in message


def test_a_false_dimension_does_not_hide_a_far_cell():
    """The declared box is only trusted after a scan finds no cell outside it."""
    data = _xlsx((3, 2))
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = archive.read("xl/worksheets/sheet1.xml").replace(b'r="B3"', b'r="XFD5000"')
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as out:
        for item in archive.infolist():
            out.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else archive.read(item))
    with pytest.raises(FileRefused, match="A1:XFD5000"):
        read_workbook(forged.getvalue(), "gia.xlsx")


@given(st.integers(1, 16384), st.integers(1, 16384), st.integers(1, 1_048_576), st.integers(1, 1_048_576))
@example(17, 17, 50003, 50003)
@example(18, 17, 50004, 50003)
@example(27, 26, 10, 9)
@example(16384, 16384, 1_048_576, 1_048_576)
def test_the_scan_takes_a_position_as_inside_exactly_when_it_is_within_the_bound(column, column_bound, row, row_bound):
    """The regular expressions the scan builds for a box's last column and row (imports.extent)
    agree with comparing the numbers."""
    columns = re.compile(_at_most(column_letters(column_bound), "A", "Z"))
    rows = re.compile(_at_most(str(row_bound), "0", "9"))
    assert bool(columns.fullmatch(column_letters(column).encode())) == (column <= column_bound)
    assert bool(rows.fullmatch(str(row).encode())) == (row <= row_bound)


def test_cells_without_a_position_are_placed_as_the_reader_places_them():
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData>'
        b'<row r="2"><c/><c t="inlineStr"><is><t>a</t></is></c><c s="1"/><c><v>1</v></c></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.xml", sheet)
    extent = xlsx_extent(zipfile.ZipFile(buffer), "s.xml", max_cells=100, max_rows=100)
    assert extent == Extent(rows=2, cols=4)


def test_an_ordinary_workbook_is_still_read_whole(settings):
    settings.HOPTAC_IMPORT_MAX_CELLS = 3 * 40
    book = read_workbook(_xlsx(*[(row, 3) for row in range(2, 41)], header_width=3), "thuong.xlsx")
    assert len(book.sheets[0].rows) == 40 and book.sheets[0].rows[39][2] == "x"


def test_the_cell_limit_counts_every_sheet_of_the_workbook(settings):
    settings.HOPTAC_IMPORT_MAX_CELLS = 150
    book = openpyxl.Workbook()
    for title in ("Một", "Hai"):
        sheet = book.create_sheet(title)
        for _row in range(10):
            sheet.append(list(range(10)))
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileRefused, match="“Hai”"):
        read_workbook(buffer.getvalue(), "hai-trang.xlsx")


def test_a_csv_of_separators_is_refused_before_it_is_split(settings):
    settings.HOPTAC_IMPORT_MAX_CELLS = 1000
    with pytest.raises(FileRefused, match="vượt giới hạn"):
        read_workbook(b"Ma so,Ten\n" + b"," * 5000, "phay.csv")

"""How large a rectangle each sheet would expand to, found without expanding it.

python-calamine materialises a sheet as a dense rectangle from A1 to its farthest filled cell: a
5 KB XLSX with a header row and one cell at XFD5000 becomes 5,001 × 16,384 cells (2.5 GB) the moment
the sheet is loaded, before any check on rows could run. So the reader first asks this module for the
bounding box of the filled cells of every sheet, read from the file itself, and refuses a box over the
limit before calamine sees the sheet.

- XLSX, the common and the benchmarked case, has a fast path: the sheet declares its box in
  `<dimension ref="A1:Q50000"/>`; one regular-expression pass over the sheet XML (no parsing, no
  objects per cell) confirms that no cell lies outside it and that every cell names its position
  first (`<c r="…"`), as Excel, LibreOffice, openpyxl and xlsxwriter write it. A missing, too large or
  false declaration, or a cell without its position, falls back to an exact streaming parse that
  stops as soon as the box passes the limit.
- ODS is parsed as a stream, counting repeated rows and cells (`number-rows-repeated`) as calamine does.
- XLS (BIFF) records are walked; only cells with a value count (calamine skips blank cells).
"""

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

import olefile

CHUNK = 1 << 20
ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


@dataclass(frozen=True)
class Extent:
    """The rectangle from A1 to the farthest filled row and column (1-based; 0 when empty)."""

    rows: int
    cols: int

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def corner(self) -> str:
        return f"{column_letters(self.cols)}{self.rows}"

    def exceeds(self, *, max_cells: int, max_rows: int) -> bool:
        return self.cells > max_cells or self.rows > max_rows


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters or "A"


def column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - 64
    return number


# --- XLSX ---------------------------------------------------------------------------------------

_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')


def xlsx_extent(archive: zipfile.ZipFile, path: str, *, max_cells: int, max_rows: int) -> Extent:
    with archive.open(path) as stream:
        head = stream.read(CHUNK)
        root = _ROOT.search(head)
        declared = _DIMENSION.search(head)
        if root and declared:
            extent = Extent(int(declared.group(2)), column_number(declared.group(1)))
            if not extent.exceeds(max_cells=max_cells, max_rows=max_rows):
                outside = _outside_pattern(root.group(1) or b"", extent)
                if not _any_match(outside, head, stream):
                    return extent
    with archive.open(path) as stream:
        return _xlsx_exact(stream, max_cells=max_cells, max_rows=max_rows)


def _outside_pattern(prefix: bytes, extent: Extent) -> re.Pattern:
    """A cell tag that does not start with its position inside `extent` (`<c r="B12"` in A1:Q50000).
    Written as "not inside" so that the common cell fails fast, in one negative look-ahead."""
    columns = _at_most(column_letters(extent.cols), "A", "Z")
    rows = _at_most(str(extent.rows), "0", "9")
    return re.compile(b"<" + re.escape(prefix) + rb'c(?! r="(?:' + columns + rb")(?:" + rows + rb')")[\s>/]')


def _at_most(bound: str, lowest: str, highest: str) -> bytes:
    """A regex for a column name (letters) or row number (digits, no leading zero) not greater than
    `bound`: shorter, or as long and smaller at the first differing position, or equal."""
    first = chr(ord(lowest) + 1) if lowest == "0" else lowest

    def any_of(count: str) -> str:
        # No repeat at all rather than `{0}` or `{0,0}`: the regex engine runs those too, and this
        # pattern is tried on every cell of the sheet (a third of the scan's time, bench/import).
        return "" if count in ("0", "0,0") else f"[{lowest}-{highest}]{{{count}}}"

    options = []  # as long as the bound first: most cells of a large sheet are
    for index, char in enumerate(bound):
        floor = first if index == 0 else lowest
        if char > floor:
            options.append(f"{bound[:index]}[{floor}-{chr(ord(char) - 1)}]{any_of(str(len(bound) - index - 1))}")
    options.append(bound)
    if len(bound) > 1:
        options.append(f"[{first}-{highest}]{any_of(f'0,{len(bound) - 2}')}")
    return "|".join(options).encode()


def _any_match(pattern: re.Pattern, head: bytes, stream) -> bool:
    """Search tag by tag: each buffer is searched up to its last `>`, the rest carried to the next, so
    no tag is seen cut in two (a cut `<c r` would look like a cell without its position)."""
    buffer = head
    while True:
        end = buffer.rfind(b">") + 1
        if pattern.search(buffer, 0, end):
            return True
        chunk = stream.read(CHUNK)
        if not chunk:
            return False
        buffer = buffer[end:] + chunk


def _xlsx_exact(stream, *, max_cells: int, max_rows: int) -> Extent:
    """Every cell with content, positioned as calamine positions it (its `r`, else next in its row)."""
    rows = cols = 0
    row = column = 0
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                row = int(element.get("r") or row + 1)
                column = 0
            continue
        if tag == "c":
            ref = element.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column, row = column_number(letters), int(ref[len(letters) :] or row)
            else:
                column += 1
            if len(element):  # a value, an inline string or a formula; `<c r="A1" s="1"/>` is only a style
                rows, cols = max(rows, row), max(cols, column)
                if Extent(rows, cols).exceeds(max_cells=max_cells, max_rows=max_rows):
                    break
        elif tag == "row":
            element.clear()
    return Extent(rows, cols)


# --- ODS ----------------------------------------------------------------------------------------


def ods_extents(data: bytes, *, max_cells: int, max_rows: int) -> dict[str, Extent]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    extents: dict[str, Extent] = {}
    name, rows, cols, row, column, row_last = None, 0, 0, 0, 0, 0
    with archive.open("content.xml") as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{ODS_TABLE}table":
                    name, rows, cols, row = element.get(f"{ODS_TABLE}name"), 0, 0, 0
                elif tag == f"{ODS_TABLE}table-row":
                    column, row_last = 0, 0
                continue
            if tag in (f"{ODS_TABLE}table-cell", f"{ODS_TABLE}covered-table-cell"):
                column += int(element.get(f"{ODS_TABLE}number-columns-repeated") or 1)
                if element.get(f"{ODS_OFFICE}value-type") or len(element):
                    row_last = column
            elif tag == f"{ODS_TABLE}table-row":
                repeated = int(element.get(f"{ODS_TABLE}number-rows-repeated") or 1)
                if row_last:
                    rows, cols = row + repeated, max(cols, row_last)
                row += repeated
                element.clear()
                extents[name] = Extent(rows, cols)
                if extents[name].exceeds(max_cells=max_cells, max_rows=max_rows):
                    return extents
    return extents


# --- XLS ----------------------------------------------------------------------------------------

BOF, EOF, BOUNDSHEET, FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
#: Records holding one cell with a value: FORMULA, RSTRING, LABELSST, NUMBER, LABEL, BOOLERR, RK.
VALUE_CELLS = {0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}
MULRK = 0x00BD


def xls_extents(data: bytes, *, max_cells: int, max_rows: int) -> dict[str, Extent]:
    with olefile.OleFileIO(data) as ole:
        name = "Workbook" if ole.exists("Workbook") else "Book"
        stream = ole.openstream(name).read()
    extents = {}
    for sheet, offset in _xls_worksheets(stream):
        extents[sheet] = _xls_extent(stream, offset, max_cells=max_cells, max_rows=max_rows)
    return extents


def _records(stream: bytes, position: int) -> Iterator[tuple[int, int, int]]:
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        yield kind, position + 4, length
        position += 4 + length


def _xls_worksheets(stream: bytes) -> Iterator[tuple[str, int]]:
    for kind, start, length in _records(stream, 0):
        if kind in (EOF, FILEPASS):
            return  # an encrypted file's cells cannot be walked; calamine refuses it for its password
        if kind == BOUNDSHEET and length >= 8 and stream[start + 5] == 0:  # type 0: a worksheet
            offset, size = struct.unpack_from("<I", stream, start)[0], stream[start + 6]
            wide = stream[start + 7] & 1
            raw = stream[start + 8 : start + 8 + size * (2 if wide else 1)]
            yield raw.decode("utf-16-le" if wide else "latin-1", errors="replace"), offset


def _xls_extent(stream: bytes, offset: int, *, max_cells: int, max_rows: int) -> Extent:
    rows = cols = depth = 0
    for kind, start, length in _records(stream, offset):
        if kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth == 1 and length >= 4 and (kind in VALUE_CELLS or kind == MULRK):
            row, column = struct.unpack_from("<HH", stream, start)
            if kind == MULRK and length >= 6:
                column = struct.unpack_from("<H", stream, start + length - 2)[0]
            rows, cols = max(rows, row + 1), max(cols, column + 1)
            if Extent(rows, cols).exceeds(max_cells=max_cells, max_rows=max_rows):
                break
    return Extent(rows, cols)

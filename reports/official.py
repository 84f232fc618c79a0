"""The one layout of every Word (and, converted, PDF) document: NĐ 30/2020/NĐ-CP, Phụ lục I.

- A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body 14 pt.
- The header block is a borderless two-column table: parent authority and issuing authority, then
  "Số: …/BC-<code>" on the left; Quốc hiệu on one line, tiêu ngữ with its rule and the place/date
  line on the right.
- Page numbers: a PAGE field centred in the header, from page 2 (different first page).
- Tables repeat their header row on every page, rows never split across pages, columns are as wide as
  their content needs, text is 12 pt (11 pt when that is what keeps a table on a portrait page); a table
  too wide for portrait gets a landscape section of its own (`finalize`).
- "Nơi nhận" and the signer block (authority, title, room to sign, full name) side by side.

Builders put content into a docxtpl template (reports.templating) with `letterhead`, `add_table`
and `add_closing` filling its blocks; `finalize` then applies the page layout to whatever the template
held, so a replaced template cannot change margins, fonts or numbering.
"""

import copy
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
TABLE_MIN_SIZE = 11
CELL_MARGIN_MM = 1.2  # left and right inside a table cell (Word's default 1.9 mm wastes a wide table's room)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)
PORTRAIT_TEXT_MM = 210 - 30 - 15
LANDSCAPE_TEXT_MM = 297 - 30 - 15
#: A blank document number: the văn thư writes the number in by hand when the document is registered.
BLANK_NUMBER = "      "
SYMBOL_PATTERN = re.compile(r"^Số: *[0-9 ]*/BC-[A-ZĐ][A-ZĐ0-9-]*$")


@dataclass(frozen=True)
class OfficialHeader:
    issuer: str  # "SỞ TÀI CHÍNH"
    number: str  # "125/BC-STC" (the part after "Số: ")
    place: str  # "Đà Nẵng" (short name: no "Thành phố")
    date: dt.date
    issuer_parent: str = ""  # "UBND THÀNH PHỐ ĐÀ NẴNG"


@dataclass(frozen=True)
class Closing:
    signer_title: str  # "GIÁM ĐỐC"
    signer_name: str = ""
    on_behalf: str = ""  # "KT. GIÁM ĐỐC" / "TM. ỦY BAN NHÂN DÂN"
    recipients: Sequence[str] = field(default_factory=tuple)


def report_number(code: str, number: str = "") -> str:
    """ "125/BC-STC", or "      /BC-STC" before registration; the code is the agency's symbol."""
    return f"{number or BLANK_NUMBER}/BC-{code}"


def vietnamese_date_line(place: str, day: dt.date) -> str:
    """ "Đà Nẵng, ngày 05 tháng 3 năm 2025": days below 10 and months 1–2 take a leading zero (NĐ 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- runs and paragraphs -------------------------------------------------------------------------


def _fonts(element) -> None:
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    # Every slot, or Word falls back to another font for Vietnamese letters (East-Asian/complex slots).
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _set_font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    _fonts(run._element)


def _paragraph(container, text: str = "", *, size=BODY_SIZE, bold=False, italic=False, underline=False, align=None, after=0):
    paragraph = container.add_paragraph()
    if text:
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _first(cell, text: str, size: float, **style):
    """The cell's own first paragraph (a new cell has one, empty)."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = style.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        _set_font(paragraph.add_run(text), size, **style)
    return paragraph


def _borders(table, value: str) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(Mm(CELL_MARGIN_MM).twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _column_widths(table, widths_mm: Sequence[float]) -> None:
    """Widths on the grid and on every cell: LibreOffice reads the grid, Word the cells."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for grid_column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        grid_column.set(qn("w:w"), str(Mm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _two_columns(container, left_mm: float, right_mm: float):
    table = container.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table, "nil")
    _column_widths(table, (left_mm, right_mm))
    _row_flags(table.rows[0], header=False)  # a signer block is never cut from its name
    return table.rows[0].cells


# --- blocks --------------------------------------------------------------------------------------


def letterhead(container, header: OfficialHeader) -> None:
    """The header block. The right column is wide enough for the Quốc hiệu on one line at 12 pt."""
    left, right = _two_columns(container, 62, 103)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if header.issuer_parent:
        _first(left, header.issuer_parent.upper(), 12)
        _paragraph(left, header.issuer.upper(), size=12, bold=True, underline=True, align=center)
    else:
        _first(left, header.issuer.upper(), 12, bold=True, underline=True)
    _paragraph(left, f"Số: {header.number}", size=13, align=center).paragraph_format.space_before = Pt(6)
    _first(right, NATIONAL_TITLE, 12, bold=True)
    # The rule under the motto: an underline exactly as long as the motto (NĐ 30 draws a line that long).
    _paragraph(right, NATIONAL_MOTTO, size=13, bold=True, underline=True, align=center)
    date_line = _paragraph(right, vietnamese_date_line(header.place, header.date), size=13, italic=True, align=center)
    date_line.paragraph_format.space_before = Pt(6)
    _paragraph(container, "", size=BODY_SIZE)


def add_heading(container, text: str, *, level: int = 1) -> None:
    """Section headings in body style (NĐ 30 uses bold body text, not Word's coloured headings)."""
    paragraph = _paragraph(container, text, bold=True, italic=level > 1, after=3)
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.keep_with_next = True


def add_text(container, text: str, *, italic: bool = False) -> None:
    paragraph = _paragraph(container, text, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3)
    paragraph.paragraph_format.first_line_indent = Mm(10)


def _text_mm(text: str, size: float) -> float:
    """Rough printed width of text in Times New Roman: a little over half an em per character
    (bold headers and capitals are wider than the average)."""
    return len(text) * size * 0.55 * 0.3528


#: A layout is good enough when each column gets at least this share of the room it would need to
#: print its longest cell on one line (beyond its longest word); else try smaller type, then landscape.
ENOUGH_ROOM = 0.25


#: The page layouts tried in order until one leaves enough room: (landscape?, font size).
PAGE_LAYOUTS = ((False, TABLE_SIZE), (False, TABLE_MIN_SIZE), (True, TABLE_SIZE), (True, TABLE_MIN_SIZE))
#: A cell's own left and right margins and a little air, in mm.
CELL_PADDING_MM = CELL_MARGIN_MM * 2 + 1.5


@dataclass(frozen=True)
class _Layout:
    """One way to print a table: the line's room and what each column needs (mm)."""

    landscape: bool
    size: float
    available: float
    least: list[float]  # each column's longest word
    ideal: list[float]  # each column's longest data cell on one line (at least `least`)

    @classmethod
    def of(cls, columns: list[list[str]], *, landscape: bool, size: float) -> "_Layout":
        least = [
            max(_text_mm(word, size) for cell in column for word in (cell.split() or [""])) + CELL_PADDING_MM
            for column in columns
        ]
        ideal = [
            max(m, max(_text_mm(cell, size) for cell in column[1:] + column[0].split()) + CELL_PADDING_MM)
            for m, column in zip(least, columns, strict=True)
        ]
        return cls(landscape, size, LANDSCAPE_TEXT_MM if landscape else PORTRAIT_TEXT_MM, least, ideal)

    @property
    def spare(self) -> float:
        """Room left on the line once every column has its longest word."""
        return self.available - sum(self.least)

    @property
    def room(self) -> float:
        """The share of the wanted room (beyond the longest words) each column gets; 1 when all fits."""
        if sum(self.ideal) <= self.available:
            return 1.0
        wanted = sum(self.ideal) - sum(self.least)  # > 0 here unless even the longest words do not fit
        return self.spare / wanted if wanted > 0 else -1.0

    def widths(self) -> list[float]:
        if sum(self.ideal) <= self.available:
            scale = self.available / sum(self.ideal)
            return [width * scale for width in self.ideal]
        extra = [i - m for i, m in zip(self.ideal, self.least, strict=True)]
        widths = [m + max(self.spare, 0) * e / (sum(extra) or 1) for m, e in zip(self.least, extra, strict=True)]
        scale = min(1, self.available / sum(widths))
        return [width * scale for width in widths]


def _chosen_layout(columns: list[list[str]]) -> _Layout:
    tried = []
    for landscape, size in PAGE_LAYOUTS:
        layout = _Layout.of(columns, landscape=landscape, size=size)
        if layout.room >= ENOUGH_ROOM:
            return layout
        tried.append(layout)
    # None good enough: the layout with the most room beyond the longest words (landscape, 11 pt).
    return max(tried, key=lambda layout: layout.spare)


def fitted_widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[float, list[float], bool]:
    """(font size, column widths in mm, landscape?) for a table: portrait at 12 pt, else 11 pt, else
    landscape, whichever first leaves enough room; each column at least as wide as its longest word,
    the rest of the line shared in proportion to what each column's longest data cell would need on
    one line (a header may wrap onto several lines; a data cell should rather stay on one)."""
    columns = [[str(cell) for cell in column] for column in zip(headers, *rows, strict=True)]
    layout = _chosen_layout(columns)
    return layout.size, layout.widths(), layout.landscape


def _row_flags(row, *, header: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def add_table(container, headers: Sequence[str], rows: Sequence[Sequence], *, numeric: Sequence[int] = ()):
    """A bordered table of text (the caller formats numbers the Vietnamese way); columns whose index
    is in `numeric` are right-aligned. Header row repeated on each page; rows kept whole."""
    texts = [["" if value is None else str(value) for value in row] for row in rows]
    size, widths, _landscape = fitted_widths([str(h) for h in headers], texts)
    table = container.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table, "single")
    _cell_margins(table)
    _row_flags(table.rows[0], header=True)
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        _first(cell, str(label), size, bold=True)
    for row in texts:
        table_row = table.add_row()
        _row_flags(table_row, header=False)
        for index, (cell, value) in enumerate(zip(table_row.cells, row, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index in numeric else WD_ALIGN_PARAGRAPH.LEFT
            _first(cell, value, size, align=align)
    _column_widths(table, widths)
    _paragraph(container, "", size=6)
    return table


def add_closing(container, closing: Closing) -> None:
    """ "Nơi nhận:" on the left; on the right the signer block: authority, title, room to sign, name."""
    left, right = _two_columns(container, 75, 90)
    if closing.recipients:
        _first(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        last = len(closing.recipients) - 1
        for index, recipient in enumerate(closing.recipients):
            _paragraph(left, f"- {recipient}{'.' if index == last else ';'}", size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if closing.on_behalf:
        _first(right, closing.on_behalf.upper(), 13, bold=True)
        _paragraph(right, closing.signer_title.upper(), size=13, bold=True, align=center)
    else:
        _first(right, closing.signer_title.upper(), 13, bold=True)
    for _blank in range(4):  # room for the signature and the seal
        _paragraph(right, "", size=BODY_SIZE)
    _paragraph(right, closing.signer_name or "", size=BODY_SIZE, bold=True, align=center)


# --- page layout ---------------------------------------------------------------------------------


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        _set_font(run, BODY_SIZE)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
    section.first_page_header.is_linked_to_previous = False


def _portrait(section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.orientation = 0
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)


def _landscape_sectpr(portrait_sectpr):
    sectpr = copy.deepcopy(portrait_sectpr)
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for element in sectpr.findall(qn(tag)):
            sectpr.remove(element)
    size = sectpr.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(PAGE_HEIGHT.twips))
    size.set(qn("w:h"), str(PAGE_WIDTH.twips))
    size.set(qn("w:orient"), "landscape")
    return sectpr


def _is_wide(table_element) -> bool:
    widths = [int(column.get(qn("w:w"), "0")) for column in table_element.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
    return sum(widths) > Mm(PORTRAIT_TEXT_MM + 1).twips


def _section_break(sectpr):
    paragraph = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    properties.append(sectpr)
    paragraph.append(properties)
    return paragraph


def _landscape_sections(document) -> None:
    """Each run of wide tables (with the heading just before it, a paragraph kept with the next) goes
    on landscape pages of its own."""
    body = document.element.body
    children = list(body.iterchildren())
    regions: list[list] = []
    for index, element in enumerate(children):
        if element.tag != qn("w:tbl") or not _is_wide(element):
            continue
        start = element
        previous = children[index - 1] if index else None
        if previous is not None and previous.tag == qn("w:p") and previous.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None:
            start = previous  # the table's heading goes with it
        between = children[children.index(regions[-1][1]) + 1 : index] if regions else None
        if regions and between is not None and len(between) <= 3 and all(e.tag == qn("w:p") for e in between):
            regions[-1][1] = element
        else:
            regions.append([start, element])
    if not regions:
        return
    final = body.sectPr
    for number, (start, end) in enumerate(regions):
        before = copy.deepcopy(final)
        if number:
            for tag in ("w:headerReference", "w:titlePg"):
                for element in before.findall(qn(tag)):
                    before.remove(element)
        start.addprevious(_section_break(before))
        end.addnext(_section_break(_landscape_sectpr(final)))
    # The sections after the first start on a numbered page: only the first page of all has no number.
    title_page = final.find(qn("w:titlePg"))
    if title_page is not None:
        final.remove(title_page)


def _uniform_fonts(document) -> None:
    _fonts(document.styles["Normal"].element)
    document.styles["Normal"].font.size = Pt(BODY_SIZE)
    for run in document.element.body.iter(qn("w:r")):
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is None or fonts.get(qn("w:ascii")) != FONT:
            _fonts(run)


def finalize(document) -> None:
    """The page layout over a whole document, whatever its template set: A4, margins, fonts, page
    numbers from page 2, landscape sections for wide tables."""
    for section in document.sections:
        _portrait(section)
    _page_number_header(document.sections[0])
    _uniform_fonts(document)
    _landscape_sections(document)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document():
    """A blank document (python-docx's default), laid out by `finalize` when done."""
    return Document()

"""Word documents in the official layout of Nghị định 30/2020/NĐ-CP (Phụ lục I).

The header is a two-column borderless table: issuing body and document number on the left;
Quốc hiệu, tiêu ngữ and place/date on the right. Body text is Times New Roman 13–14 on A4 with
the decree's margins. Every report builder of the project starts from `official_document()`.
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


@dataclass(frozen=True)
class OfficialHeader:
    issuer: str  # "SỞ TÀI CHÍNH"
    number: str  # "125/BC-STC" (the part after "Số: ")
    place: str  # "Đà Nẵng"
    date: dt.date
    issuer_parent: str = ""  # "UBND THÀNH PHỐ ĐÀ NẴNG"


@dataclass(frozen=True)
class Closing:
    signer_title: str  # "GIÁM ĐỐC"
    signer_name: str = ""
    on_behalf: str = ""  # "KT. GIÁM ĐỐC" / "TM. ỦY BAN NHÂN DÂN"
    recipients: Sequence[str] = field(default_factory=tuple)


def vietnamese_date_line(place: str, day: dt.date) -> str:
    """ "Đà Nẵng, ngày 05 tháng 3 năm 2025": days below 10 and months 1–2 take a leading zero (NĐ 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _set_font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    # East-Asian font slot too, or Word falls back to another font for Vietnamese letters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _paragraph(container, text: str = "", *, size=13, bold=False, italic=False, underline=False, align=None, space_after=0):
    paragraph = container.add_paragraph()
    if text:
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _hide_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def official_document(header: OfficialHeader, *, title: str, subtitle: str = "", landscape: bool = False) -> Document:
    """A new document with margins, default font, the NĐ 30 header block and the title."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = section.page_width, section.page_height
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _hide_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    left.paragraphs[0].text = ""
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = left.paragraphs[0]
    first.alignment = center
    if header.issuer_parent:
        _set_font(first.add_run(header.issuer_parent.upper()), 12)
        _paragraph(left, header.issuer.upper(), size=12, bold=True, underline=True, align=center)
    else:
        _set_font(first.add_run(header.issuer.upper()), 12, bold=True, underline=True)
    _paragraph(left, f"Số: {header.number}", size=13, align=center)
    motto = right.paragraphs[0]
    motto.alignment = center
    _set_font(motto.add_run(NATIONAL_TITLE), 12, bold=True)
    _paragraph(right, NATIONAL_MOTTO, size=13, bold=True, underline=True, align=center)
    _paragraph(right, vietnamese_date_line(header.place, header.date), size=13, italic=True, align=center)

    _paragraph(document, "", size=13)
    _paragraph(document, title.upper(), size=14, bold=True, align=center)
    if subtitle:
        _paragraph(document, subtitle, size=14, bold=True, align=center, space_after=6)
    _paragraph(document, "", size=6)
    return document


def add_heading(document, text: str, *, level: int = 1) -> None:
    """Section headings in body style (NĐ 30 uses bold body text, not Word's coloured headings)."""
    _paragraph(document, text, size=14, bold=True, italic=level > 1, space_after=3).paragraph_format.first_line_indent = Mm(10)


def add_text(document, text: str, *, italic: bool = False) -> None:
    paragraph = _paragraph(document, text, size=14, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=3)
    paragraph.paragraph_format.first_line_indent = Mm(10)


def add_table(
    document,
    headers: Sequence[str],
    rows: Sequence[Sequence],
    *,
    numeric: Sequence[int] = (),
    size: float = 11,
    widths_mm: Sequence[float] = (),
):
    """A bordered table; columns whose index is in `numeric` are right-aligned. Cells are str()-ed
    by the caller (already formatted the Vietnamese way)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, label in enumerate(headers):
        cell = table.rows[0].cells[index]
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(cell.paragraphs[0].add_run(str(label)), size, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            paragraph = cells[index].paragraphs[0]
            if index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_font(paragraph.add_run("" if value is None else str(value)), size)
    for index, width in enumerate(widths_mm):
        for row in table.rows:
            row.cells[index].width = Mm(width)
    _paragraph(document, "", size=6)
    return table


def add_closing(document, closing: Closing) -> None:
    """Recipients ("Nơi nhận:") on the left, signature block on the right."""
    table = document.add_table(rows=1, cols=2)
    _hide_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    if closing.recipients:
        _set_font(left.paragraphs[0].add_run("Nơi nhận:"), 12, bold=True, italic=True)
        for recipient in closing.recipients:
            _paragraph(left, f"- {recipient};", size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = right.paragraphs[0]
    first.alignment = center
    if closing.on_behalf:
        _set_font(first.add_run(closing.on_behalf.upper()), 13, bold=True)
        _paragraph(right, closing.signer_title.upper(), size=13, bold=True, align=center)
    else:
        _set_font(first.add_run(closing.signer_title.upper()), 13, bold=True)
    for _blank in range(4):
        _paragraph(right, "", size=13)
    if closing.signer_name:
        _paragraph(right, closing.signer_name, size=14, bold=True, align=center)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

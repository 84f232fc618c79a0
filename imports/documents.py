"""Tables of a signed decision, as rows the header matcher reads like a sheet's: a `.docx`
(python-docx) or a PDF with a text layer (pdfplumber). A scanned PDF has no text to read and is
refused with what to send instead. The same size limit as workbooks applies (settings).

A cell merged across columns (a task group "I. NHIỆM VỤ CHUNG" spanning the table) is read once,
in its first column, the others empty, and kept as a merged range, as a workbook's would be.
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from core.text import nfc
from imports.reader import FileRefused, RawSheet

PDF_MAGIC = b"%PDF"


def document_format(data: bytes) -> str | None:
    """ "docx" or "pdf" by content, None for anything else (a workbook, say)."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
    return None


def read_document(data: bytes, file_name: str) -> tuple[list[RawSheet], list[str]]:
    """(the document's tables as sheets, its paragraphs before the first table)."""
    if len(data) > settings.HOPTAC_IMPORT_MAX_BYTES:
        raise FileRefused(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": len(data) // 2**20, "limit": settings.HOPTAC_IMPORT_MAX_BYTES // 2**20}
        )
    kind = document_format(data)
    if kind == "docx":
        return _read_docx(data)
    if kind == "pdf":
        return _read_pdf(data)
    raise FileRefused(_("Tệp “%(name)s” không phải là văn bản DOCX hay PDF.") % {"name": file_name})


def _read_docx(data: bytes) -> tuple[list[RawSheet], list[str]]:
    import docx  # python-docx, imported when a decision is read (pages that never read one skip it)

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types on a broken package
        raise FileRefused(_("Văn bản bị hỏng, không mở được.")) from error
    sheets = []
    for number, table in enumerate(document.tables, start=1):
        rows, merged = [], []
        for r, row in enumerate(table.rows):
            cells, previous, start = [], None, 0
            for c, cell in enumerate(row.cells):
                if previous is not None and cell._tc is previous:
                    cells.append("")  # the same merged cell again
                    continue
                if previous is not None and c - 1 > start:
                    merged.append(((r, start), (r, c - 1)))
                previous, start = cell._tc, c
                cells.append(nfc(cell.text))
            if previous is not None and len(row.cells) - 1 > start:
                merged.append(((r, start), (r, len(row.cells) - 1)))
            rows.append(cells)
        sheets.append(RawSheet(name=_("Bảng %(number)s") % {"number": number}, rows=rows, merged=merged))
    paragraphs = [nfc(paragraph.text) for paragraph in document.paragraphs if paragraph.text.strip()]
    return sheets, paragraphs


def _page_edges(page) -> dict:
    """Table settings closing a table at the page's text edges: a row broken by a page break has no
    ruled line there, and without one pdfplumber drops the broken part of the row (the task
    table joins the two parts again, programs.numbering)."""
    if not page.chars:
        return {}
    top = min(char["top"] for char in page.chars) - 1
    bottom = max(char["bottom"] for char in page.chars) + 1
    return {"explicit_horizontal_lines": [top, bottom]}


def _read_pdf(data: bytes) -> tuple[list[RawSheet], list[str]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfminer raises its own types on a broken or encrypted file
        raise FileRefused(_("Tệp PDF bị hỏng hoặc được đặt mật khẩu, không mở được.")) from error
    with pdf:
        if not any(page.chars for page in pdf.pages):
            raise FileRefused(
                _(
                    "Tệp PDF này là bản quét (không có lớp văn bản), không đọc được bảng: cần bản có lớp văn bản "
                    "(tệp DOCX hoặc PDF xuất từ Word) của quyết định."
                )
            )
        rows = []
        for page in pdf.pages:
            for table in page.extract_tables(_page_edges(page)):
                rows.extend([nfc(cell or "") for cell in row] for row in table)
        first = pdf.pages[0].extract_text() or ""
    paragraphs = [nfc(line) for line in first.splitlines() if line.strip()]
    # A table running over several pages continues on the next: one sheet, its header found once.
    return ([RawSheet(name=_("Bảng 1"), rows=rows)] if rows else []), paragraphs

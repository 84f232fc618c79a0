"""The header of a signed decision (Nghị định 30/2020/NĐ-CP layout), read from its DOCX or text PDF,
to fill a new program when a task table arrives without one:

    ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH QUẢNG NAM                  Độc lập - Tự do - Hạnh phúc
    Số: 3351/QĐ-UBND                Quảng Nam, ngày 30 tháng 11 năm 2020
                          QUYẾT ĐỊNH
    Ban hành Chương trình hành động thực hiện Kết luận số 70-KL/TW …

Word puts the two columns in a borderless table; a PDF's text layer runs them into one line each.
Both become lines here, the national motto is dropped, and each field is found by its pattern.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from core.text import nfc, search_key
from imports.documents import document_format

NUMBER = re.compile(r"Số\s*:\s*(?P<number>\d+\s*/\s*[0-9A-ZĐa-zđ\-–]+(?:/[0-9A-ZĐ\-]+)?)", re.IGNORECASE)
DATE = re.compile(
    r"(?:(?P<place>[^\n,]{2,40}),\s*)?ngày\s+(?P<day>\d{1,2})\s*(?:tháng\s+|/\s*)(?P<month>\d{1,2})\s*(?:năm\s+|/\s*)(?P<year>\d{4})",
    re.IGNORECASE,
)
COMMITTEE = re.compile(
    r"(?:ỦY|UỶ|UBND)\s*(?:BAN\s+NHÂN\s+DÂN)?\s+(?P<level>TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|QUẬN|XÃ|PHƯỜNG)\s+(?P<name>[^\n]+)"
)
#: Text of the national heading, removed before reading (it shares lines with the issuer in a PDF).
MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.I)
#: Lines that end the title under "QUYẾT ĐỊNH" (search keys).
TITLE_ENDS = ("uy ban nhan dan", "ubnd", "chu tich", "can cu", "quyet dinh", "dieu 1", "giam doc", "bo truong", "phu luc")
MAX_LINES = 80  # the header sits in the first lines; the rest of the decision is not read


PERIOD = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")


@dataclass(frozen=True)
class DecisionHeader:
    number: str = ""  # "3351/QĐ-UBND"
    date: dt.date | None = None
    issuer: str = ""  # "UBND tỉnh Quảng Nam"
    title: str = ""  # what the decision issues: "Chương trình hành động …" (the program's title)
    place: str = ""  # "Quảng Nam", the place before the date
    subject: str = ""  # the lines under "QUYẾT ĐỊNH" as written: "Ban hành Chương trình hành động …"

    @property
    def complete(self) -> bool:
        """Enough to create the program it issues."""
        return bool(self.number and self.date and self.issuer and self.title)

    def period(self) -> tuple[int, int] | None:
        """The years the title names ("giai đoạn 2021 - 2025")."""
        match = PERIOD.search(self.title)
        return (int(match[1]), int(match[2])) if match and match[1] <= match[2] else None


def decision_header(path_or_file) -> DecisionHeader | None:
    """The header of the decision in `path_or_file` (a path, bytes or an open/uploaded file), or None
    when it is not a DOCX or text PDF or shows neither a number nor a date. Given the lines above a
    table instead (a list of text, as a sheet's title rows), the header they show, empty if none."""
    if isinstance(path_or_file, list | tuple):
        return read_header(list(path_or_file)) or DecisionHeader()
    data = _bytes(path_or_file)
    if not data or len(data) > settings.HOPTAC_IMPORT_MAX_BYTES:
        return None
    kind = document_format(data)
    try:
        lines = _docx_lines(data) if kind == "docx" else _pdf_lines(data) if kind == "pdf" else []
    except Exception:  # a broken file has no header to offer; the import's reader says why
        return None
    return read_header(lines)


def read_header(lines: list[str]) -> DecisionHeader | None:
    lines = [line for line in (nfc(MOTTO.sub(" ", line)).strip(" -_") for line in lines[:MAX_LINES]) if line]
    text = "\n".join(lines)
    number, date = NUMBER.search(text), DATE.search(text)
    if number is None and date is None:
        return None
    subject = _title(lines)
    return DecisionHeader(
        number=re.sub(r"\s+", "", number["number"]).upper() if number else "",
        date=_date(date),
        issuer=_issuer(lines),
        title=_issued(subject),
        place=_place(date),
        subject=subject,
    )


def _issued(subject: str) -> str:
    """What the decision issues: its subject without "Ban hành" / "Về việc ban hành"."""
    title = re.sub(r"^(?:về việc|v/v)?\s*[:,]?\s*(?:ban hành|phê duyệt)?\s*", "", subject, flags=re.IGNORECASE)
    return title[:1].upper() + title[1:]


def _bytes(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read()


def _docx_lines(data: bytes) -> list[str]:
    """Paragraphs and table cells in document order (the header is a two-column table)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(block.text.splitlines())
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in dict.fromkeys(row.cells):  # a merged cell comes once
                    lines.extend(cell.text.splitlines())
        if len(lines) > MAX_LINES:
            break
    return lines


def _pdf_lines(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return (pdf.pages[0].extract_text() or "").splitlines() if pdf.pages else []


def _date(match: re.Match | None) -> dt.date | None:
    if match is None:
        return None
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _place(date: re.Match | None) -> str:
    """The place before ", ngày …", without the number that shares its line in a PDF."""
    place = (date["place"] or "") if date else ""
    if number := NUMBER.search(place):
        place = place[number.end() :]
    return nfc(place)


def _issuer(lines: list[str]) -> str:
    """ "UBND tỉnh Quảng Nam" from "ỦY BAN NHÂN DÂN / TỈNH QUẢNG NAM"; another issuer as written."""
    head = "\n".join(lines[:4])
    if match := COMMITTEE.search(head.replace("\n", " ", 1) if "\n" in head else head):
        name = re.split(r"\s{2,}|Số\s*:", match["name"])[0].strip()
        return f"UBND {match['level'].lower()} {name.title()}"
    first = lines[0] if lines else ""
    return "" if NUMBER.search(first) else first


def _title(lines: list[str]) -> str:
    """The lines under "QUYẾT ĐỊNH" up to the issuing authority or "Căn cứ"."""
    keys = [search_key(line) for line in lines]
    try:
        start = keys.index("quyet dinh") + 1
    except ValueError:
        return ""
    title: list[str] = []
    for line, key in zip(lines[start:], keys[start:], strict=True):
        if key.startswith(TITLE_ENDS) or set(key) <= set("-_ "):
            break
        title.append(line)
    return nfc(" ".join(title))

"""The header of a decision (number, date, issuer, title), read from the lines above its task
table, to fill a new program when the person imports a decision without choosing one.

A first, plain reading of the usual layout (Nghị định 30/2020/NĐ-CP, Phụ lục I):

    ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    Số: 1234/QĐ-UBND                         Quảng Nam, ngày 20 tháng 12 năm 2021
    QUYẾT ĐỊNH
    Ban hành Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025

The programs' parsing (programs.task_table) may replace it with a fuller one; callers only use
`decision_header(lines)` and the `DecisionHeader` it returns.
"""

import datetime as dt
import re
from dataclasses import dataclass

from core.text import nfc, search_key

NUMBER = re.compile(r"\bS[ốo]\s*(?:hiệu)?\s*[:.]?\s*(\d+[\w./\-–]*/[\w\-–.]+)", re.IGNORECASE)
WRITTEN_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"\bngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
PERIOD = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")
ISSUERS = ("uy ban nhan dan", "ubnd", "so ", "ban ", "lien minh")
#: Lines that are not the title although they follow "QUYẾT ĐỊNH".
NOT_TITLE = ("quyet dinh", "cong hoa", "doc lap", "can cu", "phu luc", "chu tich", "so:")


@dataclass(frozen=True)
class DecisionHeader:
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    title: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.number and self.date and self.issuer and self.title)

    def period(self) -> tuple[int, int] | None:
        """The years the title names ("giai đoạn 2021 - 2025")."""
        match = PERIOD.search(self.title)
        return (int(match[1]), int(match[2])) if match and match[1] <= match[2] else None


def _date(text: str) -> dt.date | None:
    match = WRITTEN_DATE.search(text) or NUMERIC_DATE.search(text)
    if match is None:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _issuer(line: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM" → "UBND tỉnh Quảng Nam"; other names with their case."""
    text = nfc(line).split("  ")[0].strip()
    words = text.split()
    if search_key(text).startswith("uy ban nhan dan"):
        words = ["UBND", *words[4:]]
    if text.isupper() and len(words) > 1:
        words = [words[0], words[1].lower(), *(word.capitalize() for word in words[2:])]
    return " ".join(words)


def _title(lines: list[str]) -> str:
    """The line after "QUYẾT ĐỊNH" (without "Ban hành", "Về việc"), else a line naming a plan or program."""
    keys = [search_key(line) for line in lines]
    start = next((i + 1 for i, key in enumerate(keys) if key.startswith("quyet dinh")), 0)
    for line, key in zip(lines[start:], keys[start:], strict=True):
        if key and not key.startswith(NOT_TITLE) and not NUMBER.search(line) and not _date(line):
            title = re.sub(r"^(ban hành|về việc|v/v)\s*[:,]?\s*", "", nfc(line), flags=re.IGNORECASE).strip()
            return title[:1].upper() + title[1:]
    return ""


def decision_header(lines: list[str]) -> DecisionHeader:
    """The decision's number, date, issuer and title from its first lines (empty where not found)."""
    lines = [nfc(line) for line in lines if line and line.strip()]
    number = next((match[1] for line in lines if (match := NUMBER.search(line))), "")
    date = next((day for line in lines if (day := _date(line))), None)
    issuer = next((_issuer(line) for line in lines if search_key(line).startswith(ISSUERS)), "")
    return DecisionHeader(number=number.rstrip(".,"), date=date, issuer=issuer, title=_title(lines))

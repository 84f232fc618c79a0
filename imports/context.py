"""What a sheet says about itself outside its columns: the title block a district office puts on
top ("UBND THỊ XÃ ĐIỆN BÀN", "BIỂU TỔNG HỢP … NĂM 2024", "Đơn vị tính: triệu đồng") and the file's
name. The import uses it where a column is missing: the year of every report row, the district
that narrows bare commune names ("Điện Hồng", "X. Điện Hòa"), the commune of a commune's own list.

Read once per sheet from its first rows (never per data row).
"""

import datetime as dt
import re
from dataclasses import dataclass

from core.text import nfc, search_key

#: How far down the title block is looked for (as the header search).
TITLE_ROWS = 40
_YEAR = r"((?:19|20)\d\d)"
# "NĂM 2024", "năm báo cáo: 2024"; a line holding a date ("ngày 15 tháng 01 năm 2025") is passed over.
_TITLE_YEAR = re.compile(r"\bnam(?: bao cao)?\s*:?\s*" + _YEAR + r"\b")
_DATE_LINE = re.compile(r"ngay\s*\d{0,2}\s*thang\s*\d{0,2}\s*nam")
_NAME_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)")
# "UBND THỊ XÃ ĐIỆN BÀN", "ỦY BAN NHÂN DÂN HUYỆN DUY XUYÊN", "UBND XÃ ĐIỆN HÒA".
_ISSUER = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+(huyen|thi xa|quan|thanh pho|xa|phuong|thi tran)\s+(.+)$")
_DISTRICT_TYPES = {"huyen": "Huyện", "thi xa": "Thị xã", "quan": "Quận", "thanh pho": "Thành phố"}
_COMMUNE_TYPES = {"xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn"}


@dataclass(frozen=True)
class SheetContext:
    year: int | None = None
    year_source: str = ""  # form | title | file_name
    district: str = ""  # the issuing district as written ("Thị xã Điện Bàn"), for bare commune names
    commune: str = ""  # the issuing commune ("Xã Điện Hòa"): the commune of a list without that column
    kind: str = ""  # "tht" for a list titled "DANH SÁCH TỔ HỢP TÁC …", "htx" for a summary of cooperatives
    registration_code: str = ""  # "Mã số HTX: 4000000001" above a cooperative's members list

    def as_json(self) -> dict:
        return {key: value for key, value in vars(self).items() if value not in (None, "")}


def _plausible(year: int) -> bool:
    return 2000 <= year <= dt.date.today().year + 1


def title_year(rows: list[list]) -> int | None:
    """The year a title block names, or a "Năm" cell followed by the year."""
    for row in rows[:TITLE_ROWS]:
        for position, cell in enumerate(row):
            if not isinstance(cell, str) or not cell.strip():
                continue
            key = search_key(cell)
            if "nam" not in key:
                continue
            if key.strip(" :") in ("nam", "nam bao cao"):  # "Năm" | 2024 in the next cell
                following = next((c for c in row[position + 1 :] if c not in ("", None)), None)
                if isinstance(following, int | float) and _plausible(int(following)):
                    return int(following)
                continue
            if _DATE_LINE.search(key):
                continue
            match = _TITLE_YEAR.search(key)
            if match and _plausible(int(match.group(1))):
                return int(match.group(1))
    return None


def file_name_year(file_name: str) -> int | None:
    years = [int(found) for found in _NAME_YEAR.findall(file_name.rsplit(".", 1)[0]) if _plausible(int(found))]
    return years[-1] if len(years) == 1 else None  # "bao-cao-2023-2024" names no single year


def issuer(rows: list[list]) -> tuple[str, str]:
    """(district, commune) of the "UBND …" line of the title block, as "Thị xã Điện Bàn"."""
    for row in rows[:6]:
        for cell in row[:4]:
            if not isinstance(cell, str):
                continue
            text = nfc(cell)
            match = _ISSUER.match(search_key(text))
            if not match:
                continue
            unit_type = match.group(1)
            words = text.split(" ")
            name = " ".join(words[-len(match.group(2).split(" ")) :]).title()
            if unit_type in _DISTRICT_TYPES:
                return f"{_DISTRICT_TYPES[unit_type]} {name}", ""
            return "", f"{_COMMUNE_TYPES[unit_type]} {name}"
    return "", ""


#: Titles naming the kind of organizations a sheet lists or sums up ("DANH SÁCH TỔ HỢP TÁC …",
#: "BIỂU TỔNG HỢP TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM 2024").
_LIST_TITLES = ("danh sach", "bieu tong hop", "tong hop tinh hinh", "bao cao tinh hinh")
_TITLE_KINDS = (("to hop tac", "tht"), ("lien hiep hop tac xa", "lhhtx"), ("hop tac xa", "htx"))
_TITLE_CODE = re.compile(r"^ma so(?: htx| hop tac xa| thue| doanh nghiep)?\s*:\s*(\d{9,10}(?:-\d{3})?)$")


def title_facts(rows: list[list], header_row: int) -> tuple[str, str]:
    """(kind, registration code) the lines above the header name: a list "DANH SÁCH TỔ HỢP TÁC"
    holds cooperative groups; "Mã số HTX: 4000000001" names the cooperative of a members list."""
    kind = code = ""
    for row in rows[:header_row]:
        for cell in row:
            if isinstance(cell, int | float) or not isinstance(cell, str) or not cell.strip():
                continue
            key = search_key(cell)
            if not kind and key.startswith(_LIST_TITLES):
                kind = next((found for words, found in _TITLE_KINDS if words in key), "")
            match = _TITLE_CODE.match(key)
            if match and not code:
                code = match.group(1)
    return kind, code


def sheet_context(rows: list[list], *, file_name: str = "", year: int | None = None) -> SheetContext:
    """The context of one sheet; a year given by the person (upload form, --year) comes first."""
    source = "form" if year else ""
    if year is None:
        year, source = title_year(rows), "title"
    if year is None:
        year, source = file_name_year(file_name), "file_name"
    district, commune = issuer(rows)
    return SheetContext(year=year, year_source=source if year else "", district=district, commune=commune)


def with_title_facts(context: SheetContext, rows: list[list], header_row: int) -> SheetContext:
    """The context completed by what the lines above the header row found say (`title_facts`)."""
    kind, code = title_facts(rows, header_row)
    return SheetContext(**{**vars(context), "kind": kind, "registration_code": code})

"""VSIC 2018 (QĐ 27/2018/QĐ-TTg) sections, and the NĐ 113/2024 field each one falls in.

A VSIC code is a section letter (level 1, A–U) or 2 to 5 digits (levels 2–5), optionally written
after its section letter ("A0111"). The two leading digits (the division) fix the section.
NĐ 113/2024/NĐ-CP Điều 4 groups sections into four fields: A → nông nghiệp; B–F → công nghiệp –
xây dựng; K → tài chính, ngân hàng, bảo hiểm; everything else → thương mại, dịch vụ và khác.
One exception by class: salt extraction (khai thác muối, VSIC 0893, in section B) is agriculture
("nông nghiệp, lâm nghiệp, thủy sản và diêm nghiệp"); other mining stays industry.
"""

import re

from registry.models import Field

_CODE_RE = re.compile(r"^(?P<section>[A-U])?(?P<digits>\d{2,5})?$")

#: (first division, last division, section) of VSIC 2018 level 2.
_DIVISIONS = (
    (1, 3, "A"),
    (5, 9, "B"),
    (10, 33, "C"),
    (35, 35, "D"),
    (36, 39, "E"),
    (41, 43, "F"),
    (45, 47, "G"),
    (49, 53, "H"),
    (55, 56, "I"),
    (58, 63, "J"),
    (64, 66, "K"),
    (68, 68, "L"),
    (69, 75, "M"),
    (77, 82, "N"),
    (84, 84, "O"),
    (85, 85, "P"),
    (86, 88, "Q"),
    (90, 93, "R"),
    (94, 96, "S"),
    (97, 98, "T"),
    (99, 99, "U"),
)

_FIELD_BY_SECTION = {"A": Field.AGRICULTURE, "B": Field.INDUSTRY, "C": Field.INDUSTRY, "D": Field.INDUSTRY}
_FIELD_BY_SECTION |= {"E": Field.INDUSTRY, "F": Field.INDUSTRY, "K": Field.FINANCE}


#: Codes whose field differs from their section's: (VSIC prefix at level 4, field, source, verification).
#: Only a code at level 4 or 5 can be told apart: "08"/"089" (mining, other mining) stay industry.
FIELD_EXCEPTIONS = (
    (
        "0893",
        Field.AGRICULTURE,
        "NĐ 113/2024/NĐ-CP Điều 4 (lĩnh vực nông nghiệp gồm diêm nghiệp: khai thác muối)",
        "secondary",
    ),
)


def section_for(code: str) -> str | None:
    """The level-1 section of a VSIC code, or None when the code is malformed or unknown."""
    match = _CODE_RE.match((code or "").strip().upper())
    if not match or not (match["section"] or match["digits"]):
        return None
    section = match["section"]
    if match["digits"]:
        division = int(match["digits"][:2])
        by_digits = next((s for first, last, s in _DIVISIONS if first <= division <= last), None)
        if by_digits is None or (section and section != by_digits):
            return None
        section = by_digits
    return section


def field_for(code: str) -> str | None:
    """The NĐ 113/2024 field of activity of a VSIC code (None when the code is not valid)."""
    section = section_for(code)
    if section is None:
        return None
    digits = re.sub(r"^[A-U]", "", code.strip().upper())
    for prefix, field, _source, _verification in FIELD_EXCEPTIONS:
        if len(digits) >= len(prefix) and digits.startswith(prefix):
            return field
    return _FIELD_BY_SECTION.get(section, Field.TRADE)

"""An agency's letterhead and signature block, from its document settings (Agency.symbol etc.).

Every report builder asks here, so the same agency writes the same "Số: …/BC-STC", the same
"Đà Nẵng, ngày …" and the same "Nơi nhận" in every document. Unset settings fall back to what the
agency's own record says (its short name, its province).
"""

import datetime as dt
import re

from django.utils.translation import gettext as _

from accounts.models import Agency
from core.text import strip_diacritics
from reports.official import Closing, OfficialHeader, report_number

_UNIT_WORDS = ("Thành phố", "Tỉnh", "Phường", "Xã", "Đặc khu", "Huyện", "Thị xã", "Quận")
_COMMITTEES = (Agency.Kind.PROVINCIAL_COMMITTEE, Agency.Kind.COMMUNE_COMMITTEE, Agency.Kind.DISTRICT_COMMITTEE)


def _place(unit) -> str:
    """The short place name NĐ 30 asks for: "Đà Nẵng", never "Thành phố Đà Nẵng"."""
    name = unit.name
    for word in _UNIT_WORDS:
        name = name.removeprefix(word + " ")
    return name


#: Where an agency's name turns to its place ("Liên minh Hợp tác xã | thành phố Đà Nẵng"): a symbol
#: stops there ("Hợp tác xã" is no commune), and linking words carry no letter ("Sở Nông nghiệp và Môi trường" → SNNMT).
_PLACE_WORDS = re.compile(r"(?<!tác)\s(?:thành phố|tỉnh|xã|phường|đặc khu|huyện|quận|thị xã)\s.*$", re.IGNORECASE)
_LINKING_WORDS = frozenset({"và", "-", "&"})


def symbol_of(agency: Agency) -> str:
    """The agency's symbol ("STC"): as set, else the initials of its name up to its place."""
    if agency.symbol:
        return agency.symbol
    name = _PLACE_WORDS.sub("", agency.name)
    words = [word for word in name.split() if word.lower() not in _LINKING_WORDS and word[:1].isalpha()]
    initials = "".join(word if word.isupper() else word[0] for word in words)  # "UBND …" keeps its acronym
    return strip_diacritics(initials).upper() or "CQ"


def header_for(agency: Agency | None, *, day: dt.date, number: str = "", province=None) -> OfficialHeader:
    """The letterhead of a report the agency issues (or, with no agency, the province's UBND)."""
    if agency is None:
        issuer = (_("UBND %(unit)s") % {"unit": province.full_name}) if province is not None else _("Cơ quan báo cáo")
        place = _place(province) if province is not None else "…"
        return OfficialHeader(issuer=issuer, number=report_number("UBND", number), place=place, date=day)
    unit = agency.province or province
    parent = agency.parent_authority
    if not parent and unit is not None and agency.kind not in _COMMITTEES:  # a People's Committee heads itself
        parent = _("UBND %(unit)s") % {"unit": unit.full_name}
    if agency.kind in _COMMITTEES and agency.commune_id:  # a commune's committee writes from the commune
        unit = agency.commune
    return OfficialHeader(
        issuer=agency.name,
        issuer_parent=parent,
        number=report_number(symbol_of(agency), number),
        place=agency.place_name or (_place(unit) if unit is not None else "…"),
        date=day,
    )


def closing_for(agency: Agency | None, *, extra_recipients: tuple[str, ...] = ()) -> Closing:
    """The agency's "Nơi nhận" (report-specific recipients first, "Lưu: VT" always last) and signer."""
    recipients = [*extra_recipients, *(agency.recipient_list if agency is not None else [])]
    archive = _("Lưu: VT")
    recipients = [r for i, r in enumerate(recipients) if r not in recipients[:i] and r != archive] + [archive]
    if agency is None:
        return Closing(signer_title=_("Thủ trưởng cơ quan"), recipients=tuple(recipients))
    return Closing(
        signer_title=agency.signer_title or _("Thủ trưởng cơ quan"),
        signer_name=agency.signer_name,
        on_behalf=agency.signer_on_behalf,
        recipients=tuple(recipients),
    )

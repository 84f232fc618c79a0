"""Cell values as people type them in Vietnamese spreadsheets, turned into Python values.

Every parser raises `CellError` with a Vietnamese message; the pipeline adds sheet/row/column.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.text import nfc, search_key

#: Excel's day zero for serial dates (1900 system, including Lotus' 29/02/1900 bug).
EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Whole numbers are stored in 64-bit columns; this many or more is refused as too large.
INTEGER_LIMIT = 10**18


class CellError(ValueError):
    """A value that cannot be read; the message is shown to the user as is."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # codes typed as numbers: 4000000001.0 → "4000000001"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567 / 1.234,5
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567 / 1,234.5
_PLAIN = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def parse_decimal(value) -> Decimal | None:
    """Numbers written the Vietnamese way ("1.234.567", "1.234,5"), the English way when it is
    unambiguous ("1,234,567"), plain, or as Excel numbers. Spaces and "đ"/"đồng" are ignored."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” không phải là số.") % {"value": value})
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(_("Giá trị không phải là số."))
        return Decimal(str(value))
    text = nfc(str(value)).replace("\u00a0", " ")
    text = re.sub(r"(?i)\s*(đồng|đ|vnđ|vnd)\.?$", "", text).replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = "-" + text[1:-1]
    if _THOUSANDS_DOT.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    elif _PLAIN.match(text):
        # One separator: "1234,5" is a decimal comma; "1234.5" a decimal point. Both mean 1234.5.
        text = text.replace(",", ".")
    else:
        raise CellError(_("“%(value)s” không phải là số.") % {"value": nfc(str(value))})
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise CellError(_("“%(value)s” không phải là số.") % {"value": value}) from error


def parse_integer(value, *, scale: int = 1) -> int | None:
    """A whole number after applying the column's unit (e.g. × 1.000.000 for "triệu đồng")."""
    if type(value) is float and value.is_integer() and abs(value) < 2**53 or type(value) is int:
        # What spreadsheets mostly hold: an exact whole number, no need for the Decimal route.
        scaled = int(value) * scale
        if abs(scaled) >= INTEGER_LIMIT:
            raise CellError(_("Số “%(value)s” quá lớn.") % {"value": parse_text(value)})
        return scaled
    number = parse_decimal(value)
    if number is None:
        return None
    scaled = number * scale
    if scaled != scaled.to_integral_value():
        if scale == 1:
            raise CellError(_("“%(value)s” phải là số nguyên.") % {"value": parse_text(value)})
        scaled = scaled.to_integral_value()
    if abs(scaled) >= INTEGER_LIMIT:
        raise CellError(_("Số “%(value)s” quá lớn.") % {"value": parse_text(value)})
    return int(scaled)


_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value) -> dt.date | None:
    """Dates as Excel dates, Excel serial numbers, "dd/mm/yyyy" (also with "." or "-") or ISO."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # up to 31/12/9999
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(_("“%(value)s” không phải là ngày hợp lệ.") % {"value": value})
    text = nfc(str(value)).split(" ")[0]
    match = _DATE_DMY.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        match = _DATE_ISO.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d+(\.0)?", text):
            return parse_date(float(text))
    except ValueError as error:
        raise CellError(_("“%(value)s” không phải là ngày hợp lệ (dd/mm/yyyy).") % {"value": text}) from error
    raise CellError(_("“%(value)s” không phải là ngày hợp lệ (dd/mm/yyyy).") % {"value": text})


_TRUE = {"co", "x", "1", "true", "yes", "dung", "phai"}
_FALSE = {"khong", "0", "false", "no", "sai", ""}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    key = search_key(str(value or ""))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(_("“%(value)s” phải là “Có” hoặc “Không”.") % {"value": parse_text(value)})


def parse_choice(value, choices) -> str:
    """A coded field given by its code or its Vietnamese label, with or without diacritics."""
    if is_blank(value):
        return ""
    key = search_key(str(value))
    for code, label in choices:
        if key in (search_key(code), search_key(str(label))):
            return code
    # A shortened label ("Nông nghiệp" for "Nông, lâm, ngư nghiệp, diêm nghiệp"): its words all
    # in the label of one choice and no other.
    words = set(key.replace(",", " ").split())
    near = [code for code, label in choices if words and words <= set(search_key(str(label)).replace(",", " ").split())]
    if len(near) == 1:
        return near[0]
    raise CellError(
        _("“%(value)s” không có trong danh sách: %(choices)s.")
        % {"value": parse_text(value), "choices": "; ".join(str(label) for _code, label in choices)}
    )


# --- Values a batch keeps (diffs, staged data) as JSON, and back --------------------------------


def json_value(value):
    """A field's value as a batch keeps it in JSON: dates as ISO text, the rest as it is."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def python_value(model, name: str, value):
    """A kept JSON value back to the field's value (`name` may be a foreign key's attname)."""
    return value if value is None else model._meta.get_field(name.removesuffix("_id")).to_python(value)

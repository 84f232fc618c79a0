"""Vietnamese numbers, money and dates: the one parser of typed numbers ("200.000.000",
"1.234,5") and the formatting back ("1.234.567,5"; "12,4 tỷ"; "31/12/2025")."""

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

MILLION = 1_000_000
BILLION = 1_000_000_000
#: Whole numbers are stored in 64-bit columns; this many or more is refused as too large.
INTEGER_LIMIT = 10**18


class NumberError(ValueError):
    """Text that is not a number; the message (Vietnamese) names the value and is shown as is."""


_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567 / 1.234,5 (Vietnamese)
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567 / 1,234.5 (English)
_ONE_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3},\d{3}$")  # 1,234: English thousands or a decimal comma?
_PLAIN = re.compile(r"^[+-]?\d+([.,]\d+)?$")  # 1234 / 1234,5 / 1234.5
_CURRENCY = re.compile(r"(?i)\s*(đồng|đ|vnđ|vnd)\.?$")


def parse_number(value, *, comma_thousands: bool = False) -> Decimal | None:
    """A number as people type it in Vietnam; None when blank; NumberError (Vietnamese) otherwise.

    Accepted: "200.000.000" and "1.234,5" (dots between thousands, comma before decimals), plain
    "1234,5" or "1234.5" (one separator, not followed by exactly three digits, is the decimal
    mark), English grouping when it cannot be read the Vietnamese way ("1,234,567", "2,134.7"),
    "(1.000)" for a negative, a trailing "đ"/"đồng"/"VND", spaces; and int/float values (cells).
    Refused: words ("hai tỷ": officials sometimes write amounts out), several decimal marks.

    "1,234" is the one ambiguous text: a decimal comma (1,234) by default, as typed in a form;
    imports pass comma_thousands=True, because sheets exported by English-locale Excel write
    thousands that way (1234) - the rule imports have always applied."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise NumberError(_("“%(value)s” không phải là số.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise NumberError(_("Giá trị không phải là số."))
        return number
    written = unicodedata.normalize("NFC", str(value)).strip()
    text = _CURRENCY.sub("", written.replace("\u00a0", " ")).replace(" ", "")
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    if _THOUSANDS_DOT.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _ONE_COMMA_THOUSANDS.match(text) and not comma_thousands:
        text = text.replace(",", ".")
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    elif _PLAIN.match(text):
        text = text.replace(",", ".")
    elif any(char.isalpha() for char in text):
        raise NumberError(
            _("“%(value)s” không phải là số: hãy viết bằng chữ số (ví dụ 2.000.000.000), không viết bằng chữ.")
            % {"value": written}
        )
    else:
        raise NumberError(_("“%(value)s” không phải là số (ví dụ: 1.234.567 hoặc 1.234,5).") % {"value": written})
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only valid decimals
        raise NumberError(_("“%(value)s” không phải là số.") % {"value": written}) from None


def parse_whole_number(value, *, comma_thousands: bool = False) -> int | None:
    """parse_number() of a count or an amount in đồng: NumberError if it has a fraction or does
    not fit a 64-bit column."""
    number = parse_number(value, comma_thousands=comma_thousands)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise NumberError(_("“%(value)s” phải là số nguyên (không có phần lẻ).") % {"value": value})
    if abs(number) >= INTEGER_LIMIT:
        raise NumberError(_("Số “%(value)s” quá lớn.") % {"value": value})
    return int(number)


def format_number(value, decimals: int = 0) -> str:
    """Format with "." between thousands and "," before decimals; None becomes an empty string."""
    if value is None or value == "":
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _sep, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if decimals and fraction else f"{sign}{grouped}"


def format_percent(value, decimals: int = 1) -> str:
    if value is None:
        return ""
    return f"{format_number(value, decimals)} %"


def format_money_short(value) -> str:
    """Money in VND the way officials write it: "12,4 tỷ", "350 triệu", "950.000 đồng"."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    if abs(amount) >= BILLION:
        return _("%(amount)s tỷ") % {"amount": format_number(amount / BILLION, 1).removesuffix(",0")}
    if abs(amount) >= MILLION:
        return _("%(amount)s triệu") % {"amount": format_number(amount / MILLION, 1).removesuffix(",0")}
    return _("%(amount)s đồng") % {"amount": format_number(amount)}


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%H:%M %d/%m/%Y")

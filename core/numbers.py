"""Vietnamese number, money and date formatting ("1.234.567,5"; "12,4 tỷ"; "31/12/2025")."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

MILLION = 1_000_000
BILLION = 1_000_000_000


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

"""Template filters for Vietnamese display: {{ value|so }}, {{ value|tien }}, {{ value|ngay }}."""

import datetime as dt
import re
from decimal import Decimal

from django import template
from django.utils.html import format_html

from core import numbers
from core.roles import Role

register = template.Library()
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@register.filter(name="so")
def number(value, decimals=0):
    return numbers.format_number(value, int(decimals))


@register.filter(name="gia_tri")
def cell_value(value):
    """A value of unknown type (an import row's old and new values): numbers grouped
    ("796.000.000", "4,5"), ISO dates as dd/mm/yyyy, anything else as it is."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        return numbers.format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return numbers.format_date(dt.date.fromisoformat(value))
    return value


@register.filter(name="phan_tram")
def percent(value, decimals=1):
    return numbers.format_percent(value, int(decimals))


@register.filter(name="tien")
def money(value):
    return numbers.format_money_short(value)


@register.filter(name="ngay")
def date(value):
    return numbers.format_date(value)


@register.filter(name="ngay_gio")
def datetime(value):
    return numbers.format_datetime(value)


@register.filter(name="vai_tro")
def role_label(value):
    """A role (group) name as its Vietnamese label; other group names are shown as they are."""
    return Role(value).label if value in Role.__members__.values() else value


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """Current query string with some parameters replaced (for sort links and pagination)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter(name="aria_sort")
def aria_sort(sort, key):
    """The aria-sort attribute of a column header sorted by `key` (screen readers read it on the <th>,
    not on the link inside it): `<th{{ sort|aria_sort:"name" }}>`."""
    direction = {key: "ascending", f"-{key}": "descending"}.get(sort)
    return format_html(' aria-sort="{}"', direction) if direction else ""

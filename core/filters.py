"""Filters for whole numbers (row ids, years) shared by the API's FilterSets.

django-filter's NumberFilter reads a Decimal: `?year=0.0`, `?year=2024.5` or `?commune=-18446744073709551617`
reached the database as a Decimal or out of the integer range and ended in a 500. These read a whole
number within range, so anything else is a 400 naming the parameter.
"""

import django_filters
from django import forms

#: The largest id a BigAutoField holds.
MAX_ID = 2**63 - 1


def is_row_id(value: str) -> bool:
    """Whether a posted or queried text is a row id the database can hold: ASCII digits ("²" and
    "١" are digits to str.isdigit), from 1 to MAX_ID (SQLite cannot even bind a larger number)."""
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def id_filter(**kwargs) -> WholeNumberFilter:
    """A filter on a row id (a foreign key's column)."""
    return WholeNumberFilter(min_value=1, max_value=MAX_ID, **kwargs)

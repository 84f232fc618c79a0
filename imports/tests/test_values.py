import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import format_number
from imports import values as v
from registry.models import OrganizationKind


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_vietnamese_grouped_integers_read_back(number):
    assert v.parse_integer(format_number(number)) == number


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=1, allow_nan=False, allow_infinity=False))
def test_vietnamese_decimals_read_back(number):
    assert v.parse_decimal(format_number(number, 1)) == number


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_in_every_written_form_read_back(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert v.parse_date(day.strftime("%d/%m/%Y")) == day
    assert v.parse_date(serial) == day
    assert v.parse_date(float(serial)) == day
    assert v.parse_date(dt.datetime.combine(day, dt.time(8))) == day
    assert v.parse_date(day.isoformat()) == day


@given(st.text(alphabet="hoàòaÀđĐươ ", max_size=30))
def test_text_is_stored_in_nfc(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert v.parse_text(decomposed) == v.parse_text(text)
    assert unicodedata.is_normalized("NFC", v.parse_text(decomposed))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1.234.567", 1234567),
        ("1.234,5", Decimal("1234.5")),
        ("1,234,567", 1234567),
        ("1234,5", Decimal("1234.5")),
        ("2.500.000 đ", 2500000),
        ("(1.000)", -1000),
        (1234.0, 1234),
    ],
)
def test_numbers_as_people_write_them(written, expected):
    assert v.parse_decimal(written) == expected


def test_money_in_millions_becomes_dong():
    assert v.parse_integer("2,5", scale=1_000_000) == 2_500_000


@pytest.mark.parametrize("bad", ["abc", "1.2.3,4,5", "12/31/2024", "31/02/2024"])
def test_bad_values_raise_a_vietnamese_error(bad):
    with pytest.raises(v.CellError):
        v.parse_decimal(bad) if not bad.count("/") else v.parse_date(bad)


def test_choices_match_labels_without_diacritics_or_codes():
    assert v.parse_choice("hop tac xa", OrganizationKind.choices) == "htx"
    assert v.parse_choice("Hợp tác xã", OrganizationKind.choices) == "htx"
    assert v.parse_choice("tht", OrganizationKind.choices) == "tht"
    with pytest.raises(v.CellError, match="không có trong danh sách"):
        v.parse_choice("doanh nghiệp", OrganizationKind.choices)

"""The one number parser (core.numbers.parse_number) and the form/API fields built on it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers

from core.api import VietnameseDecimalField
from core.forms import MoneyField, NumberField
from core.numbers import NumberError, format_number, parse_number, parse_whole_number


@given(st.integers(min_value=-(10**17), max_value=10**17))
def test_whole_numbers_written_the_vietnamese_way_read_back(number):
    assert parse_whole_number(format_number(number)) == number
    assert parse_number(str(number)) == number


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    st.booleans(),
)
def test_decimals_written_the_vietnamese_way_read_back_in_both_modes(number, comma_thousands):
    written = format_number(number, 2)
    assert parse_number(written, comma_thousands=comma_thousands) == number


@given(st.integers(min_value=1000, max_value=10**12), st.integers(min_value=1, max_value=9))
def test_unambiguous_english_grouping_is_read_in_both_modes(whole, tenth):
    written = f"{whole:,}.{tenth}"  # "2,134.7"
    expected = Decimal(f"{whole}.{tenth}")
    assert parse_number(written) == expected
    assert parse_number(written, comma_thousands=True) == expected


@given(st.text(alphabet="abcdeghiklmnopqrstuvxyàáảãạăâđêôơưỷỹ ", min_size=1, max_size=20).filter(str.strip))
def test_words_are_refused_with_a_vietnamese_message(words):
    with pytest.raises(NumberError, match="không phải là số"):
        parse_number(words)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("200.000.000", 200_000_000),
        ("1.234,5", Decimal("1234.5")),
        ("2,134.7", Decimal("2134.7")),
        ("1,234,567", 1_234_567),
        ("4,5", Decimal("4.5")),
        ("4.5", Decimal("4.5")),
        ("1.234", 1234),
        ("1,234", Decimal("1.234")),
        ("(1.000)", -1000),
        ("1.500.000 đ", 1_500_000),
        ("1 500 000 đồng", 1_500_000),
        ("  ", None),
        (12.5, Decimal("12.5")),
    ],
)
def test_numbers_as_officials_type_them(written, expected):
    assert parse_number(written) == expected


def test_a_lone_comma_group_is_english_thousands_only_for_imports():
    assert parse_number("1,234") == Decimal("1.234")
    assert parse_number("1,234", comma_thousands=True) == 1234


def test_amounts_in_words_get_a_message_that_says_to_use_digits():
    with pytest.raises(NumberError) as error:
        parse_number("hai tỷ")
    assert "hai tỷ" in str(error.value) and "chữ số" in str(error.value)


@pytest.mark.parametrize("bad", ["1.2.3,4,5", "1,2,3", "--5", "5-"])
def test_malformed_numbers_are_refused(bad):
    with pytest.raises(NumberError):
        parse_number(bad)


def test_the_money_field_keeps_whole_dong_and_shows_them_grouped():
    field = MoneyField(required=False)
    assert field.clean("1.500.000 đ") == 1_500_000
    assert field.clean("") is None
    assert field.prepare_value(1_500_000) == "1.500.000"
    for bad in ("1.500,5", "hai triệu", "1.5"):
        with pytest.raises(ValidationError):
            field.clean(bad)


def test_the_number_field_keeps_decimals_and_its_bounds():
    field = NumberField(min_value=0, max_value=100)
    assert field.clean("12,5") == Decimal("12.5")
    assert field.prepare_value(Decimal("1234.5")) == "1.234,5"
    with pytest.raises(ValidationError, match="nhỏ hơn"):
        field.clean("-1")
    with pytest.raises(ValidationError, match="lớn hơn"):
        field.clean("100,5")


def test_the_api_decimal_field_reads_vietnamese_text_and_json_numbers():
    field = VietnameseDecimalField(max_digits=24, decimal_places=4)
    assert field.to_internal_value("35.000") == 35000
    assert field.to_internal_value("4,5") == Decimal("4.5")
    assert field.to_internal_value(4.5) == Decimal("4.5")
    with pytest.raises(serializers.ValidationError):
        field.to_internal_value("hai tỷ")

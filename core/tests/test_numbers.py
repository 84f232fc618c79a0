import datetime as dt

from core.numbers import format_date, format_money_short, format_number


def test_numbers_use_vietnamese_separators():
    assert format_number(1234567) == "1.234.567"
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(-1500) == "-1.500"


def test_money_is_shown_in_ty_and_trieu():
    assert format_money_short(12_400_000_000) == "12,4 tỷ"
    assert format_money_short(350_000_000) == "350 triệu"
    assert format_money_short(950_000) == "950.000 đồng"


def test_dates_are_day_month_year():
    assert format_date(dt.date(2025, 7, 1)) == "01/07/2025"

"""A column parsed at once reads exactly as its cells parsed one by one."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from imports import values as v
from imports.columns import BLANK, Refused, cell_parser, parse_column
from imports.specs import KINDS


def one_by_one(cells, spec_column, scale=None):
    parse = cell_parser(spec_column, scale)
    read = []
    for cell in cells:
        if cell is None or cell == "" or (isinstance(cell, str) and not cell.strip()):
            read.append(BLANK)
            continue
        try:
            read.append(parse(cell))
        except v.CellError as error:
            read.append(Refused(str(error)))
    return read


def comparable(values):
    return [("refused", value.message) if isinstance(value, Refused) else value for value in values]


def column(key):
    return KINDS["annual_reports"].column(key)


CELLS = st.one_of(
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "  ", None, "1.234.567", "12,5", "abc", "(1.000)", True, 7.0, 2024.0, 2.0**53, -(2.0**53)]),
)


@given(st.lists(CELLS, max_size=30), st.sampled_from([None, 1, 1000, 1_000_000]))
def test_number_columns_read_as_their_cells(cells, scale):
    for key in ("year", "revenue"):
        values, complete = parse_column(cells, column(key), scale)
        expected = one_by_one(cells, column(key), scale)
        assert comparable(values) == comparable(expected)
        assert complete == all(value is not BLANK and not isinstance(value, Refused) for value in expected)


DOUBLES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**60), max_value=2**60).map(float),  # whole, up to beyond 2**53
    st.sampled_from([0.0, -0.0, 2.0**53, 2.0**53 - 1, -(2.0**53) + 1, 1e15, 0.5, -1.5]),
)


@given(st.lists(DOUBLES, min_size=1, max_size=30), st.sampled_from([None, 1, 1000, 1_000_000]))
def test_number_columns_of_doubles_read_as_their_cells(cells, scale):
    # An XLSX number column: calamine reads every cell as a double (the numpy path).
    for key in ("year", "revenue"):
        values, complete = parse_column(cells, column(key), scale)
        expected = one_by_one(cells, column(key), scale)
        assert comparable(values) == comparable(expected)
        assert [type(value) for value in values] == [type(value) for value in expected]
        assert complete == all(value is not BLANK and not isinstance(value, Refused) for value in expected)


def test_plain_whole_numbers_take_the_shortcut_and_are_scaled():
    values, complete = parse_column([1.0, 2.0, 3], column("revenue"), 1_000_000)
    assert (values, complete) == ([1_000_000, 2_000_000, 3_000_000], True)
    values, complete = parse_column([1.0, 2.5], column("year"))
    assert comparable(values) == [1, ("refused", "“2.5” phải là số nguyên.")] and not complete


def test_equal_cells_of_other_types_are_read_each_their_own_way():
    cells = [1.0, 1, True, "1", dt.date(2024, 1, 2), "", "1"]
    values, complete = parse_column(cells, column("registration_code"))
    assert values == ["1", "1", "True", "1", "02/01/2024", BLANK, "1"] and not complete

"""A sheet's columns turned into values a whole column at a time.

A 50.000-row workbook holds most of a million cells; calling a parser of `imports.values` for
each one cost more than reading the file (bench/import). Here a column of plain whole numbers
(what spreadsheets mostly hold in count and money columns) is checked and converted by built-ins
in one go; any other column goes cell by cell through `imports.values`, each distinct cell value
parsed once (codes, names, communes and years repeat down a sheet). The values and the Vietnamese
messages are exactly the per-cell parsers'.
"""

from collections.abc import Callable
from functools import partial

import numpy as np

from imports import values as v

#: An empty cell: the row gives no value for that column.
BLANK = object()
#: Excel's exact whole numbers (doubles); beyond, the per-cell parser decides.
EXACT_LIMIT = 2**53


class Refused:
    """A cell that cannot be read; `message` is the parser's Vietnamese reason."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def cell_parser(spec_column, scale) -> Callable:
    """The function that reads one cell of this column (chosen once per column, not per cell)."""
    kind = spec_column.type
    if kind in ("text", "commune", "province"):
        return v.parse_text
    if kind == "int":
        return v.parse_integer
    if kind == "money":
        return partial(v.parse_integer, scale=scale or 1)
    if kind == "date":
        return v.parse_date
    if kind == "bool":
        return v.parse_bool
    if kind == "choice":
        return partial(v.parse_choice, choices=spec_column.choices)
    raise AssertionError(kind)


def parse_column(cells: list, spec_column, scale=None) -> tuple[list, bool]:
    """(values, complete): per cell, in order, its value, BLANK or Refused (as `cell_parser`
    would read it); `complete` when every cell gave a value (no BLANK, no Refused)."""
    if spec_column.type in ("int", "money"):
        numbers = _whole_numbers(cells, (scale or 1) if spec_column.type == "money" else 1)
        if numbers is not None:
            return numbers, True
    parse = cell_parser(spec_column, scale)
    seen: dict = {}
    parsed = []
    for raw in cells:
        key = (raw.__class__, raw)  # the type too: 1, 1.0 and True are equal keys but read differently
        value = seen.get(key, seen)
        if value is seen:
            value = seen[key] = _parse_cell(raw, parse)
        parsed.append(value)
    return parsed, all(value is not BLANK and type(value) is not Refused for value in seen.values())


def _parse_cell(raw, parse: Callable):
    if raw is None or raw == "" or (type(raw) is str and not raw.strip()):
        return BLANK
    try:
        return parse(raw)
    except v.CellError as error:
        return Refused(str(error))


def _whole_numbers(cells: list, scale: int) -> list | None:
    """The column as integers (× scale) when every cell is an exact whole number whose result
    is in range, using built-ins over the whole list; None when any cell needs the parser."""
    if not cells:
        return []
    types = set(map(type, cells))
    if types == {float}:  # what an XLSX number column reads as (calamine gives doubles)
        return _whole_doubles(cells, scale)
    if not types <= {int, float}:
        return None
    try:
        if max(cells) >= EXACT_LIMIT or min(cells) <= -EXACT_LIMIT:
            return None
        numbers = list(map(int, cells))
    except (ValueError, OverflowError):  # NaN, infinity
        return None
    if types == {int, float} and numbers != cells:  # a fraction among whole numbers (3 == 3.0, 3 != 3.5)
        return None
    return _scaled(numbers, scale)


def _whole_doubles(cells: list[float], scale: int) -> list | None:
    """`_whole_numbers` of a column of doubles, checked and converted by numpy (twice as fast as
    the built-ins on 50.000 cells, a dozen columns per report sheet: bench/import)."""
    doubles = np.fromiter(cells, dtype=np.float64, count=len(cells))  # a third faster than np.array on a list
    if not (np.isfinite(doubles).all() and (doubles == np.trunc(doubles)).all()):  # a fraction, NaN or infinity
        return None
    if np.abs(doubles).max() >= EXACT_LIMIT:
        return None
    return _scaled(doubles.astype(np.int64).tolist(), scale)


def _scaled(numbers: list[int], scale: int) -> list[int] | None:
    """Whole numbers × scale (Python's integers: exact at any size), None when one is then beyond
    the parser's limit."""
    if scale == 1:
        return numbers
    numbers = [number * scale for number in numbers]
    if max(numbers) >= v.INTEGER_LIMIT or min(numbers) <= -v.INTEGER_LIMIT:
        return None
    return numbers

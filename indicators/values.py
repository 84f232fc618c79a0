"""Computing an indicator's values, and arranging them as tables (pivot, plan versus actual).

Everything is computed live from current data. `compute` is the one entry point: a computed
indicator calls its computation (built-in or contributed), a manual one reads ManualValue.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.computations import check_breakdowns, get_computation, supported_breakdowns
from indicators.computations.common import cached_result
from indicators.computations.manual import manual_values
from indicators.models import Indicator, Method


def computation_for(indicator: Indicator):
    if indicator.method == Method.MANUAL:
        return manual_values
    return get_computation(indicator.computation)


def available_breakdowns(indicator: Indicator) -> frozenset[str]:
    try:
        return supported_breakdowns(computation_for(indicator)) | {"year"}
    except LookupError:
        return frozenset()


def compute(indicator: Indicator, *, years: Sequence[int], scope, breakdowns: Sequence[str] = ()) -> list[dict]:
    """Rows {"year", <breakdown>…, "value", "n"} (see indicators.computations for the contract).
    Raises ComputationUnavailable / UnsupportedBreakdown."""
    breakdowns = [name for name in breakdowns if name != "year"]
    function = computation_for(indicator)
    check_breakdowns(function, breakdowns)
    years = sorted(set(years))
    key = f"{indicator.pk}:{indicator.updated_at.isoformat() if indicator.updated_at else ''}:{years}:{scope.key}:{sorted(breakdowns)}"
    if indicator.method == Method.MANUAL:
        return cached_result(
            key,
            lambda: manual_values(
                years=years, scope=scope, breakdowns=breakdowns, params=indicator.parameters, indicator_id=indicator.pk
            ),
        )
    return cached_result(key, lambda: function(years=years, scope=scope, breakdowns=breakdowns, params=indicator.parameters))


def value_for(indicator: Indicator, *, year: int, scope) -> dict | None:
    """The single total of `indicator` for one year and scope (None when there is no data)."""
    rows = [row for row in compute(indicator, years=[year], scope=scope) if row["year"] == year]
    return rows[0] if rows else None


def series(indicator: Indicator, *, years: Sequence[int], scope) -> dict[int, dict]:
    return {row["year"]: row for row in compute(indicator, years=years, scope=scope)}


# --- Cross tables ------------------------------------------------------------------------------


@dataclass
class Cell:
    value: Decimal | int | float | None
    n: int | None = None
    suppressed: bool = False

    @property
    def is_empty(self) -> bool:
        return self.value is None


@dataclass
class CrossTable:
    """A table of one indicator: rows × columns (each a breakdown or None), with totals."""

    indicator: Indicator
    year: int
    row_by: str | None
    col_by: str | None
    row_keys: list = field(default_factory=list)
    col_keys: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # (row_key, col_key) -> Cell; None key = total
    suppression_threshold: int | None = None

    def cell(self, row_key, col_key) -> Cell:
        return self.cells.get((row_key, col_key)) or Cell(0 if self.indicator.is_count else None, 0)

    @property
    def has_row_totals(self) -> bool:
        """A last column with each row's total (not across years)."""
        return self.row_by is not None and self.col_by not in (None, "year")

    @property
    def has_col_totals(self) -> bool:
        """A last row with each column's total (not across years)."""
        return self.row_by not in (None, "year")


def _key(row, name):
    return row["year"] if name == "year" else row.get(name)


def cross_table(indicator: Indicator, *, year: int, scope, row_by: str | None, col_by: str | None, years_back: int = 9):
    """The values of `indicator` by `row_by` × `col_by` for `year` (a "year" axis spans the years
    back to year − years_back). Totals are computed, not summed, so averages and ratios stay right."""
    axes = [name for name in (row_by, col_by) if name]
    years = list(range(year - years_back, year + 1)) if "year" in axes else [year]
    table = CrossTable(indicator, year, row_by, col_by)
    plain = [name for name in axes if name != "year"]

    def fill(breakdowns, row_axis, col_axis):
        for row in compute(indicator, years=years, scope=scope, breakdowns=breakdowns):
            row_key = _key(row, row_axis) if row_axis else None
            col_key = _key(row, col_axis) if col_axis else None
            table.cells[(row_key, col_key)] = Cell(row["value"], row.get("n"))

    fill(plain, row_by, col_by)
    # Totals are only meaningful across places, kinds and fields, not across years.
    if row_by and col_by and col_by != "year":
        fill([name for name in plain if name == row_by], row_by, None)
    if row_by and col_by and row_by != "year":
        fill([name for name in plain if name == col_by], None, col_by)
    if "year" not in axes and axes:
        fill([], None, None)
    keys = defaultdict(set)
    for row_key, col_key in table.cells:
        if row_key is not None:
            keys["row"].add(row_key)
        if col_key is not None:
            keys["col"].add(col_key)
    table.row_keys = sorted(keys["row"], key=_sort_key)
    table.col_keys = sorted(keys["col"], key=_sort_key)
    return table


def _sort_key(value):
    return (0, value) if isinstance(value, int) else (1, str(value))


# --- Small-cell suppression --------------------------------------------------------------------


def suppress(table: CrossTable, *, threshold: int) -> CrossTable:
    """Hide cells resting on fewer than `threshold` organizations, then hide more cells so that no
    hidden cell can be recovered by subtracting the published cells from a published total.

    Primary: any cell (totals included) with 0 < n < threshold. Secondary: in every line (a row with
    its row total, a column with its column total), a line with exactly one hidden cell gets its
    smallest other non-zero cell hidden too, repeated until no line has a lone hidden cell.
    """
    table.suppression_threshold = threshold
    for cell in table.cells.values():
        if cell.n is not None and 0 < cell.n < threshold:
            cell.suppressed = True
    lines = _lines(table)
    changed = True
    while changed:
        changed = False
        for line in lines:
            cells = [table.cells[key] for key in line if key in table.cells]
            hidden = [cell for cell in cells if cell.suppressed]
            if len(hidden) != 1:
                continue
            candidates = [cell for cell in cells if not cell.suppressed and cell.value not in (None, 0)]
            if not candidates:
                continue
            min(candidates, key=lambda cell: (cell.n if cell.n is not None else 0, cell.value)).suppressed = True
            changed = True
    return table


def _lines(table: CrossTable) -> list[list]:
    rows = table.row_keys if table.row_by else [None]
    cols = table.col_keys if table.col_by else [None]
    lines = []
    for row_key in rows + ([None] if table.row_by else []):
        lines.append([(row_key, col_key) for col_key in cols] + ([(row_key, None)] if table.col_by else []))
    for col_key in cols + ([None] if table.col_by else []):
        lines.append([(row_key, col_key) for row_key in rows] + ([(None, col_key)] if table.row_by else []))
    return lines

"""An indicator's values arranged as tables: the cross table of the pivot, of an indicator's page
and of the public overview, and small-cell suppression for the public."""

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.computations.common import computing
from indicators.computations.values import compute
from indicators.models import Indicator

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


def _fills(row_by: str | None, col_by: str | None) -> list[tuple[list[str], str | None, str | None]]:
    """(breakdowns, row axis, column axis) of each computation filling the table: the cells, then
    the totals. Totals are only meaningful across places, kinds and fields, not across years."""
    axes = [name for name in (row_by, col_by) if name]
    plain = [name for name in axes if name != "year"]
    fills = [(plain, row_by, col_by)]
    if row_by and col_by and col_by != "year":
        fills.append(([name for name in plain if name == row_by], row_by, None))
    if row_by and col_by and row_by != "year":
        fills.append(([name for name in plain if name == col_by], None, col_by))
    if axes and "year" not in axes:
        fills.append(([], None, None))
    return fills


def _fill(table: "CrossTable", rows: list[dict], row_axis: str | None, col_axis: str | None) -> None:
    for row in rows:
        row_key = _key(row, row_axis) if row_axis else None
        col_key = _key(row, col_axis) if col_axis else None
        table.cells[(row_key, col_key)] = Cell(row["value"], row.get("n"))


@computing()
def cross_table(indicator: Indicator, *, year: int, scope, row_by: str | None, col_by: str | None, years_back: int = 9):
    """The values of `indicator` by `row_by` × `col_by` for `year` (a "year" axis spans the years
    back to year − years_back). Totals are computed, not summed, so averages and ratios stay right."""
    years = list(range(year - years_back, year + 1)) if "year" in (row_by, col_by) else [year]
    table = CrossTable(indicator, year, row_by, col_by)
    for breakdowns, row_axis, col_axis in _fills(row_by, col_by):
        _fill(table, compute(indicator, years=years, scope=scope, breakdowns=breakdowns), row_axis, col_axis)
    table.row_keys = sorted({row_key for row_key, _col in table.cells if row_key is not None}, key=_sort_key)
    table.col_keys = sorted({col_key for _row, col_key in table.cells if col_key is not None}, key=_sort_key)
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

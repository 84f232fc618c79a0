from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from indicators.tables import Cell, CrossTable, suppress

COUNT = SimpleNamespace(is_count=True, unit="to_chuc")


def table_from(grid: list[list[int]]) -> CrossTable:
    rows, cols = list(range(len(grid))), list(range(len(grid[0])))
    table = CrossTable(COUNT, 2024, "commune", "kind", rows, cols)
    for r in rows:
        for c in cols:
            table.cells[(r, c)] = Cell(grid[r][c], grid[r][c])
        table.cells[(r, None)] = Cell(sum(grid[r]), sum(grid[r]))
    for c in cols:
        total = sum(grid[r][c] for r in rows)
        table.cells[(None, c)] = Cell(total, total)
    grand = sum(map(sum, grid))
    table.cells[(None, None)] = Cell(grand, grand)
    return table


def recoverable(table: CrossTable) -> bool:
    """True if some hidden cell equals a published total minus the published cells of its line."""
    lines = []
    for r in [*table.row_keys, None]:
        lines.append(([(r, c) for c in table.col_keys], (r, None)))
    for c in [*table.col_keys, None]:
        lines.append(([(r, c) for r in table.row_keys], (None, c)))
    for members, total in lines:
        hidden = [key for key in members if table.cells[key].suppressed]
        if not table.cells[total].suppressed and len(hidden) == 1:
            return True
        if table.cells[total].suppressed and not hidden:
            return True  # a hidden total is the sum of its published cells
    return False


def test_a_lone_small_cell_takes_a_second_cell_with_it():
    table = suppress(table_from([[5, 1], [4, 6]]), threshold=3)
    assert table.cells[(0, 1)].suppressed
    assert not recoverable(table)
    assert sum(cell.suppressed for cell in table.cells.values()) >= 4  # its row and its column each hide a second cell


def test_zero_is_published_and_large_cells_are_left_alone():
    table = suppress(table_from([[0, 5], [7, 9]]), threshold=3)
    assert not any(cell.suppressed for cell in table.cells.values())


@given(
    st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=5), min_size=1, max_size=6).filter(
        lambda g: len({len(r) for r in g}) == 1
    )
)
def test_no_hidden_cell_can_be_recovered_from_published_totals(grid):
    table = suppress(table_from(grid), threshold=3)
    assert not recoverable(table)
    for key, cell in table.cells.items():
        if cell.n is not None and 0 < cell.n < 3:
            assert cell.suppressed, key

"""Finding the header row of a sheet the way people lay them out: a title block above, headers
over two rows with merged cells, units in brackets ("Doanh thu (triệu đồng)"), numbered columns."""

import functools
import re
from dataclasses import dataclass, field

from core.text import compact_key, search_key
from imports.specs import KindSpec

#: How far down a header row is looked for.
HEADER_SEARCH_ROWS = 40
_BRACKETS = re.compile(r"[(\[](.*?)[)\]]")
_LEADING_NUMBER = re.compile(r"^\d+")


@dataclass
class HeaderMatch:
    row: int  # zero-based index of the (last) header row
    columns: dict[int, str]  # column index → spec key
    scales: dict[int, int]  # column index → multiplier from the header's unit
    labels: dict[int, str]  # column index → header text as written
    unmatched: list[str] = field(default_factory=list)
    data_start: int = 0

    @property
    def score(self) -> int:
        return len(set(self.columns.values()))


def unit_scale(text: str) -> int | None:
    """Multiplier for money written in a unit: "triệu đồng" → 1.000.000; None when no unit."""
    key = search_key(text)
    if "dong" not in key and "vnd" not in key:
        return None
    if re.search(r"\bty\b", key):
        return 1_000_000_000
    if "trieu" in key:
        return 1_000_000
    if "nghin" in key or "ngan" in key:
        return 1_000
    return 1


@functools.lru_cache(maxsize=4096)  # the header search reads each of the first rows' cells in up to three candidates
def header_key(text: str) -> tuple[str, int | None]:
    """Compact key of a header without its bracketed unit, and the unit's multiplier."""
    text = str(text or "")
    scale = None
    for inner in _BRACKETS.findall(text):
        scale = unit_scale(inner) or scale
    base = _BRACKETS.sub(" ", text)
    if ":" in base or "," in base:
        # "Doanh thu, triệu đồng" / "Doanh thu: triệu đồng"
        head, tail = re.split(r"[:,]", base, maxsplit=1)
        tail_scale = unit_scale(tail)
        if tail_scale:
            scale, base = tail_scale, head
    return _LEADING_NUMBER.sub("", compact_key(base)), scale


def _fill_merged(rows: list[list], merged: list, limit: int) -> list[list]:
    """Header rows with merged cells' value copied into every cell they cover."""
    grid = [list(row) for row in rows[:limit]]
    for (top, left), (bottom, right) in merged:
        if top >= limit or top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for r in range(top, min(bottom, limit - 1) + 1):
            while len(grid[r]) <= right:
                grid[r].append("")
            for c in range(left, right + 1):
                if grid[r][c] in ("", None):
                    grid[r][c] = value
    return grid


def default_money_scale(rows: list[list], before: int) -> int:
    """A title-block line like "Đơn vị tính: triệu đồng" sets the unit of money columns."""
    for row in rows[:before]:
        for cell in row:
            if isinstance(cell, str) and "don vi" in search_key(cell):
                scale = unit_scale(cell.split(":", 1)[-1])
                if scale:
                    return scale
    return 1


@functools.cache
def _header_lookup(spec: KindSpec) -> dict[str, str]:
    """Header key → the spec column it names (the first column claiming a key wins)."""
    lookup = {}
    for column in spec.columns:
        for key in column.keys:
            lookup.setdefault(key, column.key)
    return lookup


def _match_row(spec: KindSpec, labels: list[str]) -> tuple[dict, dict, list]:
    lookup = _header_lookup(spec)
    columns, scales, unmatched = {}, {}, []
    taken = set()
    for index, label in enumerate(labels):
        if not label.strip():
            continue
        key, scale = header_key(label)
        target = lookup.get(key)
        if target is None or target in taken:
            unmatched.append(label)
            continue
        taken.add(target)
        columns[index] = target
        if scale is not None:
            scales[index] = scale
    return columns, scales, unmatched


def _is_column_numbers(row: list) -> bool:
    """A row "(1) (2) (3)" or "1 2 3" under the headers (common in official forms)."""
    cells = [str(cell).strip() for cell in row if str(cell).strip() not in ("", "None")]
    return bool(cells) and all(re.fullmatch(r"\(?[0-9A-Za-z]{1,3}(\.0)?\)?([=+*/-][0-9()+*/-]*)?", cell) for cell in cells)


def find_header(spec: KindSpec, rows: list[list], merged: list) -> HeaderMatch | None:
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    grid = _fill_merged(rows, merged, limit)
    best: HeaderMatch | None = None
    for index in range(limit):
        row = [str(cell).strip() if cell not in (None, "") else "" for cell in grid[index]]
        candidates = [row]
        if index > 0:
            above = [str(cell).strip() if cell not in (None, "") else "" for cell in grid[index - 1]]
            above += [""] * (len(row) - len(above))
            # Two-row headers: the group title above, the column title below ("Doanh thu" / "Tổng số").
            candidates.append([cell or up for cell, up in zip(row, above, strict=False)])
            candidates.append([f"{up} {cell}".strip() if up != cell else cell for cell, up in zip(row, above, strict=False)])
        for labels in candidates:
            columns, scales, unmatched = _match_row(spec, labels)
            if not all(need in columns.values() for need in spec.needed):
                continue
            match = HeaderMatch(index, columns, scales, {i: labels[i] for i in columns}, unmatched)
            if best is None or match.score > best.score:
                best = match
    if best is None:
        return None
    start = best.row + 1
    while start < len(rows) and _is_column_numbers(rows[start]):
        start += 1
    best.data_start = start
    money_scale = default_money_scale(rows, best.row)
    if money_scale != 1:
        for index, key in best.columns.items():
            if spec.column(key).type == "money" and index not in best.scales:
                best.scales[index] = money_scale
    return best


TOTAL_KEYS = ("tong cong", "tong so", "cong", "tong")


#: The start of a cell whose search key cannot begin with "tong" or "cong": an ASCII letter or
#: digit other than t/c (the search key keeps those as they are), after spaces, ":" and ".".
_NOT_TOTAL_START = re.compile(r"[\s:.]*[0-9abd-su-zABD-SU-Z]")


def is_total_row(row: list, first_columns: int = 4) -> bool:
    """ "Tổng cộng" / "Cộng" / "Tổng số" in one of the first cells: a total, not a record."""
    for cell in row[:first_columns]:
        if isinstance(cell, str) and cell.strip():
            if _NOT_TOTAL_START.match(cell):
                return False  # most first cells (codes, "HTX …"): no search key needed, this runs per row
            key = search_key(cell).strip(" :.")
            return key in TOTAL_KEYS or key.startswith("tong cong")
    return False

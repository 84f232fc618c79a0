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
    #: column index → how sure the match is: 1.0 for a header or synonym of the spec, less for a
    #: match by shared words (`fuzzy_target`); absent for the columns matched exactly.
    confidence: dict[int, float] = field(default_factory=dict)
    #: column index → header text of the columns no field was found for (shown in the preview).
    skipped: dict[int, str] = field(default_factory=dict)
    #: Every column's header text as read (two-level headers joined): the layout (imports.mapping).
    texts: list[str] = field(default_factory=list)
    #: The columns come from a layout a person confirmed before (imports.mapping).
    remembered: bool = False

    @property
    def score(self) -> tuple:
        exact = sum(1 for index in self.columns if index not in self.confidence)
        return (len(set(self.columns.values())), exact)


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


#: Shortenings offices write in headers, read as the words they stand for.
ABBREVIATIONS = {
    "tv": "thanh vien",
    "htx": "hop tac xa",
    "tht": "to hop tac",
    "ld": "lao dong",
    "dt": "doanh thu",
    "bq": "binh quan",
    "tn": "thu nhap",
    "ln": "loi nhuan",
    "dkkd": "dang ky kinh doanh",
    "sdt": "dien thoai",
}
#: Words that say nothing about which field a header names ("Số …", "Trong đó: …", "… của HTX").
STOPWORDS = frozenset({"so", "trong", "do", "cua", "cac", "va", "la", "theo", "tai", "ghi", "chu"})
#: Share of words a header and a field's header or synonym must have in common to be matched.
FUZZY_THRESHOLD = 0.6
_WORD = re.compile(r"[0-9a-z/]+")


@functools.lru_cache(maxsize=8192)
def header_words(text: str) -> frozenset[str]:
    """The meaningful words of a header, diacritic-free, abbreviations spelled out, units dropped."""
    words = []
    for word in _WORD.findall(search_key(_BRACKETS.sub(" ", text))):
        words.extend(ABBREVIATIONS.get(word, word).split())
    return frozenset(word for word in words if word not in STOPWORDS and not word.isdigit())


@functools.cache
def _spec_words(spec: KindSpec) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple(
        (column.key, words)
        for column in spec.columns
        for text in (column.header, *column.synonyms)
        if (words := header_words(text))
    )


@functools.lru_cache(maxsize=8192)
def fuzzy_scores(spec: KindSpec, label: str) -> tuple[tuple[float, str], ...]:
    """(share of words in common, spec key) for each field a header may name, best first."""
    words = header_words(label)
    if not words or len(label) > 120:
        return ()
    best: dict[str, float] = {}
    for key, target in _spec_words(spec):
        common = len(words & target)
        if common:
            score = common / len(words | target)
            if score > best.get(key, 0):
                best[key] = score
    return tuple(sorted(((score, key) for key, score in best.items() if score >= FUZZY_THRESHOLD), reverse=True))


def _looks_like_headers(labels: list[str]) -> bool:
    """Header rows are text; a data row (figures, codes) is not worth matching by words."""
    filled = [label for label in labels if label]
    return bool(filled) and sum(1 for label in filled if not any(ch.isdigit() for ch in label)) * 2 > len(filled)


def _match_row(spec: KindSpec, labels: list[str]) -> tuple[dict, dict, list, dict]:
    """(columns, scales, unmatched, confidence): exact header keys first, then, for the labels
    left, the fields whose words they share most (each field to its best-matching column)."""
    lookup = _header_lookup(spec)
    columns, scales, unmatched, confidence = {}, {}, [], {}
    taken = set()
    left = []
    for index, label in enumerate(labels):
        if not label.strip():
            continue
        key, scale = header_key(label)
        target = lookup.get(key)
        if scale is not None:
            scales[index] = scale
        if target is None or target in taken:
            left.append(index)
            continue
        taken.add(target)
        columns[index] = target
    if left and _looks_like_headers(labels):
        offers = sorted(
            ((score, -index, key) for index in left for score, key in fuzzy_scores(spec, labels[index])), reverse=True
        )
        for score, negative, key in offers:
            index = -negative
            if index in columns or key in taken:
                continue
            taken.add(key)
            columns[index] = key
            confidence[index] = round(score, 2)
    for index in left:
        if index not in columns:
            unmatched.append(labels[index])
            scales.pop(index, None)
    return columns, scales, unmatched, confidence


def _is_column_numbers(row: list) -> bool:
    """A row "(1) (2) (3)" or "1 2 3" under the headers (common in official forms)."""
    cells = [str(cell).strip() for cell in row if str(cell).strip() not in ("", "None")]
    return bool(cells) and all(re.fullmatch(r"\(?[0-9A-Za-z]{1,3}(\.0)?\)?([=+*/-][0-9()+*/-]*)?", cell) for cell in cells)


def _continues(best: HeaderMatch, match: HeaderMatch, row: list[str]) -> bool:
    """The row just under the best header so far, read with it, finds as many fields and is
    itself headers ("Tổng số" | "Trong đó: TV chính thức" under an unmerged "Số thành viên"):
    the header goes on to it, or it would be read as a record."""
    return match.row == best.row + 1 and match.score[0] >= best.score[0] and _looks_like_headers(row)


def _group_rows(rows: list[list], merged: list, limit: int) -> set[int]:
    """Rows holding a group title merged across columns that the next row splits into titles of
    their own: never the last header row, whose labels are the columns' own."""
    groups = set()
    for (top, left), (bottom, right) in merged:
        if top == bottom and right > left and top + 1 < min(limit, len(rows)):
            below = rows[top + 1][left : right + 1]
            if sum(1 for cell in below if cell not in ("", None)) > 1:
                groups.add(top)
    return groups


#: A field the header may lack because something else gives it: the commune of an organization
#: may come from an address column whose values are commune names (`imports.staging`).
STANDS_IN = {"commune": "address"}


def find_header(spec: KindSpec, rows: list[list], merged: list, implied: frozenset = frozenset()) -> HeaderMatch | None:
    """The best header row of a sheet for `spec`. `implied`: needed keys the sheet's context gives
    (the year of a title block), so their column may be missing."""
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    grid = _fill_merged(rows, merged, limit)
    groups = _group_rows(rows, merged, limit)
    best: HeaderMatch | None = None
    for index in range(limit):
        if index in groups:
            continue  # "Số thành viên" over "Tổng số" | "Trong đó: TV chính thức": read with the row below
        row = _texts(grid[index])
        for labels in _candidates(row, _texts(grid[index - 1]) if index > 0 else None):
            match = _header_match(spec, index, labels, implied)
            if match is not None and (best is None or match.score > best.score or _continues(best, match, row)):
                best = match
    if best is not None:
        _finish(spec, best, rows)
    return best


def _texts(cells: list) -> list[str]:
    return [str(cell).strip() if cell not in (None, "") else "" for cell in cells]


def _candidates(row: list[str], above: list[str] | None) -> list[list[str]]:
    """The ways a row may hold the header: alone, or under a group title above it, the title
    filling the row's empty cells or read before each column's own ("Doanh thu" / "Tổng số")."""
    if above is None:
        return [row]
    above = above + [""] * (len(row) - len(above))
    return [
        row,
        [cell or up for cell, up in zip(row, above, strict=False)],
        [f"{up} {cell}".strip() if up != cell else cell for cell, up in zip(row, above, strict=False)],
    ]


def _header_match(spec: KindSpec, index: int, labels: list[str], implied: frozenset) -> HeaderMatch | None:
    """The reading of `labels` as the header, if it finds every field the kind needs."""
    columns, scales, unmatched, confidence = _match_row(spec, labels)
    found = set(columns.values())
    if not all(need in found or need in implied or STANDS_IN.get(need) in found for need in spec.needed):
        return None
    skipped = {i: label for i, label in enumerate(labels) if label and i not in columns}
    return HeaderMatch(index, columns, scales, {i: labels[i] for i in columns}, unmatched, 0, confidence, skipped, labels)


def _finish(spec: KindSpec, best: HeaderMatch, rows: list[list]) -> None:
    """Where the data starts (past a column-number row) and the money unit of columns whose
    header names none (the "Đơn vị tính" line)."""
    start = best.row + 1
    while start < len(rows) and _is_column_numbers(rows[start]):
        start += 1
    best.data_start = start
    money_scale = default_money_scale(rows, best.row)
    if money_scale != 1:
        for index, key in best.columns.items():
            if spec.column(key).type == "money" and index not in best.scales:
                best.scales[index] = money_scale


TOTAL_KEYS = ("tong cong", "tong so", "cong", "tong")


#: The start of a cell whose search key cannot begin with "tong" or "cong": an ASCII letter or
#: digit other than t/c (the search key keeps those as they are), after spaces, ":" and ".".
_NOT_TOTAL_START = re.compile(r"[\s:.]*[0-9abd-su-zABD-SU-Z]")


def is_total_row(row: list, first_columns: int = 4) -> bool:
    """ "Tổng cộng" / "Cộng" / "Tổng số" in one of the first cells: a total, not a record."""
    for cell in row[:first_columns]:
        if type(cell) is str:
            # Most first texts (codes, "HTX …") are told apart by their first letter, before any
            # strip or search key: this runs for every row of the sheet.
            if _NOT_TOTAL_START.match(cell):
                return False
            if cell.strip():
                key = search_key(cell).strip(" :.")
                return key in TOTAL_KEYS or key.startswith("tong cong")
    return False


_SECTION = re.compile(r"^(?:[IVX]{1,5}[.)]?|[A-D][.)])$|^(?:[IVX]{1,5}|[A-D])[.)]\s")
#: How the lines under a table begin: who signs, for whom, where and when.
_SIGNATURE = re.compile(
    r"^(?:nguoi lap|lap bieu|thu truong|kt\.? ?(?:chu tich|giam doc|truong)|tm\.? ?(?:ubnd|uy ban)|chu tich|"
    r"giam doc|truong phong|ke toan|noi nhan|xac nhan)"
    r"|ngay\s*\.*\s*\d{0,2}\s*\.*\s*thang"
)


def row_role(row: list) -> str | None:
    """What a row under the header is when it is not a record: "total", "section" ("I. Nông
    nghiệp") or "signature" (the block under the table); None for a record. Past the total
    check (as before), a row starting with a number or a code (most rows: an order number, a
    registration code) is a record at once, with no more text looked at."""
    if is_total_row(row):  # a numbered total too ("3 | | Tổng cộng")
        return "total"
    first = row[0] if row else None
    if type(first) is int or type(first) is float or (type(first) is str and first[:1].isdigit()):
        return None
    filled = [cell for cell in row if cell not in ("", None)]
    lead = next((cell for cell in row[:3] if cell not in ("", None)), None)
    if isinstance(lead, str) and _SECTION.match(lead.strip()):
        return "section"
    if len(filled) <= 3 and any(isinstance(cell, str) and _SIGNATURE.search(search_key(cell)) for cell in filled):
        return "signature"
    return None

"""Links from a figure to the list of organizations behind it (the registry's list page).

Every computed figure links with the registry filters that reproduce it, so that the list's total
is the figure (for counts) or the organizations the figure rests on (its `n`: the reporting
organizations behind a sum or an average, the rated ones behind a share's numerator):

| computation                 | list filters                                        |
|-----------------------------|-----------------------------------------------------|
| org_count                   | exists_year (founded by 31/12, not ended by then)   |
| org_founded                 | founded_year                                        |
| org_ended                   | ended_year + ended_how                              |
| org_status_count            | status + status_on (31/12, today for this year)     |
| report_* , worker_income    | report_year                                         |
| rated_good_fair_*           | rating tốt, khá + evaluation_year                   |
| size_class_count            | size_class + evaluation_year                        |
| growth                      | the list of the indicator it grows from             |

plus the indicator's kind and field, the scope's place and a cell's breakdown values. The list
stays scoped by the reader's jurisdiction: a commune officer following a province figure sees only
their commune's organizations.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse

from evaluation.rating import GOOD_RATINGS
from geo.models import Level
from indicators.computations.common import as_of
from registry.models import Status

#: Indicator computations whose organizations are the ones with an annual report of the year.
REPORT_COMPUTATIONS = {"report_sum", "report_average", "report_ratio", "worker_income"}


@lru_cache
def _list_path(script_prefix: str) -> str:
    # A page builds hundreds of these links (every figure, chart point and map bubble).
    return reverse("registry:organization_list")


def organization_list_url(**params) -> str:
    query = {name: value for name, value in params.items() if value not in (None, "", [], ())}
    return _list_path(get_script_prefix()) + ("?" + urlencode(query, doseq=True) if query else "")


def place_params(scope) -> dict:
    if scope.unit is None:
        return {}
    if scope.is_legacy:
        return {"former_area": scope.unit.pk}
    return {"province": scope.unit.pk} if scope.unit.level == Level.PROVINCE else {"commune": scope.unit.pk}


def year_params(computation: str, params: dict, year: int) -> dict | None:
    """The list filters selecting the organizations a computation counts in `year` (None: the
    computation is not about a list of organizations)."""
    if computation == "org_count":
        return {"exists_year": year}
    if computation == "org_founded":
        return {"founded_year": year}
    if computation == "org_ended":
        return {"ended_year": year, "ended_how": params.get("how", "dissolved")}
    if computation == "org_status_count":
        day = as_of(year)
        return {"status": params.get("status", Status.OPERATING), "status_on": day.isoformat() if day else None}
    if computation in REPORT_COMPUTATIONS:
        return {"report_year": year}
    if computation in ("rated_good_fair_count", "rated_good_fair_share"):
        return {"rating": list(GOOD_RATINGS), "evaluation_year": year}
    if computation == "size_class_count":
        return {"size_class": params.get("size_class"), "evaluation_year": year}
    return None


def indicator_list_url(indicator, *, scope, year: int, **breakdown) -> str | None:
    """The organizations behind `indicator` in `scope` and `year`, narrowed by breakdown values
    (province, commune, kind, field, size_class). None for manual indicators."""
    if indicator.method == "manual":
        return None
    params = dict(indicator.parameters or {})
    if indicator.computation == "growth":
        from indicators.models import Indicator

        base = Indicator.objects.filter(code=params.get("of")).first()
        return indicator_list_url(base, scope=scope, year=year, **breakdown) if base else None
    query = {"kind": params.get("kind"), "field": params.get("field"), **place_params(scope)}
    query.update(year_params(indicator.computation, params, year) or {})
    if breakdown.get("size_class") and "evaluation_year" not in query:
        query["evaluation_year"] = year
    query.update(breakdown)
    return organization_list_url(**query)


def cell_links(table, *, scope) -> list[list[str | None]]:
    """URLs for the cells of a cross table, in the order of `exports.table_rows` (rows, then the
    totals row; in each, the columns then the row total). Suppressed cells get no link."""

    def url(row_key, col_key):
        if table.cell(row_key, col_key).suppressed:
            return None
        values = {}
        for axis, key in ((table.row_by, row_key), (table.col_by, col_key)):
            if axis and key is not None:
                values[axis] = key
        year = values.pop("year", table.year)
        return indicator_list_url(table.indicator, scope=scope, year=year, **values)

    cols = table.col_keys if table.col_by else [None]
    row_keys = table.row_keys if table.row_by else [None]
    lines = [*row_keys, *([None] if table.has_col_totals else [])]
    return [[url(row_key, col) for col in cols] + ([url(row_key, None)] if table.has_row_totals else []) for row_key in lines]


class LinkedCell(str):
    """A cell's text that also carries the URL of its list (templates: `{{ cell }}`, `cell.url`)."""

    url: str | None = None

    def __new__(cls, text: str, url: str | None):
        cell = super().__new__(cls, text)
        cell.url = url
        return cell


def linked_grid(grid, links):
    """`exports.table_rows(..., as_text=True)` with each value cell carrying its list URL."""
    headers, rows = grid
    return headers, [[row[0], *map(LinkedCell, row[1:], line)] for row, line in zip(rows, links, strict=True)]


def series_links(indicator, *, scope, years) -> list[str | None]:
    """One list URL per year, for the points of a chart of `indicator` over `years`."""
    return [indicator_list_url(indicator, scope=scope, year=year) if indicator else None for year in years]


def rating_list_url(*, scope, kind: str, rating: str, year: int) -> str:
    """Organizations of `kind` rated `rating` in evaluation year `year` (the ratings chart)."""
    return organization_list_url(kind=kind, rating=rating, evaluation_year=year, **place_params(scope))

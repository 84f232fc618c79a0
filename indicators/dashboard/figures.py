"""The figures of the home dashboard, computed live for one scope (see indicators.computations.values)."""

from dataclasses import dataclass
from decimal import Decimal

from evaluation.rating import RATING_LABELS
from geo.models import AdminUnit
from indicators.computations import ComputationUnavailable
from indicators.computations.common import computing, today
from indicators.computations.evaluation import rating_distribution
from indicators.computations.registry import prefetch
from indicators.computations.values import compute
from indicators.links import indicator_list_url, rating_list_url, series_links
from indicators.models import Indicator, unit_with_count
from indicators.targets.progress import TargetStatus, progress
from indicators.targets.selectors import targets_for
from registry.models import Field, OrganizationKind

KIND_TOTALS = (
    ("htx_total", OrganizationKind.COOPERATIVE),
    ("tht_total", OrganizationKind.COOPERATIVE_GROUP),
    ("lhhtx_total", OrganizationKind.UNION),
)


@dataclass
class Figure:
    code: str
    label: str
    value: Decimal | int | None
    previous: Decimal | int | None
    unit: str
    year: int
    url: str | None
    decimals: int = 0
    indicator: Indicator | None = None  # its numerator / denominator / population, shown on hover and below
    higher_is_better: bool = True

    @property
    def unit_label(self) -> str:
        """The unit after the value, plural when it should be ("383 organizations")."""
        return unit_with_count(self.indicator.unit, self.value) if self.indicator else self.unit

    @property
    def trend(self) -> str:
        """good | bad | flat: the colour of the change follows the indicator's direction, not the sign."""
        if not self.change:
            return "flat"
        return "good" if (self.change > 0) == self.higher_is_better else "bad"

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self):
        if self.change is None or not self.previous:
            return None
        return Decimal(self.change) / Decimal(self.previous) * 100


def _series(indicator, years, scope, breakdowns=()):
    # A catalogue edited in the admin may lack an indicator the dashboard knows: show no data, not a 500.
    if indicator is None:
        return None
    try:
        return compute(indicator, years=years, scope=scope, breakdowns=breakdowns)
    except ComputationUnavailable:
        return None


def _by_year(rows):
    return {row["year"]: row["value"] for row in rows or []}


def _plain(values):
    """Numbers for the charts' JSON (Decimal becomes float)."""
    return [None if value is None else float(value) for value in values]


#: The headline figures: (indicator code, the year they are of, decimals). Counts are of the year
#: looked at; report figures of the latest year whose reports are in (the year before the current
#: one). Triệu đồng get one decimal, counts none.
HEADLINE = (
    ("htx_total", "year", 0),
    ("tht_total", "year", 0),
    ("lhhtx_total", "year", 0),
    ("htx_new", "year", 0),
    ("htx_dissolved", "year", 0),
    ("htx_members", "report_year", 0),
    ("htx_avg_revenue", "report_year", 1),
    ("htx_avg_worker_income", "report_year", 0),
)
#: Shown only when some HTX were rated (a share of nobody is no figure).
RATED_SHARE = ("htx_good_fair_share", "report_year", 1)
#: The lines of the members chart: kind → indicator code.
MEMBER_SERIES = ((OrganizationKind.COOPERATIVE, "htx_members"), (OrganizationKind.COOPERATIVE_GROUP, "tht_members"))


def _figure(indicator, *, scope, at: int, decimals: int) -> Figure | None:
    if indicator is None:
        return None
    values = _by_year(_series(indicator, [at - 1, at], scope))
    return Figure(
        indicator.code,
        indicator.title,
        values.get(at),
        values.get(at - 1),
        indicator.get_unit_display(),
        at,
        indicator_list_url(indicator, scope=scope, year=at),
        decimals,
        indicator,
        indicator.higher_is_better,
    )


def _headline(indicators: dict, *, scope, years: dict[str, int]) -> list[Figure]:
    figures = [_figure(indicators.get(code), scope=scope, at=years[when], decimals=decimals) for code, when, decimals in HEADLINE]
    code, when, decimals = RATED_SHARE
    rated = _figure(indicators.get(code), scope=scope, at=years[when], decimals=decimals)
    if rated is not None and rated.value is not None:
        figures.append(rated)
    return [item for item in figures if item is not None]


def _by_field(indicator, *, scope, year: int) -> list[dict]:
    """HTX per field in `year`, every field listed (0 where none)."""
    counts = {row["field"]: row["value"] for row in _series(indicator, [year], scope, ["field"]) or []}
    return [
        {
            "label": str(label),
            "value": int(counts.get(value, 0)),
            "url": indicator_list_url(indicator, scope=scope, year=year, field=value) if indicator else None,
        }
        for value, label in Field.choices
    ]


def _ratings(*, scope, years: list[int]) -> dict | None:
    """HTX per rating band and evaluation year (None when none was rated)."""
    rows = rating_distribution(years=years, scope=scope, params={"kind": OrganizationKind.COOPERATIVE})
    if not rows:
        return None
    counts = {(row["year"], row["rating"]): row["n"] for row in rows}
    return {str(label): [counts.get((y, code), 0) for y in years] for code, label in RATING_LABELS.items()}


def _chart_links(indicators: dict, *, scope, years: list[int]) -> dict:
    """For every point of the charts, the list of organizations behind it."""
    return {
        "counts": {str(kind.label): series_links(indicators.get(code), scope=scope, years=years) for code, kind in KIND_TOTALS},
        "members": {
            str(kind.label): series_links(indicators.get(code), scope=scope, years=years) for kind, code in MEMBER_SERIES
        },
        "revenue": series_links(indicators.get("htx_avg_revenue"), scope=scope, years=years),
        "ratings": {
            str(label): [rating_list_url(scope=scope, kind=OrganizationKind.COOPERATIVE, rating=code, year=y) for y in years]
            for code, label in RATING_LABELS.items()
        },
    }


def _charts(indicators: dict, *, scope, year: int, years: list[int]) -> dict:
    def yearly(code):
        values = _by_year(_series(indicators.get(code), years, scope))
        return _plain(values.get(y) for y in years)

    return {
        "years": years,
        "counts": {str(kind.label): yearly(code) for code, kind in KIND_TOTALS},
        "members": {str(kind.label): yearly(code) for kind, code in MEMBER_SERIES},
        "revenue": yearly("htx_avg_revenue"),
        "by_field": _by_field(indicators.get("htx_total"), scope=scope, year=year),
        "ratings": _ratings(scope=scope, years=years),
        "links": _chart_links(indicators, scope=scope, years=years),
    }


@computing()
def dashboard(*, access, year: int | None = None) -> dict:
    """Everything the dashboard shows, its figures sharing their queries (one `computing()`)."""
    scope = access.scope
    year = year or today().year
    report_year = year - 1 if year == today().year else year
    years = list(range(year - 9, year + 1))
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    place = "province" if scope.unit is None else "commune"
    prefetch(scope=scope, breakdowns=["field"] + ([place] if place in access.breakdowns else []))
    return {
        "scope": scope,
        "year": year,
        "report_year": report_year,
        "years": years,
        "figures": _headline(indicators, scope=scope, years={"year": year, "report_year": report_year}),
        "charts": _charts(indicators, scope=scope, year=year, years=years),
        "map": bubble_map(access=access, indicator=indicators.get("htx_total"), year=year),
        "targets": target_board(scope=scope, year=year),
    }


@computing()
def bubble_map(*, access, indicator, year: int) -> dict:
    """HTX per place at their centroids: provinces for the country, communes below."""
    scope = access.scope
    by = "province" if scope.unit is None else "commune"
    if indicator is None or by not in access.breakdowns:
        return {"points": [], "by": by}
    rows = compute(indicator, years=[year], scope=scope, breakdowns=[by])
    counts = {row[by]: row["value"] for row in rows if row["value"]}
    units = AdminUnit.objects.filter(pk__in=list(counts), latitude__isnull=False, longitude__isnull=False).only(
        "full_name", "latitude", "longitude"
    )
    points = [
        {
            "name": unit.full_name,
            "value": [float(unit.longitude), float(unit.latitude), int(counts[unit.pk])],
            "url": indicator_list_url(indicator, scope=scope, year=year, **{by: unit.pk}),
        }
        for unit in units
    ]
    return {"points": points, "by": by, "missing": len(counts) - len(points)}


@computing()
def target_board(*, scope, year: int) -> list:
    """Progress of every target of the scope whose period covers `year`, worst first."""
    order = {
        TargetStatus.MISSED: 0,
        TargetStatus.AT_RISK: 1,
        TargetStatus.NO_DATA: 2,
        TargetStatus.ON_TRACK: 3,
        TargetStatus.ACHIEVED: 4,
    }
    targets = targets_for(scope=scope).filter(start_year__lte=year, year__gte=year - 1)
    results = [progress(target, year=min(year, target.year)) for target in targets]
    return sorted(results, key=lambda item: (order[item.status], item.target.indicator.sort_order))

"""The figures of the home dashboard, computed live for one scope (see indicators.values)."""

from dataclasses import dataclass
from decimal import Decimal

from evaluation.rating import RATING_LABELS
from geo.models import AdminUnit
from indicators.computations import ComputationUnavailable
from indicators.computations.common import today
from indicators.computations.evaluation import rating_distribution
from indicators.computations.registry import prefetch
from indicators.links import indicator_list_url, rating_list_url, series_links
from indicators.models import Indicator, unit_with_count
from indicators.selectors import targets_for
from indicators.targets import TargetStatus, progress
from indicators.values import compute
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


def dashboard(*, access, year: int | None = None) -> dict:
    """Everything the dashboard shows. Call inside `indicators.computations.common.computing()`."""
    scope = access.scope
    year = year or today().year
    report_year = year - 1 if year == today().year else year
    years = list(range(year - 9, year + 1))
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    place = "province" if scope.unit is None else "commune"
    prefetch(scope=scope, breakdowns=["field"] + ([place] if place in access.breakdowns else []))

    def figure(code, at, decimals=0, **link):
        indicator = indicators.get(code)
        if indicator is None:
            return None
        values = _by_year(_series(indicator, [at - 1, at], scope))
        if values is None:
            return None
        return Figure(
            code,
            indicator.title,
            values.get(at),
            values.get(at - 1),
            indicator.get_unit_display(),
            at,
            indicator_list_url(indicator, scope=scope, year=at, **link),
            decimals,
            indicator,
            indicator.higher_is_better,
        )

    figures = [
        figure("htx_total", year),
        figure("tht_total", year),
        figure("lhhtx_total", year),
        figure("htx_new", year),
        figure("htx_dissolved", year),
        figure("htx_members", report_year),
        figure("htx_avg_revenue", report_year, 1),  # triệu đồng: one decimal; counts have none
        figure("htx_avg_worker_income", report_year),
    ]
    rated = figure("htx_good_fair_share", report_year, 1)
    if rated is not None and rated.value is not None:
        figures.append(rated)
    figures = [item for item in figures if item is not None]

    def yearly(code):
        values = _by_year(_series(indicators.get(code), years, scope))
        return _plain(values.get(y) for y in years)

    counts = {str(kind.label): yearly(code) for code, kind in KIND_TOTALS}
    members = {
        str(OrganizationKind.COOPERATIVE.label): yearly("htx_members"),
        str(OrganizationKind.COOPERATIVE_GROUP.label): yearly("tht_members"),
    }
    revenue = yearly("htx_avg_revenue")
    total = indicators.get("htx_total")
    by_field_rows = _series(total, [year], scope, ["field"]) or []
    field_counts = {row["field"]: row["value"] for row in by_field_rows}
    by_field = [
        {
            "label": str(label),
            "value": int(field_counts.get(value, 0)),
            "url": indicator_list_url(total, scope=scope, year=year, field=value) if total else None,
        }
        for value, label in Field.choices
    ]
    ratings = rating_distribution(years=years, scope=scope, params={"kind": OrganizationKind.COOPERATIVE})
    rating_series = {
        str(label): [next((row["n"] for row in ratings if row["year"] == y and row["rating"] == code), 0) for y in years]
        for code, label in RATING_LABELS.items()
    }
    links = {
        "counts": {str(kind.label): series_links(indicators.get(code), scope=scope, years=years) for code, kind in KIND_TOTALS},
        "members": {
            str(OrganizationKind.COOPERATIVE.label): series_links(indicators.get("htx_members"), scope=scope, years=years),
            str(OrganizationKind.COOPERATIVE_GROUP.label): series_links(indicators.get("tht_members"), scope=scope, years=years),
        },
        "revenue": series_links(indicators.get("htx_avg_revenue"), scope=scope, years=years),
        "ratings": {
            str(label): [rating_list_url(scope=scope, kind=OrganizationKind.COOPERATIVE, rating=code, year=y) for y in years]
            for code, label in RATING_LABELS.items()
        },
    }
    return {
        "scope": scope,
        "year": year,
        "report_year": report_year,
        "years": years,
        "figures": figures,
        "charts": {
            "years": years,
            "counts": counts,
            "members": members,
            "revenue": revenue,
            "by_field": by_field,
            "ratings": rating_series if ratings else None,
            "links": links,
        },
        "map": bubble_map(access=access, indicator=indicators.get("htx_total"), year=year),
        "targets": target_board(scope=scope, year=year),
    }


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

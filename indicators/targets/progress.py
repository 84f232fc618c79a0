"""Targets against actual figures: progress, trajectory, projection and status.

The status rule (shown to users on the plan-versus-actual page; tested at its edges):

Let L be the target value (the lower bound of a range; the upper bound never decides the status),
Y the target year, and "decided" mean that Y is over (today is after 31/12/Y).
Actual = the indicator's value in the year (level and per-year targets) or its sum from the first
year of the period up to the year (cumulative targets). The current year's value is an estimate
("ước") as of today.

1. Level and cumulative targets
   - ĐẠT: the latest actual (to Y at most) is ≥ L.
   - KHÔNG ĐẠT: decided, and the actual of Y is < L.
   - ĐÚNG HƯỚNG: not decided, not yet reached, and the projection to Y is ≥ L. Projection: for a
     level, the least-squares line through the actual values of the period (baseline year included)
     extended to Y; for a cumulative total, the total so far plus the average yearly amount of the
     completed years of the period times the years left. With a single value, the projection is
     that value (a level) or that total (cumulative) — nothing is assumed to grow.
   - CÓ NGUY CƠ KHÔNG ĐẠT: not decided, not reached, and the projection to Y is < L.
2. Per-year targets (e.g. revenue growth 4–5 %/year)
   - decided: ĐẠT when every year of the period with a value is ≥ L, else KHÔNG ĐẠT;
   - not decided: ĐÚNG HƯỚNG when every completed year so far is ≥ L, else CÓ NGUY CƠ KHÔNG ĐẠT
     (the current year's estimate is shown but does not decide).
3. No actual value at all: CHƯA CÓ SỐ LIỆU.
For an indicator where lower is better, every comparison is reversed.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.computations.common import computing, today
from indicators.computations.values import compute
from indicators.models import Accumulation, Target
from indicators.scope import Scope
from indicators.targets.selectors import targets_for


class TargetStatus(models.TextChoices):
    ACHIEVED = "dat", _("Đạt")
    ON_TRACK = "dung_huong", _("Đúng hướng")
    AT_RISK = "nguy_co", _("Có nguy cơ không đạt")
    MISSED = "khong_dat", _("Không đạt")
    NO_DATA = "chua_co", _("Chưa có số liệu")


@dataclass
class Progress:
    target: Target
    scope: Scope
    year: int  # the year looked at
    actual: Decimal | None  # actual (cumulative when the target is) in `year`
    percent: Decimal | None  # actual ÷ L × 100
    status: str
    projection: Decimal | None = None
    series: dict[int, Decimal] = field(default_factory=dict)  # year → actual (cumulative if so)
    is_estimate: bool = False  # `actual_year` is the current, unfinished year
    error: str = ""
    actual_year: int | None = None  # the year `actual` is of: `year`, or the latest earlier year with data
    missed_years: tuple[int, ...] = ()  # the years whose figure missed the target (why a status is red)

    @property
    def status_label(self) -> str:
        """The status, naming the missed year(s): a 130 % next to a bare "Không đạt" reads as a contradiction."""
        label = TargetStatus(self.status).label
        years = ", ".join(str(y) for y in self.missed_years)
        if self.status == TargetStatus.MISSED and years:
            return _("Không đạt năm %(years)s") % {"years": years}
        if self.status == TargetStatus.AT_RISK and years:
            return _("%(label)s (năm %(years)s không đạt)") % {"label": label, "years": years}
        return label

    @property
    def is_at_risk(self) -> bool:
        return self.status in (TargetStatus.AT_RISK, TargetStatus.MISSED)

    def planned_path(self) -> dict[int, Decimal]:
        """The straight line from the baseline to L in the target year (level, cumulative)."""
        target = self.target
        baseline_year = target.start_year - 1
        if target.accumulation == Accumulation.PER_YEAR:
            return {year: target.value_min for year in range(target.start_year, target.year + 1)}
        start = Decimal(0) if target.accumulation == Accumulation.CUMULATIVE else target.baseline_value
        if start is None:
            start = self.series.get(baseline_year)
        if start is None:
            return {}
        span = target.year - baseline_year
        return {
            year: start + (target.value_min - start) * (year - baseline_year) / span
            for year in range(baseline_year, target.year + 1)
        }


def _better_or_equal(value: Decimal, bound: Decimal, higher_is_better: bool) -> bool:
    return value >= bound if higher_is_better else value <= bound


def _trend(points: dict[int, Decimal], to_year: int) -> Decimal:
    """Least-squares line through the points, read at `to_year` (one point: that value)."""
    years = sorted(points)
    if len(years) == 1:
        return points[years[0]]
    count = Decimal(len(years))
    mean_x = sum(Decimal(y) for y in years) / count
    mean_y = sum(points[y] for y in years) / count
    spread = sum((Decimal(y) - mean_x) ** 2 for y in years)
    slope = sum((Decimal(y) - mean_x) * (points[y] - mean_y) for y in years) / spread
    return mean_y + slope * (Decimal(to_year) - mean_x)


def _per_year_status(period: dict[int, Decimal], *, decided: bool, now: dt.date, ok) -> str:
    """Rule 2: every year of the period (decided), or every completed year so far (not decided)."""
    if not period:
        return TargetStatus.NO_DATA
    if decided:
        return TargetStatus.ACHIEVED if all(ok(v) for v in period.values()) else TargetStatus.MISSED
    completed = [value for year, value in period.items() if year < now.year]
    return TargetStatus.ON_TRACK if all(ok(v) for v in completed) else TargetStatus.AT_RISK


def _final_status(known: dict[int, Decimal], *, target_year: int, ok) -> tuple[str, Decimal | None]:
    """Rule 1 once the target year is over: the actual of that year decides."""
    final = known.get(target_year)
    if final is None:
        return TargetStatus.NO_DATA, None
    return (TargetStatus.ACHIEVED if ok(final) else TargetStatus.MISSED), final


def _projection(accumulation: str, known: dict[int, Decimal], *, start_year: int, target_year: int, now: dt.date) -> Decimal:
    """Rule 1's projection to the target year: the total so far plus the average yearly amount of
    the completed years (cumulative), or the least-squares line (level)."""
    if accumulation != Accumulation.CUMULATIVE:
        return _trend(known, target_year)
    latest_year = max(known)
    flows = [known[y] - known.get(y - 1, Decimal(0)) for y in known if start_year <= y < now.year]
    yearly = sum(flows, Decimal(0)) / len(flows) if flows else Decimal(0)
    return known[latest_year] + yearly * (target_year - latest_year)


def decide(
    *,
    accumulation: str,
    low: Decimal,
    target_year: int,
    start_year: int,
    series: dict[int, Decimal],
    year: int,
    now: dt.date,
    higher_is_better: bool = True,
) -> tuple[str, Decimal | None]:
    """The status (TargetStatus) and projection for a target, given the actual series (cumulative
    for cumulative targets) and the year looked at. Pure: the rule of this module's docstring."""
    known = {y: v for y, v in series.items() if y <= min(year, target_year) and v is not None}
    if not known:
        return TargetStatus.NO_DATA, None
    decided = now > dt.date(target_year, 12, 31) and year >= target_year
    ok = partial(_better_or_equal, bound=low, higher_is_better=higher_is_better)
    if accumulation == Accumulation.PER_YEAR:
        period = {y: v for y, v in known.items() if y >= start_year}
        return _per_year_status(period, decided=decided, now=now, ok=ok), None
    if decided:
        return _final_status(known, target_year=target_year, ok=ok)
    latest = known[max(known)]
    if ok(latest):
        return TargetStatus.ACHIEVED, latest
    projection = _projection(accumulation, known, start_year=start_year, target_year=target_year, now=now)
    return (TargetStatus.ON_TRACK if ok(projection) else TargetStatus.AT_RISK), projection


def target_series(target: Target, *, until: int) -> dict[int, Decimal]:
    """Actual values from the baseline year (start_year − 1) to `until`, cumulated for cumulative targets."""
    scope = Scope.of(target.scope_unit)
    first = target.start_year - 1 if target.accumulation != Accumulation.CUMULATIVE else target.start_year
    last = min(until, today().year)
    if last < first:
        return {}
    rows = compute(target.indicator, years=range(first, last + 1), scope=scope)
    values = {row["year"]: Decimal(row["value"]) for row in rows if row["value"] is not None}
    if target.accumulation == Accumulation.CUMULATIVE:
        running, cumulative = Decimal(0), {}
        for year in range(first, last + 1):
            running += values.get(year, Decimal(0))
            cumulative[year] = running
        return cumulative if values else {}
    if target.baseline_value is not None:
        values[target.start_year - 1] = target.baseline_value
    return values


def _missed_years(target: Target, series: dict[int, Decimal], *, status: str, year: int, now: dt.date) -> tuple[int, ...]:
    """The years whose figure missed the target: a per-year target's failing years (only completed
    ones while it is still running), or a missed level's target year."""
    if status == TargetStatus.MISSED and target.accumulation != Accumulation.PER_YEAR:
        return (target.year,)
    if status not in (TargetStatus.MISSED, TargetStatus.AT_RISK) or target.accumulation != Accumulation.PER_YEAR:
        return ()
    ok = partial(_better_or_equal, bound=target.value_min, higher_is_better=target.indicator.higher_is_better)
    at_risk = status == TargetStatus.AT_RISK
    last = min(year, target.year, now.year if at_risk else target.year)
    missed = [y for y in sorted(series) if target.start_year <= y <= last and not ok(series[y])]
    return tuple(y for y in missed if not at_risk or y < now.year)  # while running, only completed years are facts


def _actual_year(target: Target, series: dict[int, Decimal], year: int) -> int | None:
    """The latest year of the series up to `year` (from the baseline year, or the first year of a cumulative period)."""
    first = target.start_year - (0 if target.accumulation == Accumulation.CUMULATIVE else 1)
    return max((y for y in series if first <= y <= year), default=None)


@computing()
def progress(target: Target, *, year: int | None = None) -> Progress:
    """How `target` stands in `year` (default: this year, or the target year if it is over)."""
    now = today()
    year = year if year is not None else min(now.year, target.year)
    scope = Scope.of(target.scope_unit)
    try:
        series = target_series(target, until=max(year, min(now.year, target.year)))
    except LookupError as error:  # a computation not provided yet (e.g. evaluation results)
        return Progress(target, scope, year, None, None, TargetStatus.NO_DATA, error=str(error))
    status, projection = decide(
        accumulation=target.accumulation,
        low=target.value_min,
        target_year=target.year,
        start_year=target.start_year,
        series=series,
        year=year,
        now=now,
        higher_is_better=target.indicator.higher_is_better,
    )
    actual_year = _actual_year(target, series, year)
    actual = series.get(actual_year)
    percent = (actual / target.value_min * 100) if actual is not None and target.value_min else None
    return Progress(
        target,
        scope,
        year,
        actual,
        percent,
        status,
        projection,
        series,
        is_estimate=actual_year is not None and actual_year >= now.year,
        actual_year=actual_year,
        missed_years=_missed_years(target, series, status=status, year=year, now=now),
    )


@computing()
def progress_of(targets) -> list[Progress]:
    """How each of `targets` stands today, the figures of all sharing their queries."""
    return [progress(target) for target in targets]


@computing()
def plan_actual(*, scope: Scope, year: int) -> list[Progress]:
    """Plan versus actual: how every target of `scope` whose period covers `year` stands in that year
    (in its target year for those that end before), the figures of all sharing their queries."""
    return [progress(target, year=min(year, target.year)) for target in targets_for(scope=scope, year=year)]


def trajectory(item: Progress) -> dict:
    """Chart data for one target: actual values, the planned straight line and the projection."""
    target = item.target
    first = min([target.start_year - 1, *item.series])
    years = list(range(first, target.year + 1))
    plan = item.planned_path()
    projection = {}
    if item.projection is not None and item.series:
        last = max(item.series)
        if last < target.year:
            projection = {last: item.series[last], target.year: item.projection}
    as_float = lambda mapping: [None if mapping.get(y) is None else float(mapping[y]) for y in years]  # noqa: E731
    return {
        "title": f"{target.indicator.title} – {target.document} ({target.value_label}, {target.year})",
        "years": [str(y) for y in years],
        "actual": as_float(item.series),
        "plan": as_float(plan),
        "projection": as_float(projection),
        "low": float(target.value_min),
        "high": float(target.value_max) if target.value_max is not None else None,
    }

"""Counts of organizations from the registry's status events, computed in SQL.

An organization's life is read from its events (registry.StatusEvent): it starts on `founded_on`
(or its first event) and ends on its latest event up to today when that event is terminal
(dissolved, bankrupt, revoked, converted). One grouped query returns, per breakdown, how many
organizations started in each year and ended in each year and how; counts at each year-end,
founded and ended per year are then sums over those few groups (no loop over organizations).

Status at a date (operating, suspended…) follows `registry.status.status_on`: the latest event with
effective_on ≤ date, a suspension whose ends_on is before the date counting as operating.
"""

from collections import defaultdict

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from indicators.computations.common import as_of, cached_result, grouping, kind_filter, memoized, today, ungroup
from registry.models import TERMINAL_STATUSES, Organization, Status, StatusEvent

DISSOLVED = (Status.DISSOLVED, Status.BANKRUPT, Status.REVOKED)


def _organizations(scope, params, *, by_kind=False):
    organizations = Organization.objects.filter(scope.organization_q())
    if not by_kind:
        organizations = organizations.filter(**kind_filter(params))
    if params.get("field"):
        organizations = organizations.filter(field=params["field"])
    return organizations


def lifetimes(*, scope, breakdowns, params) -> list[dict]:
    """Groups of organizations by breakdown, start year, end year and how they ended, with counts.

    Within `computing()`, one query serves every figure of a page: it is grouped by the widest set
    of breakdowns asked for (plus kind), and narrower requests are summed from it here."""
    wanted = tuple(sorted(set(breakdowns) | {"kind"}))
    store = memoized(("lifetimes", scope.key, params.get("field")), lambda: {"by": None, "groups": [], "views": {}})
    if store["by"] is None or not set(wanted) <= set(store["by"]):
        store["by"] = tuple(sorted(set(wanted) | set(store["by"] or ())))
        by = store["by"]
        store["groups"] = cached_result(
            f"lifetimes:{scope.key}:{by}:{params.get('field')}", lambda: _lifetimes(scope=scope, breakdowns=by, params=params)
        )
        store["views"] = {}
    if wanted not in store["views"]:
        merged = defaultdict(int)
        for group in store["groups"]:
            key = tuple(group[f"b_{name}"] for name in wanted) + (group["start_year"], group["end_year"], group["ended_as"])
            merged[key] += group["n"]
        store["views"][wanted] = [
            {
                **{f"b_{name}": key[i] for i, name in enumerate(wanted)},
                "start_year": key[-3],
                "end_year": key[-2],
                "ended_as": key[-1],
                "n": n,
            }
            for key, n in merged.items()
        ]
    kind = params.get("kind")
    return [group for group in store["views"][wanted] if not kind or group["b_kind"] == kind]


def prefetch(*, scope, breakdowns, params=None) -> None:
    """Run the page's lifetimes query once with every breakdown the page will ask for."""
    lifetimes(scope=scope, breakdowns=breakdowns, params=params or {})


def _lifetimes(*, scope, breakdowns, params) -> list[dict]:
    """One grouped query: each organization's start year (founded_on, else its first event) and,
    when its latest event up to today is terminal, that event's year and status."""
    first_event = StatusEvent.objects.filter(organization=OuterRef("pk")).order_by("effective_on", "id").values("effective_on")
    latest = StatusEvent.objects.filter(organization=OuterRef("pk"), effective_on__lte=today()).order_by("-effective_on", "-id")
    rows = (
        _organizations(scope, params, by_kind=True)
        .annotate(
            last_status=Subquery(latest.values("status")[:1]),
            last_on=Subquery(latest.values("effective_on")[:1]),
        )
        .values(
            **grouping(breakdowns),
            start_year=ExtractYear(Coalesce("founded_on", Subquery(first_event[:1]))),
            end_year=Case(When(last_status__in=TERMINAL_STATUSES, then=ExtractYear("last_on"))),
            ended_as=Case(When(last_status__in=TERMINAL_STATUSES, then=F("last_status")), output_field=CharField()),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return list(rows)


def _per_year(years, breakdowns, groups, counts) -> list[dict]:
    """Rows for every year and every breakdown combination seen (0 where nothing was counted)."""
    keys = {tuple(sorted(ungroup(group, breakdowns).items())) for group in groups} or ({()} if not breakdowns else set())
    rows = []
    for year in years:
        if as_of(year) is None:
            continue
        for key in keys:
            value = counts.get((year, key), 0)
            rows.append({"year": year, **dict(key), "value": value, "n": value})
    return rows


def org_count(*, years, scope, breakdowns, params) -> list[dict]:
    """Organizations that exist (founded, not ended) at the end of each year."""
    groups = lifetimes(scope=scope, breakdowns=breakdowns, params=params)
    counts = defaultdict(int)
    for group in groups:
        key = tuple(sorted(ungroup(group, breakdowns).items()))
        for year in years:
            started = group["start_year"] is not None and group["start_year"] <= year
            if started and (group["end_year"] is None or group["end_year"] > year):
                counts[(year, key)] += group["n"]
    return _per_year(years, breakdowns, groups, counts)


def org_founded(*, years, scope, breakdowns, params) -> list[dict]:
    groups = lifetimes(scope=scope, breakdowns=breakdowns, params=params)
    counts = defaultdict(int)
    for group in groups:
        if group["start_year"] in years:
            counts[(group["start_year"], tuple(sorted(ungroup(group, breakdowns).items())))] += group["n"]
    return _per_year(years, breakdowns, groups, counts)


def org_ended(*, years, scope, breakdowns, params) -> list[dict]:
    """Organizations that ended in each year: params how = "dissolved" (dissolved, bankrupt,
    revoked) or "converted" (into an enterprise)."""
    wanted = (Status.CONVERTED,) if params.get("how") == "converted" else DISSOLVED
    groups = lifetimes(scope=scope, breakdowns=breakdowns, params=params)
    counts = defaultdict(int)
    for group in groups:
        if group["end_year"] in years and group["ended_as"] in wanted:
            counts[(group["end_year"], tuple(sorted(ungroup(group, breakdowns).items())))] += group["n"]
    return _per_year(years, breakdowns, groups, counts)


def status_counts_on(*, day, scope, breakdowns, params):
    """Grouped counts of organizations by their status on `day` (one SQL query)."""
    latest = StatusEvent.objects.filter(organization=OuterRef("pk"), effective_on__lte=day).order_by("-effective_on", "-id")
    return (
        _organizations(scope, params)
        .annotate(st=Subquery(latest.values("status")[:1]), st_ends=Subquery(latest.values("ends_on")[:1]))
        .annotate(
            status_on=Case(
                When(Q(st=Status.SUSPENDED) & Q(st_ends__lt=day), then=Value(Status.OPERATING)),
                default=F("st"),
                output_field=CharField(),
            )
        )
        .values("status_on", **grouping(breakdowns))
        .annotate(n=Count("pk"))
        .order_by()
    )


def org_status_count(*, years, scope, breakdowns, params) -> list[dict]:
    """Organizations in status params["status"] (default operating) at the end of each year."""
    status = params.get("status", Status.OPERATING)
    rows = []
    for year in years:
        day = as_of(year)
        if day is None:
            continue
        groups = list(status_counts_on(day=day, scope=scope, breakdowns=breakdowns, params=params))
        counts = defaultdict(int)
        for group in groups:
            if group["status_on"] == status:
                counts[(year, tuple(sorted(ungroup(group, breakdowns).items())))] += group["n"]
        rows.extend(_per_year([year], breakdowns, groups, counts))
    return rows


COMPUTATIONS = {
    "org_count": org_count,
    "org_founded": org_founded,
    "org_ended": org_ended,
    "org_status_count": org_status_count,
}

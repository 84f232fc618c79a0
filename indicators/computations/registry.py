"""Counts of organizations from the registry's status events, computed in SQL.

An organization's life is read from its events (registry.StatusEvent, through the summary each
organization keeps of them, registry.lifetime): it starts on `founded_on` (or its first event) and
ends on its latest event up to today when that event is terminal (dissolved, bankrupt, revoked,
converted). One grouped query returns, per breakdown, how many
organizations started in each year and ended in each year and how; counts at each year-end,
founded and ended per year are then sums over those few groups (no loop over organizations).

Status at a date (operating, suspended…) follows `registry.status.status_on`: the latest event with
effective_on ≤ date, a suspension whose ends_on is before the date counting as operating.
"""

from collections import defaultdict
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from django.db import connection
from django.db.models import Count

from geo.models import AdminUnit
from indicators.computations.common import as_of, cached_result, grouping, kind_filter, memoized, peek_memo, today, ungroup
from indicators.scope import Scope
from registry.models import Organization, Status
from registry.status import lifetime_parts, with_status_on

DISSOLVED = (Status.DISSOLVED, Status.BANKRUPT, Status.REVOKED)
PREFIX = "organization__"


def _organizations(scope, params, *, by_kind=False):
    organizations = Organization.objects.filter(scope.organization_q())
    if not by_kind:
        organizations = organizations.filter(**kind_filter(params))
    if params.get("field"):
        organizations = organizations.filter(field=params["field"])
    return organizations


class Lifetime(NamedTuple):
    """Organizations sharing breakdown values (`key`: sorted (name, value) pairs), start year, end
    year and end. (A named tuple: a national page makes tens of thousands.)"""

    key: tuple
    start_year: int | None
    end_year: int | None
    ended_as: str | None
    n: int


def lifetimes(*, scope, breakdowns, params) -> list[Lifetime]:
    """Groups of organizations by breakdown, start year, end year and how they ended, with counts.

    Within `computing()`, one query serves every figure of a page: it is grouped by the widest set
    of breakdowns asked for (plus kind), and narrower requests are summed from it here (once per
    set of breakdowns, for every kind at once)."""
    store = _lifetime_store(scope=scope, breakdowns=breakdowns, params=params)
    view = tuple(sorted(breakdowns))
    if view not in store["views"]:
        store["views"][view] = {"merged": _merged(store["groups"], view), "kinds": {}}
    summed = store["views"][view]
    kind = params.get("kind") or None
    if kind not in summed["kinds"]:
        summed["kinds"][kind] = _of_kind(summed["merged"], view, kind)
    return summed["kinds"][kind]


def _store_key(scope, params) -> tuple:
    return ("lifetimes", scope.key, params.get("field"))


def _lifetime_store(*, scope, breakdowns, params) -> dict:
    """The page's lifetimes query for `scope`, widened (and run again) if `breakdowns` need more."""
    wanted = set(breakdowns) | {"kind"}
    store = memoized(_store_key(scope, params), lambda: {"by": None, "groups": None, "views": {}})
    if store["by"] is None and scope.is_legacy:
        enclosing = _enclosing_store(scope, wanted, params)
        if enclosing is not None:
            store["by"], store["groups"] = enclosing
    if store["by"] is None or not wanted <= set(store["by"]):
        store["by"] = by = tuple(sorted(wanted | set(store["by"] or ())))
        store["groups"] = cached_result(
            f"lifetimes:{scope.key}:{by}:{params.get('field')}", lambda: _lifetimes(scope=scope, breakdowns=by, params=params)
        )
        store["views"] = {}
    return store


def _enclosing_store(scope, wanted, params) -> tuple | None:
    """A pre-2025 area's groups taken out of those of the current province it now lies in, when the
    page already grouped that province by commune (the dashboard of a province shows the plans of
    the old provinces merged into it): no second query over the same organizations."""
    communes = AdminUnit.objects.filter(pk__in=scope.successor_commune_ids()).select_related("province")
    provinces = {commune.province for commune in communes}
    if len(provinces) != 1:
        return None
    province = peek_memo(_store_key(Scope.of(provinces.pop()), params))
    if province is None or province["by"] is None or not wanted | {"commune"} <= set(province["by"]):
        return None
    groups = province["groups"]
    at = groups.columns.index("b_commune")
    ids = {commune.pk for commune in communes}
    return province["by"], LifetimeGroups(groups.columns, [row for row in groups.rows if row[at] in ids])


def _merged(groups: "LifetimeGroups", breakdowns) -> dict[str, dict[tuple, int]]:
    """Counts by kind, then by (breakdown values…, start year, end year, ended as), in one pass over
    the query's groups (~20,000 at national scale) per set of breakdowns whatever the kinds asked
    for: plain tuples and one itemgetter, no dict per row."""
    columns = groups.columns
    start_at = columns.index("start_year")
    kind_at = columns.index("b_kind")
    pick = itemgetter(*(columns.index(f"b_{name}") for name in breakdowns), start_at, start_at + 1, start_at + 2)
    merged = defaultdict(lambda: defaultdict(int))
    for row in groups.rows:
        merged[row[kind_at]][pick(row)] += row[-1]
    return merged


def _of_kind(merged: dict[str, dict[tuple, int]], breakdowns, kind: str | None) -> list[Lifetime]:
    """The groups of one kind (None: all kinds together) as Lifetimes."""
    if kind is None:
        counts = defaultdict(int)
        for of_kind in merged.values():
            for values, n in of_kind.items():
                counts[values] += n
    else:
        counts = merged.get(kind, {})
    width = len(breakdowns)
    return [Lifetime(tuple(zip(breakdowns, values[:width], strict=True)), *values[width:], n) for values, n in counts.items()]


def prefetch(*, scope, breakdowns, params=None) -> None:
    """Run the page's lifetimes query once with every breakdown the page will ask for (without
    summing a view of it nobody asked for: at national scale that alone took 40 ms)."""
    _lifetime_store(scope=scope, breakdowns=breakdowns, params=params or {})


@dataclass
class LifetimeGroups:
    """The rows of the lifetimes query as plain tuples (`columns` names their positions; the count
    `n` comes last): tens of thousands of rows at national scale, cheap to keep in the cache."""

    columns: list[str]
    rows: list[tuple]


def _lifetimes(*, scope, breakdowns, params) -> LifetimeGroups:
    """One grouped query over the organizations by breakdowns, start year, end year and how they
    ended, from the lifetime the registry's lists filter with (registry.status.lifetime_parts), so
    that a figure's link lists exactly the organizations it counts. Rows are read through the
    cursor: Django's per-row conversion into dicts cost more than the query at national scale."""
    parts = [
        part.values("start_year", "end_year", "ended_as", **grouping(breakdowns)).annotate(n=Count("pk")).order_by()
        for part in lifetime_parts(_organizations(scope, params, by_kind=True), day=today())
    ]
    groups = parts[0].union(parts[1], all=True).order_by()
    sql, sql_params = groups.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    # Breakdowns first, then the three lifetime columns together and the count, as _merged expects.
    columns = [name for name in names if name.startswith("b_")] + ["start_year", "end_year", "ended_as", "n"]
    pick = itemgetter(*[names.index(name) for name in columns])
    return LifetimeGroups(columns, [pick(row) for row in rows])


def _per_year(years, breakdowns, keys, counts) -> list[dict]:
    """Rows for every year and every breakdown combination seen (`keys`; 0 where nothing was counted)."""
    keys = set(keys) or ({()} if not breakdowns else set())
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
        if group.start_year is None:
            continue
        for year in years:
            if group.start_year <= year and (group.end_year is None or group.end_year > year):
                counts[(year, group.key)] += group.n
    return _per_year(years, breakdowns, (group.key for group in groups), counts)


def org_founded(*, years, scope, breakdowns, params) -> list[dict]:
    groups = lifetimes(scope=scope, breakdowns=breakdowns, params=params)
    counts = defaultdict(int)
    for group in groups:
        if group.start_year in years:
            counts[(group.start_year, group.key)] += group.n
    return _per_year(years, breakdowns, (group.key for group in groups), counts)


def org_ended(*, years, scope, breakdowns, params) -> list[dict]:
    """Organizations that ended in each year: params how = "dissolved" (dissolved, bankrupt,
    revoked) or "converted" (into an enterprise)."""
    wanted = (Status.CONVERTED,) if params.get("how") == "converted" else DISSOLVED
    groups = lifetimes(scope=scope, breakdowns=breakdowns, params=params)
    counts = defaultdict(int)
    for group in groups:
        if group.end_year in years and group.ended_as in wanted:
            counts[(group.end_year, group.key)] += group.n
    return _per_year(years, breakdowns, (group.key for group in groups), counts)


def status_counts_on(*, day, scope, breakdowns, params):
    """Grouped counts of organizations by their status on `day` (one SQL query), by the rule the
    registry list's "status on a date" filter uses (registry.status.with_status_on)."""
    return (
        with_status_on(_organizations(scope, params), day)
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
        keys = [tuple(sorted(ungroup(group, breakdowns).items())) for group in groups]
        for key, group in zip(keys, groups, strict=True):
            if group["status_on"] == status:
                counts[(year, key)] += group["n"]
        rows.extend(_per_year([year], breakdowns, keys, counts))
    return rows


COMPUTATIONS = {
    "org_count": org_count,
    "org_founded": org_founded,
    "org_ended": org_ended,
    "org_status_count": org_status_count,
}

"""Figures from the organizations' annual reports (registry.AnnualReport).

Only organizations that reported for the year count; averages are per reporting organization.
All of them read one grouped query (sums of every reported column by year, kind and the
requested breakdowns), shared within `computing()`.
"""

from decimal import Decimal

from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Q, Sum

from indicators.computations.common import grouping, memoized, today, ungroup
from registry.models import AnnualReport

PREFIX = "organization__"
COLUMNS = (
    "members_official",
    "members_associate",
    "new_members",
    "member_cooperatives",
    "regular_workers",
    "revenue",
    "revenue_from_members",
    "pre_tax_profit",
    "total_capital",
    "average_worker_income",
)


def _query(years, scope, breakdowns, field):
    reports = AnnualReport.objects.filter(scope.organization_q(PREFIX), year__in=list(years))
    if field:
        reports = reports.filter(organization__field=field)
    with_workers = Q(regular_workers__gt=0)
    weighted = ExpressionWrapper(F("average_worker_income") * F("regular_workers"), output_field=BigIntegerField())
    return list(
        reports.values("year", **grouping(breakdowns, PREFIX))
        .annotate(
            n=Count("pk"),
            income_weighted=Sum(weighted, filter=with_workers),
            workers_with_income=Sum("regular_workers", filter=with_workers),
            **{f"sum_{column}": Sum(column) for column in COLUMNS},
        )
        .order_by()
    )


def report_totals(*, years, scope, breakdowns, params) -> list[dict]:
    """Rows of sums per year × kind × breakdowns, filtered to params kind (and field)."""
    wide = tuple(sorted(set(breakdowns) | {"kind"}))
    key = ("reports", scope.key, wide, params.get("field"))
    wanted = set(years)
    cached = memoized(key, lambda: {"years": set(), "rows": []})
    if not wanted <= cached["years"]:
        # Fetch the last ten years at once: a page asks for several overlapping year ranges.
        now = today().year
        cached["years"] |= wanted | set(range(min(min(wanted), now - 10), max(max(wanted), now) + 1))
        cached["rows"] = _query(sorted(cached["years"]), scope, wide, params.get("field"))
    kind = params.get("kind")
    rows = [row for row in cached["rows"] if row["year"] in wanted and (not kind or row["b_kind"] == kind)]
    # Merge kinds when no kind was asked for and kind is not a breakdown.
    if kind or "kind" in breakdowns:
        return rows
    merged = {}
    for row in rows:
        group = (row["year"], *(row[f"b_{name}"] for name in breakdowns))
        if group not in merged:
            merged[group] = dict(row)
        else:
            for name, value in row.items():
                if name == "n" or name.startswith(("sum_", "income_", "workers_")):
                    merged[group][name] = (merged[group][name] or 0) + (value or 0)
    return list(merged.values())


def _rows(params, years, scope, breakdowns, value_of):
    return [
        {"year": row["year"], **ungroup(row, breakdowns), "value": value_of(row), "n": row["n"]}
        for row in report_totals(years=years, scope=scope, breakdowns=breakdowns, params=params)
    ]


def report_sum(*, years, scope, breakdowns, params) -> list[dict]:
    """Sum of one or more report columns (params fields: [...])."""
    return _rows(params, years, scope, breakdowns, lambda row: sum(row[f"sum_{name}"] or 0 for name in params["fields"]))


def report_average(*, years, scope, breakdowns, params) -> list[dict]:
    """Average of report column params["column"] per reporting organization, divided by params scale
    (e.g. 10⁶ for millions of đồng)."""
    scale = Decimal(params.get("scale", 1))
    column = f"sum_{params['column']}"
    return _rows(params, years, scope, breakdowns, lambda row: Decimal(row[column] or 0) / row["n"] / scale if row["n"] else None)


def report_ratio(*, years, scope, breakdowns, params) -> list[dict]:
    """100 × Σ numerator ÷ Σ denominator over the reports (params numerator, denominator)."""
    top, bottom = f"sum_{params['numerator']}", f"sum_{params['denominator']}"
    return _rows(
        params, years, scope, breakdowns, lambda row: Decimal(100) * (row[top] or 0) / row[bottom] if row[bottom] else None
    )


def worker_income(*, years, scope, breakdowns, params) -> list[dict]:
    """Average monthly income of regular workers, weighted by each organization's workers."""
    return _rows(
        params,
        years,
        scope,
        breakdowns,
        lambda row: Decimal(row["income_weighted"]) / row["workers_with_income"] if row["workers_with_income"] else None,
    )


def growth(*, years, scope, breakdowns, params) -> list[dict]:
    """Year-on-year growth (%) of another indicator (params of: its code), per breakdown."""
    from indicators.computations.values import compute
    from indicators.models import Indicator

    # One query for the whole catalogue per page: a page shows several growth rates.
    catalogue = memoized("indicators_by_code", lambda: {indicator.code: indicator for indicator in Indicator.objects.all()})
    base = catalogue.get(params["of"]) or Indicator.objects.get(code=params["of"])
    wanted = sorted(set(years) | {year - 1 for year in years})
    values = {}
    for row in compute(base, years=wanted, scope=scope, breakdowns=breakdowns):
        values[(row["year"], tuple(row[key] for key in breakdowns))] = row
    rows = []
    for (year, key), row in values.items():
        previous = values.get((year - 1, key))
        if year not in years or previous is None or not previous["value"] or row["value"] is None:
            continue
        rate = (Decimal(row["value"]) / Decimal(previous["value"]) - 1) * 100
        n = min(filter(None, (row.get("n"), previous.get("n"))), default=None)
        rows.append({"year": year, **dict(zip(breakdowns, key, strict=True)), "value": rate, "n": n})
    return rows


COMPUTATIONS = {
    "report_sum": report_sum,
    "report_average": report_average,
    "report_ratio": report_ratio,
    "worker_income": worker_income,
    "growth": growth,
}

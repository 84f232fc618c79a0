"""Figures from the organizations' annual reports (registry.AnnualReport), one grouped query each.

Only organizations that reported for the year count; averages are per reporting organization.
"""

from decimal import Decimal

from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Q, Sum

from indicators.computations.common import grouping, kind_filter, ungroup
from registry.models import AnnualReport

PREFIX = "organization__"


def _reports(years, scope, params):
    reports = AnnualReport.objects.filter(scope.organization_q(PREFIX), year__in=list(years), **kind_filter(params, PREFIX))
    if params.get("field"):
        reports = reports.filter(organization__field=params["field"])
    return reports


def _grouped(years, scope, breakdowns, params, **aggregates):
    return (
        _reports(years, scope, params)
        .values("year", **grouping(breakdowns, PREFIX))
        .annotate(n=Count("pk"), **aggregates)
        .order_by()
    )


def _sum_expression(fields):
    expression = F(fields[0])
    for name in fields[1:]:
        expression = expression + F(name)
    return ExpressionWrapper(expression, output_field=BigIntegerField())


def report_sum(*, years, scope, breakdowns, params) -> list[dict]:
    """Sum of one or more report columns (params fields: [...])."""
    rows = _grouped(years, scope, breakdowns, params, total=Sum(_sum_expression(params["fields"])))
    return [{"year": row["year"], **ungroup(row, breakdowns), "value": row["total"] or 0, "n": row["n"]} for row in rows]


def report_average(*, years, scope, breakdowns, params) -> list[dict]:
    """Average of report column params["column"] per reporting organization, divided by params scale (e.g. 10⁶ for millions)."""
    scale = Decimal(params.get("scale", 1))
    rows = _grouped(years, scope, breakdowns, params, total=Sum(params["column"]))
    return [
        {
            "year": row["year"],
            **ungroup(row, breakdowns),
            "value": (Decimal(row["total"] or 0) / row["n"] / scale) if row["n"] else None,
            "n": row["n"],
        }
        for row in rows
    ]


def report_ratio(*, years, scope, breakdowns, params) -> list[dict]:
    """100 × Σ numerator ÷ Σ denominator over the reports (params numerator, denominator)."""
    rows = _grouped(years, scope, breakdowns, params, top=Sum(params["numerator"]), bottom=Sum(params["denominator"]))
    return [
        {
            "year": row["year"],
            **ungroup(row, breakdowns),
            "value": (Decimal(100) * (row["top"] or 0) / row["bottom"]) if row["bottom"] else None,
            "n": row["n"],
        }
        for row in rows
    ]


def worker_income(*, years, scope, breakdowns, params) -> list[dict]:
    """Average monthly income of regular workers, weighted by each organization's workers."""
    with_workers = Q(regular_workers__gt=0)
    weighted = ExpressionWrapper(F("average_worker_income") * F("regular_workers"), output_field=BigIntegerField())
    rows = _grouped(
        years,
        scope,
        breakdowns,
        params,
        income=Sum(weighted, filter=with_workers),
        workers=Sum("regular_workers", filter=with_workers),
    )
    return [
        {
            "year": row["year"],
            **ungroup(row, breakdowns),
            "value": (Decimal(row["income"]) / row["workers"]) if row["workers"] else None,
            "n": row["n"],
        }
        for row in rows
    ]


def growth(*, years, scope, breakdowns, params) -> list[dict]:
    """Year-on-year growth (%) of another indicator (params of: its code), per breakdown."""
    from indicators.models import Indicator
    from indicators.values import compute

    base = Indicator.objects.get(code=params["of"])
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

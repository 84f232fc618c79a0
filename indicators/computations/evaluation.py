"""Figures from evaluation results (evaluation.YearResult: size class and rating per organization and year).

indicators may read evaluation (the dependency arrow evaluation → indicators). The model is looked up
through the app registry, so these computations switch on by themselves once the evaluation app has
its YearResult model, and the catalogue shows "chưa có dữ liệu" until then.
"""

from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q

from indicators.computations.common import grouping, kind_filter, ungroup

GOOD_RATINGS = ("tot", "kha")
PREFIX = "organization__"


def _year_results():
    try:
        return apps.get_model("evaluation", "YearResult")
    except LookupError:
        return None


def _results(model, years, scope, params):
    results = model.objects.filter(scope.organization_q(PREFIX), year__in=list(years), **kind_filter(params, PREFIX))
    if params.get("field"):
        results = results.filter(organization__field=params["field"])
    return results


def _grouped(model, years, scope, breakdowns, params, extra=(), **aggregates):
    group = grouping([b for b in breakdowns if b != "size_class"], PREFIX)
    columns = ["year", *extra] + (["size_class"] if "size_class" in breakdowns else [])
    return _results(model, years, scope, params).values(*columns, **group).annotate(**aggregates).order_by()


def _row(row, breakdowns, **values):
    plain = [b for b in breakdowns if b != "size_class"]
    out = {"year": row["year"], **ungroup(row, plain), **values}
    if "size_class" in breakdowns:
        out["size_class"] = row["size_class"]
    return out


def rated_good_fair_count(*, years, scope, breakdowns, params) -> list[dict]:
    model = _year_results()
    rows = _grouped(model, years, scope, breakdowns, params, good=Count("pk", filter=Q(rating__in=GOOD_RATINGS)))
    return [_row(row, breakdowns, value=row["good"], n=row["good"]) for row in rows]


def rated_good_fair_share(*, years, scope, breakdowns, params) -> list[dict]:
    """100 × organizations rated tốt or khá ÷ organizations that received a rating that year."""
    model = _year_results()
    rated = ~Q(rating="")
    rows = _grouped(
        model,
        years,
        scope,
        breakdowns,
        params,
        good=Count("pk", filter=Q(rating__in=GOOD_RATINGS)),
        rated=Count("pk", filter=rated),
    )
    return [
        _row(row, breakdowns, value=(Decimal(100) * row["good"] / row["rated"]) if row["rated"] else None, n=row["rated"])
        for row in rows
    ]


def size_class_count(*, years, scope, breakdowns, params) -> list[dict]:
    """Organizations classified in params size_class (codes of the evaluation rules: sieu_nho, nho, vua, lon)."""
    model = _year_results()
    rows = _grouped(model, years, scope, breakdowns, params, n=Count("pk", filter=Q(size_class=params["size_class"])))
    return [_row(row, breakdowns, value=row["n"], n=row["n"]) for row in rows]


def rating_distribution(*, years, scope, params) -> list[dict]:
    """Counts per rating and year (for the dashboard's ratings chart)."""
    model = _year_results()
    if model is None:
        return []
    return list(
        _results(model, years, scope, params).exclude(rating="").values("year", "rating").annotate(n=Count("pk")).order_by()
    )


WITH_SIZE = frozenset({"province", "commune", "kind", "field", "size_class"})
for _function in (rated_good_fair_count, rated_good_fair_share):
    _function.breakdowns = WITH_SIZE
size_class_count.breakdowns = frozenset({"province", "commune", "kind", "field"})


def available_computations() -> dict:
    if _year_results() is None:
        return {}
    return {
        "rated_good_fair_count": rated_good_fair_count,
        "rated_good_fair_share": rated_good_fair_share,
        "size_class_count": size_class_count,
    }

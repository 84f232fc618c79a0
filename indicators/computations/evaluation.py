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
#: Year results that carry no band (evaluation.rating: not rated, excluded e.g. QTDND, no accepted sheet).
NO_BAND = ("", "not_rated", "excluded", "not_assessed")
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
    """100 × organizations rated tốt or khá ÷ the denominator of params "over":
    "rated" — organizations given a band (Tốt, Khá, Trung bình, Yếu) that year (the evaluation summary's);
    otherwise — every organization with a year result (in existence that year, rated or not)."""
    model = _year_results()
    rated = ~Q(rating__in=NO_BAND) if params.get("over") == "rated" else ~Q(rating="")
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


def collective_good_fair_share(*, years, scope, breakdowns, params) -> list[dict]:
    """100 × organizations of every kind (THT, HTX, unions) rated tốt or khá ÷ organizations of every
    kind that exist at the end of the year: NQ 20-NQ/TW's "trên 60 %" is over the whole collective
    economy, so the denominator counts organizations that are not rated under TT 01/2020 too."""
    from indicators.computations.registry import org_count

    model = _year_results()
    good = {
        (row["year"], *(row.get(b) for b in breakdowns)): row["value"]
        for row in rated_good_fair_count(years=years, scope=scope, breakdowns=breakdowns, params={})
    }
    rows = []
    for row in org_count(years=years, scope=scope, breakdowns=breakdowns, params={}):
        total = row["value"] or 0
        numerator = good.get((row["year"], *(row.get(b) for b in breakdowns)), 0) if model is not None else 0
        rows.append({**row, "value": (Decimal(100) * numerator / total) if total else None, "n": total})
    return rows


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
collective_good_fair_share.breakdowns = frozenset({"province", "commune", "field"})


def available_computations() -> dict:
    if _year_results() is None:
        return {}
    return {
        "rated_good_fair_count": rated_good_fair_count,
        "rated_good_fair_share": rated_good_fair_share,
        "collective_good_fair_share": collective_good_fair_share,
        "size_class_count": size_class_count,
    }

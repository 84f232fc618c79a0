"""Computations: how a computed indicator gets its numbers from live data.

A computation is a callable registered under a key; the catalogue names the key
(`Indicator.computation`) and its keyword parameters (`Indicator.parameters`). Signature:

    def computation(*, years: Sequence[int], scope: indicators.scope.Scope,
                    breakdowns: Sequence[str], params: dict) -> list[dict]

It returns one row per year and combination of breakdown values:
    {"year": 2024, "commune": 12, "kind": "htx", "value": Decimal|int|float|None, "n": 37}
- `years`: the calendar years wanted (the current year means "as of today").
- `scope`: the place; `scope.organization_q(prefix)` filters organizations, `scope.unit_q()` units.
- `breakdowns`: a subset of BREAKDOWNS ("province", "commune" = current units' ids, "kind", "field",
  "size_class"); a computation that cannot split by one raises UnsupportedBreakdown. Rows with no
  data may be left out (read as 0 for counts, as "no data" otherwise).
- `value`: the figure; `n`: how many organizations it rests on (small-cell suppression hides cells
  with n below the threshold), or None when the figure is not about organizations.
Optional attribute `breakdowns` on the callable: the set it supports (default: all but size_class).

Built-ins live in `indicators.computations.registry` and `.reports`; other apps contribute more
through the hook "indicators.computations" (a provider returns {key: callable}), registered in
their AppConfig.ready(). Evaluation results (ratings, size classes) are read in `.evaluation` as
soon as the evaluation app has its YearResult model.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

BREAKDOWNS = {
    "province": _("Tỉnh, thành phố"),
    "commune": _("Xã, phường"),
    "kind": _("Loại hình"),
    "field": _("Lĩnh vực"),
    "size_class": _("Quy mô"),
    "year": _("Năm"),
}
DEFAULT_BREAKDOWNS = frozenset({"province", "commune", "kind", "field"})


class UnsupportedBreakdown(ValueError):
    pass


class ComputationUnavailable(LookupError):
    """The catalogue names a computation no installed app provides (yet)."""


def builtin_computations() -> dict[str, Callable]:
    from indicators.computations import evaluation, manual, registry, reports

    found = {**registry.COMPUTATIONS, **reports.COMPUTATIONS, **manual.COMPUTATIONS}
    found.update(evaluation.available_computations())
    return found


def all_computations() -> dict[str, Callable]:
    from indicators import hooks as indicators_hooks

    found = builtin_computations()
    for contributed in indicators_hooks.computations.collect():
        found.update(contributed)
    return found


def get_computation(key: str) -> Callable:
    try:
        return all_computations()[key]
    except KeyError:
        raise ComputationUnavailable(key) from None


def supported_breakdowns(function: Callable) -> frozenset[str]:
    return frozenset(getattr(function, "breakdowns", DEFAULT_BREAKDOWNS))


def check_breakdowns(function: Callable, breakdowns) -> None:
    unsupported = set(breakdowns) - supported_breakdowns(function)
    if unsupported:
        raise UnsupportedBreakdown(", ".join(sorted(unsupported)))

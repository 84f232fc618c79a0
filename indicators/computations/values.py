"""Computing an indicator's values: the one entry point, `compute`.

Everything is computed live from current data: a computed indicator calls its computation
(built-in or contributed), a manual one reads ManualValue. Inside `common.computing()` results are
shared within the page and cached across requests under the data fingerprint.
"""

from collections.abc import Sequence

from indicators.computations import check_breakdowns, get_computation, supported_breakdowns
from indicators.computations.common import cached_result
from indicators.computations.manual import manual_values
from indicators.models import Indicator, Method


def computation_for(indicator: Indicator):
    if indicator.method == Method.MANUAL:
        return manual_values
    return get_computation(indicator.computation)


def available_breakdowns(indicator: Indicator) -> frozenset[str]:
    try:
        return supported_breakdowns(computation_for(indicator)) | {"year"}
    except LookupError:
        return frozenset()


def compute(indicator: Indicator, *, years: Sequence[int], scope, breakdowns: Sequence[str] = ()) -> list[dict]:
    """Rows {"year", <breakdown>…, "value", "n"} (see indicators.computations for the contract).
    Raises ComputationUnavailable / UnsupportedBreakdown."""
    breakdowns = [name for name in breakdowns if name != "year"]
    function = computation_for(indicator)
    check_breakdowns(function, breakdowns)
    years = sorted(set(years))
    key = f"{indicator.pk}:{indicator.updated_at.isoformat() if indicator.updated_at else ''}:{years}:{scope.key}:{sorted(breakdowns)}"
    if indicator.method == Method.MANUAL:
        return cached_result(
            key,
            lambda: manual_values(
                years=years, scope=scope, breakdowns=breakdowns, params=indicator.parameters, indicator_id=indicator.pk
            ),
        )
    return cached_result(key, lambda: function(years=years, scope=scope, breakdowns=breakdowns, params=indicator.parameters))


def value_for(indicator: Indicator, *, year: int, scope) -> dict | None:
    """The single total of `indicator` for one year and scope (None when there is no data)."""
    rows = [row for row in compute(indicator, years=[year], scope=scope) if row["year"] == year]
    return rows[0] if rows else None

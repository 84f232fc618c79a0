"""The public overview: every indicator the reader may see, one table each, small cells hidden."""

from indicators.computations import ComputationUnavailable, UnsupportedBreakdown
from indicators.computations.common import computing
from indicators.permissions import Access
from indicators.selectors import indicator_list
from indicators.tables import CrossTable, cross_table, suppress


def overview_axis(access: Access) -> str | None:
    """The country split by province, a place by commune where the reader may see communes."""
    if access.scope.unit is None:
        return "province"
    return "commune" if "commune" in access.breakdowns else None


@computing()
def public_tables(*, user, access: Access, year: int) -> list[CrossTable]:
    """One table per indicator `user` may see (those that cannot be split by the place are left out)."""
    by = overview_axis(access)
    tables = []
    for indicator in indicator_list(user=user):
        try:
            table = cross_table(indicator, year=year, scope=access.scope, row_by=by, col_by=None)
        except (ComputationUnavailable, UnsupportedBreakdown):
            continue
        tables.append(suppress(table, threshold=access.threshold) if access.threshold else table)
    return tables

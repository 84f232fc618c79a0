"""Links from a figure to the list of organizations behind it (the registry's list page).

The list page (`registry:organization_list`) filters by kind, status (today's), field, province,
commune, q and report_year. A figure links with the filters that reproduce it; figures about a
past date or a year of founding are approximated by the nearest filters the list offers.
"""

from urllib.parse import urlencode

from django.urls import reverse

from geo.models import Level
from registry.models import Status

#: Indicator computations whose organizations are the ones with an annual report of the year.
REPORT_COMPUTATIONS = {"report_sum", "report_average", "report_ratio", "worker_income"}


def organization_list_url(**params) -> str:
    query = {name: value for name, value in params.items() if value not in (None, "")}
    return reverse("registry:organization_list") + ("?" + urlencode(query) if query else "")


def place_params(scope) -> dict:
    if scope.unit is None or scope.is_legacy:
        return {}
    return {"province": scope.unit.pk} if scope.unit.level == Level.PROVINCE else {"commune": scope.unit.pk}


def indicator_list_url(indicator, *, scope, year: int, **extra) -> str | None:
    """The organizations behind `indicator` in `scope` and `year` (None for manual indicators)."""
    if indicator.method == "manual":
        return None
    params = dict(indicator.parameters or {})
    query = {"kind": params.get("kind"), **place_params(scope)}
    if params.get("field"):
        query["field"] = params["field"]
    if indicator.computation == "org_status_count":
        query["status"] = params.get("status", Status.OPERATING)
    if indicator.computation in REPORT_COMPUTATIONS:
        query["report_year"] = year
    query.update(extra)
    return organization_list_url(**query)

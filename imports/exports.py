"""What the exports contain: the registry list's filters (same query string as the list page),
scoped by the user's jurisdiction in the registry's selectors."""

from django.db.models import QuerySet

from registry.filters import parse_organization_filters
from registry.models import AnnualReport, Organization


def organizations_for_export(*, user, params) -> QuerySet[Organization]:
    """The registry list's own filters (registry.filters), over what the user may see."""
    return parse_organization_filters(params, user=user).qs


def reports_for_export(*, user, params, year: int | None) -> QuerySet[AnnualReport]:
    organizations = organizations_for_export(user=user, params={k: v for k, v in params.items() if k != "report_year"})
    reports = AnnualReport.objects.filter(organization__in=organizations.values("pk"))
    if year:
        reports = reports.filter(year=year)
    return reports.order_by("organization__name", "year")

"""Filtering of the registry lists for export: the registry's FilterSet when it exists, else the
same query parameters (kind, status, field, province, commune, q, report_year) applied here."""

from django.db.models import QuerySet

from core.text import search_key
from registry.models import AnnualReport, Organization
from registry.selectors import organizations_visible_to

try:  # pragma: no cover - depends on the registry app's progress
    from registry.filters import OrganizationFilter
except ImportError:  # pragma: no cover
    OrganizationFilter = None


def _apply_parameters(queryset: QuerySet[Organization], params) -> QuerySet[Organization]:
    for name, lookup in (
        ("kind", "kind"),
        ("status", "current_status"),
        ("field", "field"),
        ("province", "province_id"),
        ("commune", "commune_id"),
    ):
        value = params.get(name)
        if value:
            try:
                queryset = queryset.filter(**{lookup: int(value) if lookup.endswith("_id") else value})
            except ValueError:
                return queryset.none()
    if params.get("q"):
        queryset = queryset.filter(search_text__contains=search_key(params["q"]))
    if params.get("report_year"):
        try:
            queryset = queryset.filter(annual_reports__year=int(params["report_year"]))
        except ValueError:
            return queryset.none()
    return queryset


def organizations_for_export(*, user, params) -> QuerySet[Organization]:
    queryset = organizations_visible_to(user)
    if OrganizationFilter is not None:
        return OrganizationFilter(params, queryset=queryset).qs
    return _apply_parameters(queryset, params)


def reports_for_export(*, user, params, year: int | None) -> QuerySet[AnnualReport]:
    organizations = organizations_for_export(user=user, params={k: v for k, v in params.items() if k != "report_year"})
    reports = AnnualReport.objects.filter(organization__in=organizations.values("pk"))
    if year:
        reports = reports.filter(year=year)
    return reports.order_by("organization__name", "year")

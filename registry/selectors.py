"""Reads from the registry, always scoped by the reader's jurisdiction (accounts.jurisdiction)."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from accounts.jurisdiction import PROVINCE_WRITERS, commune_scope, is_admin, organization_scope
from core.history import HistoryEntry, history_entries
from core.roles import Role
from geo.models import AdminUnit, Edition, Level
from registry.models import AnnualReport, Member, Organization, Status, StatusEvent
from registry.status import status_on

#: What the public may see of an organization (operating ones only).
PUBLISHED_FIELDS = (
    "id",
    "kind",
    "is_credit_fund",
    "registration_code",
    "name",
    "short_name",
    "english_name",
    "address",
    "commune",
    "province",
    "field",
    "vsic_code",
    "main_business",
    "founded_on",
    "registered_on",
    "current_status",
)


def organizations_visible_to(user, *, for_write: bool = False) -> QuerySet[Organization]:
    """Every organization `user` may read (or write); the public gets operating ones only."""
    organizations = Organization.objects.all()
    if not user.is_authenticated:
        return organizations.filter(current_status=Status.OPERATING)
    scope = organization_scope(user, for_write=for_write)
    if scope is None:
        return organizations.none()
    scoped = organizations.filter(scope)
    # Representatives join through an M2M; distinct keeps an organization from appearing twice.
    return scoped.distinct() if "representatives" in str(scope) else scoped


def organization_get(*, user, pk: int, for_write: bool = False) -> Organization:
    """The organization if `user` may see it, else Organization.DoesNotExist (→ 404, not 403,
    so that other communes' organizations are not even confirmed to exist)."""
    return organizations_visible_to(user, for_write=for_write).select_related("commune", "legacy_commune", "province").get(pk=pk)


def organization_list(*, user, filters) -> QuerySet[Organization]:
    """The registry list: what `user` may see, filtered and sorted as the query parameters say.

    `filters` is the page's query string (`request.GET` or a dict: q, kind, status, field, province,
    commune, credit_fund, report_year, missing_report_year, sort) or an already parsed
    `OrganizationFilterSet`. Invalid filter values are ignored (the page shows their errors).
    One query for the rows, with the commune joined; callers count once (the paginator).
    """
    from registry.filters import OrganizationFilterSet, parse_organization_filters, sort_organizations

    filterset = filters if isinstance(filters, OrganizationFilterSet) else parse_organization_filters(filters, user=user)
    params = filterset.data if isinstance(filterset.data, Mapping) else {}
    return sort_organizations(filterset.qs, params.get("sort"), params.get("q")).select_related("commune")


def communes_for_user(user, *, on=None) -> QuerySet[AdminUnit]:
    """Current communes a user may file organizations under (the picker in forms).

    Administrators see the installation's province (settings.HOPTAC_PROVINCE_CODE) when it is
    loaded, otherwise every current commune.
    """
    communes = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.COMMUNE).select_related("province")
    if on is not None:
        communes = communes.valid_on(on)
    scope = commune_scope(user)
    if scope is None:
        return communes.none()
    if is_admin(user):
        home = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE, code=settings.HOPTAC_PROVINCE_CODE).first()
        return communes.filter(province=home) if home else communes
    # Only officers who may create organizations get communes here; readers get none.
    if user.has_role(*PROVINCE_WRITERS) and user.province_id:
        return communes.filter(province_id=user.province_id)
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        return communes.filter(pk=user.commune_id)
    return communes.none()


def filter_communes_for_user(user, *, province=None) -> QuerySet[AdminUnit]:
    """Communes offered in the list filter: the chosen province's, else the user's area."""
    communes = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.COMMUNE).order_by("name")
    if province is not None:
        return communes.filter(province=province)
    if user.is_authenticated and user.commune_id and not user.province_id:
        return communes.filter(pk=user.commune_id)
    if user.is_authenticated and user.province_id:
        return communes.filter(province_id=user.province_id)
    return communes.filter(province__code=settings.HOPTAC_PROVINCE_CODE, province__edition=Edition.CURRENT)


def legacy_communes_for(communes: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """Pre-2025 communes that merged into any of `communes` (through the crosswalk)."""
    return (
        AdminUnit.objects.filter(edition=Edition.LEGACY, level=Level.COMMUNE, successions__new_unit__in=communes)
        .select_related("parent")
        .distinct()
        .order_by("name")
    )


# --- Parts of one organization (the caller has already fetched it with organization_get) ------


def members_visible_to(user) -> QuerySet[Member]:
    scope = organization_scope(user, prefix="organization__")
    if scope is None:
        return Member.objects.none()
    members = Member.objects.filter(scope).select_related("organization", "member_organization")
    return members.distinct() if "representatives" in str(scope) else members


def status_events_visible_to(user) -> QuerySet[StatusEvent]:
    scope = organization_scope(user, prefix="organization__")
    if scope is None:
        return StatusEvent.objects.none()
    events = StatusEvent.objects.filter(scope).select_related("organization")
    return events.distinct() if "representatives" in str(scope) else events


def annual_reports_visible_to(user) -> QuerySet[AnnualReport]:
    scope = organization_scope(user, prefix="organization__")
    if scope is None:
        return AnnualReport.objects.none()
    reports = AnnualReport.objects.filter(scope).select_related("organization")
    return reports.distinct() if "representatives" in str(scope) else reports


def organization_members(organization: Organization) -> QuerySet[Member]:
    return organization.members.select_related("member_organization").order_by("left_on", "kind", "name")


def organization_status_timeline(organization: Organization) -> list[StatusEvent]:
    """Events newest first; the one in force today is marked `is_current`."""
    events = list(organization.status_events.order_by("effective_on", "id"))
    today = dt.date.today()
    current = None
    for event in events:
        if event.effective_on <= today:
            current = event
    current_status = status_on(events, today)
    for event in events:
        event.is_current = event is current and current_status == event.status
        event.is_past_suspension = event.status == Status.SUSPENDED and event.ends_on and event.ends_on < today
    return list(reversed(events))


#: Figures shown in the annual-report table, with their year-on-year change.
REPORT_COLUMNS = (
    "members_official",
    "members_associate",
    "regular_workers",
    "revenue",
    "revenue_from_members",
    "pre_tax_profit",
    "total_capital",
    "average_worker_income",
)

MONEY_COLUMNS = frozenset({"revenue", "revenue_from_members", "pre_tax_profit", "total_capital", "average_worker_income"})


@dataclass
class ReportRow:
    report: AnnualReport
    cells: list[tuple[str, int, float | None, bool]]  # (field, value, % change vs previous year or None, is money)


def organization_report_rows(organization: Organization) -> list[ReportRow]:
    """Annual reports newest first, each figure with its change from the previous year's report."""
    reports = list(organization.annual_reports.order_by("year"))
    by_year = {r.year: r for r in reports}
    rows = []
    for report in reports:
        previous = by_year.get(report.year - 1)
        cells = []
        for name in REPORT_COLUMNS:
            value = getattr(report, name)
            change = None
            if previous is not None:
                old = getattr(previous, name)
                if old:
                    change = (value - old) * 100 / abs(old)
            cells.append((name, value, change, name in MONEY_COLUMNS))
        rows.append(ReportRow(report, cells))
    return list(reversed(rows))


def organization_history(organization: Organization, *, limit: int | None = 200) -> list[HistoryEntry]:
    """Every recorded change to the organization, its status events, members and annual reports."""
    return history_entries(
        Organization.history.filter(id=organization.pk),
        StatusEvent.history.filter(organization_id=organization.pk),
        Member.history.filter(organization_id=organization.pk),
        AnnualReport.history.filter(organization_id=organization.pk),
        limit=limit,
        labels={
            Organization: lambda r: r.name,
            AnnualReport: lambda r: str(r.year),
            StatusEvent: lambda r: f"{r.get_status_display()} ({r.effective_on:%d/%m/%Y})",
        },
    )

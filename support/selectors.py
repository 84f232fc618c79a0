"""Reads of the support app, always scoped by the reader's jurisdiction (core.jurisdiction)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from core.jurisdiction import PROVINCE_READERS, is_admin, organization_scope
from core.roles import Role
from core.text import search_key
from registry.models import Field, Organization
from support.loans import fund_totals, loan_positions
from support.models import (
    TRAINING_KINDS,
    Activity,
    ActivityKind,
    AllianceMembership,
    AllianceService,
    FundLoan,
    SupportPolicy,
    SupportRecord,
    SupportType,
)


def _scoped(queryset: QuerySet, user, prefix: str) -> QuerySet:
    scope = organization_scope(user, prefix=prefix)
    if scope is None:
        return queryset.none()
    scoped = queryset.filter(scope)
    return scoped.distinct() if "representatives" in str(scope) else scoped


def _filtered(queryset: QuerySet, filters, lookups: dict[str, str]) -> QuerySet:
    """Keep the rows matching every filter that is set (an empty value means "any")."""
    conditions = {lookup: getattr(filters, name) for name, lookup in lookups.items() if getattr(filters, name)}
    return queryset.filter(**conditions)


# --- Policies ------------------------------------------------------------------------------------


def policy_list(*, on: dt.date | None = None) -> QuerySet[SupportPolicy]:
    """Policies are public data (legal texts); `on` keeps those in force on that day."""
    policies = SupportPolicy.objects.all()
    if on:
        policies = policies.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return policies


# --- Support records -----------------------------------------------------------------------------


@dataclass
class RecordFilters:
    year: int | None = None
    support_type: str = ""
    policy: int | None = None
    funding_source: str = ""
    commune: int | None = None
    field: str = ""
    agency: int | None = None
    organization: int | None = None
    q: str = ""


# The ORM lookup behind each filter that is a plain equality (search is handled on its own).
RECORD_LOOKUPS = {
    "year": "supported_on__year",
    "support_type": "policy__support_type",
    "policy": "policy_id",
    "funding_source": "policy__funding_source",
    "commune": "organization__commune_id",
    "field": "organization__field",
    "agency": "agency_id",
    "organization": "organization_id",
}


def records_visible_to(user) -> QuerySet[SupportRecord]:
    return _scoped(SupportRecord.objects.all(), user, "organization__")


def record_list(*, user, filters: RecordFilters | None = None) -> QuerySet[SupportRecord]:
    filters = filters or RecordFilters()
    records = records_visible_to(user).select_related("organization__commune", "policy", "agency")
    records = _filtered(records, filters, RECORD_LOOKUPS)
    if filters.q:
        key = search_key(filters.q)
        records = records.filter(Q(organization__search_text__contains=key) | Q(code__icontains=filters.q.strip()))
    return records


def record_get(*, user, pk: int) -> SupportRecord:
    return records_visible_to(user).select_related("organization", "policy", "agency").get(pk=pk)


@dataclass(frozen=True)
class TotalRow:
    key: object
    label: str
    count: int
    organizations: int
    amount: int


def _totals(records: QuerySet, key: str, labels) -> list[TotalRow]:
    rows = (
        records.order_by()
        .values(key)
        .annotate(count=Count("id"), organizations=Count("organization", distinct=True), amount=Sum("amount"))
        .order_by(key)
    )
    return [TotalRow(row[key], labels(row[key]), row["count"], row["organizations"], row["amount"] or 0) for row in rows]


def record_totals(records: QuerySet[SupportRecord]) -> dict[str, list[TotalRow]]:
    """Totals of a (filtered) record list by type, policy, year, commune and field."""
    types, fields = dict(SupportType.choices), dict(Field.choices)
    policy_names = dict(SupportPolicy.objects.values_list("id", "name"))
    records = records.annotate(year=ExtractYear("supported_on"))
    from geo.models import AdminUnit

    commune_ids = records.order_by().values_list("organization__commune_id", flat=True).distinct()
    communes = dict(AdminUnit.objects.filter(pk__in=list(commune_ids)).values_list("id", "full_name"))
    return {
        "type": _totals(records, "policy__support_type", lambda k: str(types.get(k, k))),
        "year": _totals(records, "year", str),
        "policy": _totals(records, "policy_id", lambda k: policy_names.get(k, "")),
        "commune": _totals(records, "organization__commune_id", lambda k: communes.get(k, "")),
        "field": _totals(records, "organization__field", lambda k: str(fields.get(k, k))),
    }


def record_grand_total(records: QuerySet[SupportRecord]) -> dict:
    totals = records.order_by().aggregate(
        count=Count("id"), organizations=Count("organization", distinct=True), amount=Sum("amount")
    )
    totals["amount"] = totals["amount"] or 0
    return totals


def records_for_organization(*, user, organization: Organization) -> QuerySet[SupportRecord]:
    return records_visible_to(user).filter(organization=organization).select_related("policy", "agency")


# --- Activities ----------------------------------------------------------------------------------


@dataclass
class ActivityFilters:
    year: int | None = None
    kind: str = ""
    agency: int | None = None
    commune: int | None = None
    q: str = ""


ACTIVITY_LOOKUPS = {"year": "started_on__year", "kind": "kind", "agency": "agency_id", "commune": "commune_id"}


def activities_visible_to(user) -> QuerySet[Activity]:
    """Province readers see the province's activities; commune officers their commune's and their
    agency's; cooperatives see none (activities are not addressed to one organization)."""
    activities = Activity.objects.all()
    if not user.is_authenticated:
        return activities.none()
    if is_admin(user):
        return activities
    scope = None
    if user.has_role(*PROVINCE_READERS) and user.province_id:
        scope = Q(province_id=user.province_id)
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        commune_scope = Q(commune_id=user.commune_id) | (Q(agency_id=user.agency_id) if user.agency_id else Q(pk__in=[]))
        scope = commune_scope if scope is None else scope | commune_scope
    return activities.filter(scope) if scope is not None else activities.none()


def activity_list(*, user, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    filters = filters or ActivityFilters()
    activities = activities_visible_to(user).select_related("agency", "commune", "policy")
    activities = _filtered(activities, filters, ACTIVITY_LOOKUPS)
    if filters.q:
        activities = activities.filter(search_text__contains=search_key(filters.q))
    return activities


def activity_get(*, user, pk: int) -> Activity:
    return activities_visible_to(user).select_related("agency", "commune", "policy").get(pk=pk)


@dataclass(frozen=True)
class ActivityYear:
    year: int
    activities: int
    participants: int
    managers: int
    members: int
    officials: int
    trained: int
    cost: int


def activity_totals_by_year(activities: QuerySet[Activity]) -> list[ActivityYear]:
    # Aliases differ from field names: an annotation named "participants" would shadow the column.
    rows = (
        activities.order_by()
        .annotate(year=ExtractYear("started_on"))
        .values("year")
        .annotate(
            n_activities=Count("id"),
            n_participants=Sum("participants"),
            n_managers=Sum("participants_managers"),
            n_members=Sum("participants_members"),
            n_officials=Sum("participants_officials"),
            n_trained=Sum("participants", filter=Q(kind__in=TRAINING_KINDS)),
            n_cost=Sum("cost"),
        )
        .order_by("year")
    )
    return [ActivityYear(**{k.removeprefix("n_"): (v or 0) for k, v in row.items()}) for row in rows]


def activity_totals_by_kind(activities: QuerySet[Activity]) -> list[dict]:
    labels = dict(ActivityKind.choices)
    rows = (
        activities.order_by()
        .values("kind")
        .annotate(n_activities=Count("id"), n_participants=Sum("participants"))
        .order_by("kind")
    )
    return [
        {
            "kind": row["kind"],
            "label": labels.get(row["kind"]),
            "activities": row["n_activities"],
            "participants": row["n_participants"] or 0,
        }
        for row in rows
    ]


# --- Alliance ------------------------------------------------------------------------------------


def memberships_visible_to(user) -> QuerySet[AllianceMembership]:
    return _scoped(AllianceMembership.objects.all(), user, "organization__").select_related("organization__commune")


def membership_list(*, user, on: dt.date | None = None, q: str = "") -> QuerySet[AllianceMembership]:
    memberships = memberships_visible_to(user)
    if on:
        memberships = memberships.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
    if q:
        memberships = memberships.filter(organization__search_text__contains=search_key(q))
    return memberships


def services_visible_to(user) -> QuerySet[AllianceService]:
    return _scoped(AllianceService.objects.all(), user, "organization__").select_related("organization")


def service_list(*, user, year: int | None = None, kind: str = "", organization: int | None = None) -> QuerySet[AllianceService]:
    services = services_visible_to(user)
    if year:
        services = services.filter(provided_on__year=year)
    if kind:
        services = services.filter(kind=kind)
    if organization:
        services = services.filter(organization_id=organization)
    return services


def loans_visible_to(user) -> QuerySet[FundLoan]:
    return _scoped(FundLoan.objects.all(), user, "borrower__").select_related("borrower")


def loan_list(*, user, q: str = "") -> QuerySet[FundLoan]:
    loans = loans_visible_to(user)
    if q:
        loans = loans.filter(Q(borrower__search_text__contains=search_key(q)) | Q(contract_no__icontains=q.strip()))
    return loans


def loan_get(*, user, pk: int) -> FundLoan:
    return loans_visible_to(user).prefetch_related("schedule", "repayments").get(pk=pk)


def loans_with_positions(loans, day: dt.date) -> list[tuple[FundLoan, object]]:
    loans = list(loans)
    positions = loan_positions(loans, day)
    return [(loan, positions[loan.pk]) for loan in loans]


def fund_summary(*, user, day: dt.date):
    return fund_totals(loans_visible_to(user), day)


# --- Figures for the indicator catalogue and dashboards (unscoped: callers pass a province) -------


def people_trained(*, province_id: int | None, year: int) -> int:
    activities = Activity.objects.filter(started_on__year=year, kind__in=TRAINING_KINDS)
    if province_id:
        activities = activities.filter(province_id=province_id)
    return activities.aggregate(total=Sum("participants"))["total"] or 0

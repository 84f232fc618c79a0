"""Computed indicators contributed to the catalogue (hook "indicators.computations").

Signature (defined by the indicators app):
    computation(*, years, scope, breakdowns, params) -> list of
    {"year": 2024, <breakdown>: value…, "value": number | None, "n": organizations or None}
`scope.organization_q(prefix)` filters organizations; money is returned in millions of đồng
(the catalogue's unit "trieu_dong"). Entries are in support/indicators.yaml.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from geo.models import AdminUnit
from support.loans import loan_positions
from support.models import TRAINING_KINDS, Activity, FundLoan, SupportRecord

MILLION = Decimal(1_000_000)
#: Breakdown key → the Organization column it groups by.
ORGANIZATION_COLUMNS = {"province": "province_id", "commune": "commune_id", "kind": "kind", "field": "field"}
ORGANIZATION_BREAKDOWNS = frozenset(ORGANIZATION_COLUMNS)


def _as_of(year: int) -> dt.date | None:
    """31/12 of a past year, today for the current year, None for a future year."""
    today = timezone.localdate()
    if year > today.year:
        return None
    return today if year == today.year else dt.date(year, 12, 31)


def _grouping(breakdowns, prefix: str) -> dict:
    return {f"b_{key}": F(f"{prefix}{ORGANIZATION_COLUMNS[key]}") for key in breakdowns if key in ORGANIZATION_COLUMNS}


def _ungroup(row: dict, breakdowns) -> dict:
    return {key: row[f"b_{key}"] for key in breakdowns}


def _records(scope, params):
    records = SupportRecord.objects.filter(scope.organization_q("organization__"))
    if params.get("support_type"):
        records = records.filter(policy__support_type=params["support_type"])
    if params.get("funding_source"):
        records = records.filter(policy__funding_source=params["funding_source"])
    if params.get("kind"):
        records = records.filter(organization__kind=params["kind"])
    return records


def support_amount(*, years, scope, breakdowns, params) -> list[dict]:
    """Support given in the year (million đồng), optionally of one support type or funding source."""
    rows = (
        _records(scope, params)
        .filter(supported_on__year__in=list(years))
        .values(year=F("supported_on__year"), **_grouping(breakdowns, "organization__"))
        .annotate(amount=Sum("amount"), n=Count("organization", distinct=True))
        .order_by()
    )
    return [
        {"year": r["year"], **_ungroup(r, breakdowns), "value": Decimal(r["amount"] or 0) / MILLION, "n": r["n"]} for r in rows
    ]


support_amount.breakdowns = ORGANIZATION_BREAKDOWNS


def organizations_supported(*, years, scope, breakdowns, params) -> list[dict]:
    """Organizations (by default cooperatives) that received at least one support in the year."""
    rows = (
        _records(scope, params)
        .filter(supported_on__year__in=list(years))
        .values(year=F("supported_on__year"), **_grouping(breakdowns, "organization__"))
        .annotate(n=Count("organization", distinct=True))
        .order_by()
    )
    return [{"year": r["year"], **_ungroup(r, breakdowns), "value": r["n"], "n": r["n"]} for r in rows]


organizations_supported.breakdowns = ORGANIZATION_BREAKDOWNS


def _activity_scope(scope) -> Q:
    if scope.unit is None:
        return Q()
    communes = AdminUnit.objects.filter(scope.unit_q()).values("pk")
    if scope.level == "province" and not scope.is_legacy:
        return Q(province_id=scope.unit.pk)
    if scope.is_legacy:
        provinces = AdminUnit.objects.filter(scope.unit_q()).values("province_id")
        # Province-wide activities (no commune) count for a legacy province that became part of the province.
        whole = Q(commune__isnull=True, province_id__in=provinces) if scope.level == "province" else Q(pk__in=[])
        return Q(commune_id__in=communes) | whole
    return Q(commune_id=scope.unit.pk)


def people_trained(*, years, scope, breakdowns, params) -> list[dict]:
    """Participants of training courses and study tours held in the year (a person attending two
    courses counts twice: registers count attendances, not people)."""
    kinds = params.get("kinds") or list(TRAINING_KINDS)
    group = {f"b_{key}": F(f"{key}_id") for key in breakdowns if key in ("province", "commune")}
    rows = (
        Activity.objects.filter(_activity_scope(scope), kind__in=kinds, started_on__year__in=list(years))
        .values(year=F("started_on__year"), **group)
        .annotate(total=Sum("participants"))
        .order_by()
    )
    return [{"year": r["year"], **_ungroup(r, breakdowns), "value": r["total"] or 0, "n": None} for r in rows]


people_trained.breakdowns = frozenset({"province", "commune"})


def _fund(measure: str):
    def compute(*, years, scope, breakdowns, params) -> list[dict]:
        loans = list(FundLoan.objects.filter(scope.organization_q("borrower__")).select_related("borrower"))
        rows = []
        for year in years:
            day = _as_of(year)
            if day is None:
                continue
            current = [loan for loan in loans if loan.disbursed_on <= day]
            positions = loan_positions(current, day)
            groups: dict[tuple, dict] = defaultdict(lambda: {"value": 0, "borrowers": set()})
            for loan in current:
                position = positions[loan.pk]
                amount = position.outstanding if measure == "outstanding" else position.overdue_principal
                if amount <= 0:
                    continue
                key = tuple(getattr(loan.borrower, ORGANIZATION_COLUMNS[b]) for b in breakdowns)
                groups[key]["value"] += amount
                groups[key]["borrowers"].add(loan.borrower_id)
            for key, group in groups.items():
                rows.append(
                    {
                        "year": year,
                        **dict(zip(breakdowns, key, strict=True)),
                        "value": Decimal(group["value"]) / MILLION,
                        "n": len(group["borrowers"]),
                    }
                )
        return rows

    compute.breakdowns = ORGANIZATION_BREAKDOWNS
    compute.__name__ = f"fund_{measure}"
    compute.__doc__ = f"Fund loans' {measure} principal at 31/12 of the year (today for the current year), million đồng."
    return compute


fund_outstanding = _fund("outstanding")
fund_overdue = _fund("overdue")

COMPUTATIONS = {
    "support_amount": support_amount,
    "support_organizations": organizations_supported,
    "support_people_trained": people_trained,
    "support_fund_outstanding": fund_outstanding,
    "support_fund_overdue": fund_overdue,
}


def indicator_computations(**kwargs) -> dict:
    """Provider of indicators.hooks.computations."""
    return dict(COMPUTATIONS)

"""Classify every organization and rate every cooperative for a year, in bulk and idempotently.

`evaluate_rows` is the pure part (in-memory rows in, results out): the benchmark times it alone as the
floor. `evaluate_year` adds the reads and writes: a handful of queries in all, whatever the count, and
only rows whose result changed are written, so a second run writes nothing.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.bulk import insert_rows, update_rows
from evaluation.classification import classify
from evaluation.models import Assessment, AssessmentStatus, YearResult
from evaluation.rating import EXCLUDED, NOT_ASSESSED, eligibility, rate_scores
from evaluation.rulesets import CriteriaSet, SizeRuleSet, criteria_for_year, rating_set, size_rules_for_year
from registry.models import TERMINAL_STATUSES, AnnualReport, Organization, StatusEvent
from registry.status import status_on

RESULT_FIELDS = (
    "has_report",
    "size_rules",
    "size_class",
    "size_reason",
    "size_provisional",
    "criteria_set",
    "rating",
    "rating_reason",
    "total",
    "rating_provisional",
)


class Event(NamedTuple):
    """A status event as registry.status.status_on reads it."""

    status: str
    effective_on: dt.date
    ends_on: dt.date | None
    pk: int


@dataclass
class OrgRow:
    id: int
    kind: str
    is_credit_fund: bool
    field: str
    founded_on: dt.date | None
    events: list[Event] = field(default_factory=list)
    report: tuple[int, int, int] | None = None  # members_official, revenue, total_capital
    assessment: tuple[str, dict] | None = None  # accepted: (criteria set code, scores)


@lru_cache(maxsize=8)
def _phrases(language: str | None) -> dict[str, str]:
    return {
        "no_report": _("Chưa có báo cáo năm %(year)s"),
        "not_assessed": _("Chưa có phiếu đánh giá được chấp nhận"),
        "points": _("%(total)s/%(max)s điểm theo %(set)s"),
    }


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def evaluate_row(row: OrgRow, year: int, size_rules: SizeRuleSet, criteria: CriteriaSet) -> tuple:
    """The YearResult values (in RESULT_FIELDS order) of one organization."""
    phrases = _phrases(get_language())
    if row.report is not None:
        members, revenue, capital = row.report
        size = classify(size_rules, field=row.field, members=members, revenue=revenue, capital=capital)
        size_values = (True, size_rules.code, size.size_class, size.reason[:300], size.provisional)
    else:
        size_values = (False, size_rules.code, "", phrases["no_report"] % {"year": year}, False)
    events = [(e.status, e.effective_on, e.ends_on) for e in row.events]
    eligible = eligibility(
        criteria, year=year, kind=row.kind, is_credit_fund=row.is_credit_fund, founded_on=row.founded_on, events=events
    )
    if not eligible.rated:
        rating_values = (criteria.code, eligible.outcome, eligible.reason[:300], None, False)
    elif row.assessment is None:
        rating_values = (criteria.code, NOT_ASSESSED, phrases["not_assessed"], None, False)
    else:
        code, scores = row.assessment
        used = criteria if code == criteria.code else rating_set(code, year, scores)
        total, band, provisional = rate_scores(used, scores)
        reason = phrases["points"] % {"total": _points(total), "max": _points(used.max_total), "set": used.code}
        rating_values = (used.code, band.code, reason, total.quantize(Decimal("0.01")), provisional)
    return size_values + rating_values


def evaluate_rows(rows: Iterable[OrgRow], year: int) -> dict[int, tuple]:
    size_rules, criteria = size_rules_for_year(year), criteria_for_year(year)
    return {row.id: evaluate_row(row, year, size_rules, criteria) for row in rows}


def _existed_in(row: OrgRow, year: int) -> bool:
    """Founded by the end of the year and not already terminated when the year began."""
    if row.founded_on and row.founded_on > dt.date(year, 12, 31):
        return False
    before = status_on(row.events, dt.date(year, 1, 1) - dt.timedelta(days=1))
    return before not in TERMINAL_STATUSES


def load_rows(year: int, *, organizations=None, province_id: int | None = None) -> list[OrgRow]:
    """Everything evaluate_rows needs, in four queries (organizations, events, reports, assessments)."""
    kinds = set(size_rules_for_year(year).applies_to_kinds) | set(criteria_for_year(year).applies_to_kinds)
    queryset = Organization.objects.filter(kind__in=kinds).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=dt.date(year, 12, 31))
    )
    if organizations is not None:
        queryset = queryset.filter(pk__in=organizations)
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    # .order_by(): the models' default orderings sort by organization name, which costs a join and a sort.
    rows = {
        pk: OrgRow(pk, kind, credit, field_code, founded)
        for pk, kind, credit, field_code, founded in queryset.order_by().values_list(
            "pk", "kind", "is_credit_fund", "field", "founded_on"
        )
    }
    scope = {"organization__in": queryset.values("pk")}
    for org_id, status, effective_on, ends_on, pk in (
        StatusEvent.objects.filter(**scope, effective_on__lte=dt.date(year, 12, 31))
        .order_by("organization_id", "effective_on", "pk")
        .values_list("organization_id", "status", "effective_on", "ends_on", "pk")
    ):
        rows[org_id].events.append(Event(status, effective_on, ends_on, pk))
    for org_id, members, revenue, capital in (
        AnnualReport.objects.filter(**scope, year=year)
        .order_by()
        .values_list("organization_id", "members_official", "revenue", "total_capital")
    ):
        rows[org_id].report = (members, revenue, capital)
    for org_id, code, scores in (
        Assessment.objects.filter(**scope, year=year, status=AssessmentStatus.ACCEPTED)
        .order_by()
        .values_list("organization_id", "criteria_set", "scores")
    ):
        rows[org_id].assessment = (code, scores)
    return [row for row in rows.values() if _existed_in(row, year)]


@dataclass
class BatchStats:
    year: int
    evaluated: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    ratings: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def unchanged(self) -> int:
        return self.evaluated - self.created - self.updated


def _comparable(values: tuple) -> tuple:
    return tuple(Decimal(v).quantize(Decimal("0.01")) if isinstance(v, Decimal | float) else v for v in values)


@transaction.atomic
def evaluate_year(year: int, *, province_id: int | None = None, organizations=None) -> BatchStats:
    """Compute and store YearResult rows for `year` (optionally one province, or some organizations)."""
    rows = load_rows(year, organizations=organizations, province_id=province_id)
    results = evaluate_rows(rows, year)
    stats = BatchStats(year=year, evaluated=len(results))
    existing_qs = YearResult.objects.filter(year=year).order_by()
    if organizations is not None:
        existing_qs = existing_qs.filter(organization__in=organizations)
    if province_id is not None:
        existing_qs = existing_qs.filter(organization__province_id=province_id)
    existing = {row[0]: row for row in existing_qs.values_list("organization_id", "pk", *RESULT_FIELDS)}
    now = timezone.now()
    to_create, to_update = [], []
    for org_id, values in results.items():
        stats.ratings[values[6]] += 1
        stored = existing.get(org_id)
        if stored is None:
            to_create.append((org_id, year, now, now, *values))
        elif _comparable(stored[2:]) != _comparable(values):
            to_update.append((stored[1], now, *values))
    gone = [stored[1] for org_id, stored in existing.items() if org_id not in results]
    insert_rows(YearResult, ("organization_id", "year", "created_at", "updated_at", *RESULT_FIELDS), to_create)
    update_rows(YearResult, ("id", "updated_at", *RESULT_FIELDS), to_update)
    if gone:
        YearResult.objects.filter(pk__in=gone).delete()
    stats.created, stats.updated, stats.deleted = len(to_create), len(to_update), len(gone)
    stats.ratings = dict(stats.ratings)
    return stats


__all__ = ["EXCLUDED", "OrgRow", "evaluate_rows", "evaluate_year", "load_rows"]

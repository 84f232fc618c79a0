"""Reads for evaluation pages, APIs and reports, always scoped by the reader's jurisdiction."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jurisdiction import commune_scope, organization_scope
from evaluation.classification import SizeResult, classify, unclassified
from evaluation.deadlines import deadline
from evaluation.models import Assessment, AssessmentStatus, YearResult
from evaluation.rating import (
    EXCLUDED,
    GOOD_RATINGS,
    NOT_ASSESSED,
    NOT_RATED,
    OUTCOME_LABELS,
    WEAK_RATING,
    Outcome,
    score_outcome,
)
from evaluation.rulesets import RuleSetNotFound, criteria_for_year, rating_set, size_rules_for_year
from geo.models import AdminUnit
from registry.models import Field, OrganizationKind

GROUPINGS = {
    "commune": ("organization__commune__full_name", gettext_lazy("Xã, phường")),
    "field": ("organization__field", gettext_lazy("Lĩnh vực")),
    "kind": ("organization__kind", gettext_lazy("Loại hình")),
}
GROUP_LABELS = {"field": dict(Field.choices), "kind": dict(OrganizationKind.choices)}
SIZE_ORDER = ("lon", "vua", "nho", "sieu_nho", "")


def _scoped(queryset: QuerySet, user, prefix: str = "organization__") -> QuerySet:
    scope = organization_scope(user, prefix=prefix)
    if scope is None:
        return queryset.none()
    scoped = queryset.filter(scope)
    return scoped.distinct() if "representatives" in str(scope) else scoped


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return _scoped(Assessment.objects.select_related("organization", "organization__commune"), user)


def results_visible_to(user) -> QuerySet[YearResult]:
    return _scoped(YearResult.objects.select_related("organization", "organization__commune"), user)


def communes_visible_to(user) -> QuerySet[AdminUnit]:
    scope = commune_scope(user)
    if scope is None:
        return AdminUnit.objects.none()
    return AdminUnit.objects.current().communes().filter(scope).order_by("full_name")


# --- one organization --------------------------------------------------------------------------


@dataclass
class OrganizationYear:
    year: int
    size: SizeResult | None
    result: YearResult | None
    assessment: Assessment | None
    outcome: Outcome | None
    criteria_set: str = ""  # code of the set the outcome was computed with


def _report_size(organization, report) -> SizeResult | None:
    """The size class a report gives under the rules of its year; "not classified" for a year
    before any size rule set (None: the rules do not apply to this kind of organization)."""
    try:
        rules = size_rules_for_year(report.year)
    except RuleSetNotFound:
        return unclassified(report.year)
    if organization.kind not in rules.applies_to_kinds:
        return None
    return classify(
        rules, field=organization.field, members=report.members_official, revenue=report.revenue, capital=report.total_capital
    )


def organization_years(organization) -> list[OrganizationYear]:
    """Every year with a report, a result or an assessment, newest first (the trend)."""
    reports = {r.year: r for r in organization.annual_reports.all()}
    results = {r.year: r for r in YearResult.objects.filter(organization=organization)}
    assessments = {a.year: a for a in Assessment.objects.filter(organization=organization)}
    years = sorted(set(reports) | set(results) | set(assessments), reverse=True)
    rows = []
    for year in years:
        report = reports.get(year)
        size = None if report is None else _report_size(organization, report)
        assessment = assessments.get(year)
        outcome, used = None, ""
        if assessment is not None and assessment.status == AssessmentStatus.ACCEPTED:
            criteria = rating_set(assessment.criteria_set, year, assessment.scores)
            outcome, used = score_outcome(criteria, assessment.scores), criteria.code
        rows.append(OrganizationYear(year, size, results.get(year), assessment, outcome, used))
    return rows


# --- consolidation -----------------------------------------------------------------------------


@dataclass
class GroupSummary:
    key: str
    label: str
    organizations: int = 0
    ratings: Counter = field(default_factory=Counter)
    sizes: Counter = field(default_factory=Counter)
    provisional: int = 0
    expected: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def rated(self) -> int:
        return sum(n for code, n in self.ratings.items() if code not in (EXCLUDED, NOT_RATED, NOT_ASSESSED))

    @property
    def good(self) -> int:
        return sum(self.ratings[code] for code in GOOD_RATINGS)

    @property
    def good_share(self) -> Decimal | None:
        """Share rated tốt/khá among those rated (the NQ 20 indicator), in percent."""
        return (Decimal(self.good) * 100 / self.rated).quantize(Decimal("0.1")) if self.rated else None

    @property
    def completeness(self) -> Decimal | None:
        return (Decimal(self.submitted) * 100 / self.expected).quantize(Decimal("0.1")) if self.expected else None


@dataclass
class Consolidation:
    year: int
    scope_label: str
    grouping: str
    groups: list[GroupSummary]
    total: GroupSummary
    weak: list[YearResult]
    not_rated: list[YearResult]
    band_codes: list[tuple[str, str]]
    size_codes: list[tuple[str, str]]
    deadline: dt.date
    provisional: bool
    unevaluated: int = 0  # submitted sheets of organizations not classified yet (the year not run since)


def consolidation(*, user, year: int, commune: AdminUnit | None = None, grouping: str = "commune") -> Consolidation:
    """Distribution of ratings and size classes, share tốt/khá, weak and not-rated cooperatives and
    submission completeness, for what `user` may see (optionally one commune), grouped as asked."""
    if grouping not in GROUPINGS:
        grouping = "commune"
    criteria = criteria_for_year(year)
    size_rules = size_rules_for_year(year)
    results = results_visible_to(user).filter(year=year).order_by("organization__name")
    if commune is not None:
        results = results.filter(organization__commune=commune)
    group_path, _label = GROUPINGS[grouping]
    submissions = {
        org_id: submitted_at
        for org_id, submitted_at in assessments_visible_to(user)
        .filter(year=year, first_submitted_at__isnull=False)
        .values_list("organization_id", "first_submitted_at")
    }
    province_ids = set(results.values_list("organization__province_id", flat=True).distinct())
    due = {pid: deadline(year, "cooperative", province_id=pid).due_on for pid in province_ids}
    groups: dict[str, GroupSummary] = {}
    total = GroupSummary("", _("Tổng cộng"))
    weak, not_rated = [], []
    labels = GROUP_LABELS.get(grouping, {})
    for row in results.values_list(
        "pk",
        "organization_id",
        "organization__province_id",
        group_path,
        "rating",
        "size_class",
        "rating_provisional",
        "size_provisional",
    ):
        _pk, org_id, province_id, key, rating, size_class, rating_prov, size_prov = row
        key = key or ""
        group = groups.setdefault(key, GroupSummary(key, str(labels.get(key, key))))
        for target in (group, total):
            target.organizations += 1
            target.ratings[rating] += 1
            target.sizes[size_class] += 1
            target.provisional += int(rating_prov or size_prov)
            if rating not in (EXCLUDED, NOT_RATED):
                target.expected += 1
                submitted_at = submissions.get(org_id)
                if submitted_at is not None:
                    target.submitted += 1
                    target.on_time += int(timezone.localdate(submitted_at) <= due[province_id])
    unevaluated = _count_unevaluated_sheets(user, year, submissions, results, commune, group_path, due, groups, total, labels)
    for result in results.filter(rating__in=[WEAK_RATING, NOT_RATED]):
        (weak if result.rating == WEAK_RATING else not_rated).append(result)
    if commune is not None:
        scope_label = commune.full_name
    elif getattr(user, "province", None) is not None and not getattr(user, "commune_id", None):
        scope_label = user.province.full_name
    elif getattr(user, "commune", None) is not None:
        scope_label = user.commune.full_name
    else:
        scope_label = _("Toàn bộ")
    return Consolidation(
        year=year,
        scope_label=scope_label,
        grouping=grouping,
        groups=sorted(groups.values(), key=lambda g: g.label),
        total=total,
        weak=weak,
        not_rated=not_rated,
        band_codes=[(b.code, _(b.label)) for b in criteria.bands]
        + [
            (NOT_RATED, _(OUTCOME_LABELS[NOT_RATED])),
            (NOT_ASSESSED, _(OUTCOME_LABELS[NOT_ASSESSED])),
            (EXCLUDED, _(OUTCOME_LABELS[EXCLUDED])),
        ],
        size_codes=[(code, _(size_rules.class_labels.get(code, "Chưa phân loại"))) for code in SIZE_ORDER],
        deadline=deadline(year, "cooperative", province_id=next(iter(province_ids), None)).due_on,
        provisional=total.provisional > 0,
        unevaluated=unevaluated,
    )


def _count_unevaluated_sheets(user, year, submissions, results, commune, group_path, due, groups, total, labels) -> int:
    """Submitted sheets of organizations the year's run has not classified yet (no run this year, or
    registered since): they are submitted and due all the same, so "đã nộp / phải nộp" counts them
    (it read 0/0 while a sheet waited in the queue, before the year had been run)."""
    seen = set(results.values_list("organization_id", flat=True))
    submissions = {org: at for org, at in submissions.items() if org not in seen}
    if not submissions:
        return 0
    organizations = assessments_visible_to(user).filter(year=year, organization_id__in=submissions)
    if commune is not None:
        organizations = organizations.filter(organization__commune=commune)
    count = 0
    for org_id, province_id, key in organizations.values_list("organization_id", "organization__province_id", group_path):
        key = key or ""
        group = groups.setdefault(key, GroupSummary(key, str(labels.get(key, key))))
        if province_id not in due:
            due[province_id] = deadline(year, "cooperative", province_id=province_id).due_on
        on_time = int(timezone.localdate(submissions[org_id]) <= due[province_id])
        for target in (group, total):
            target.expected += 1
            target.submitted += 1
            target.on_time += on_time
        count += 1
    return count


def assessments_to_review(user, *, year: int | None = None) -> QuerySet[Assessment]:
    """Sheets waiting for review that `user` may see (officers see their commune or province)."""
    queryset = assessments_visible_to(user).filter(status=AssessmentStatus.SUBMITTED)
    return queryset.filter(year=year) if year else queryset

"""Test helpers: score sheets with a chosen total, accepted assessments, HTX with a year's figures."""

import datetime as dt
from decimal import Decimal

from evaluation.models import Assessment, AssessmentStatus
from evaluation.rulesets import rule_set
from registry.models import Status, StatusEvent
from registry.tests.factories import AnnualReportFactory, OrganizationFactory

BILLION = 1_000_000_000
CURRENT_SET = "TT01-2020-v2"  # the corrected TT 01/2020 set (three groups) new sheets are scored under


def scores_totalling(total, code: str = CURRENT_SET) -> dict[str, str]:
    """A complete sheet whose items add up to `total`: items filled to their maximum in order, the
    remainder on the next one, zeros after."""
    remaining = Decimal(str(total))
    scores = {}
    for item in rule_set(code).items:
        score = min(item.max, remaining)
        scores[item.code] = str(score)
        remaining -= score
    assert remaining == 0, "total above the set's maximum"
    return scores


def accepted(organization, year: int, total, code: str = CURRENT_SET) -> Assessment:
    return Assessment.objects.create(
        organization=organization,
        year=year,
        criteria_set=code,
        status=AssessmentStatus.ACCEPTED,
        scores=scores_totalling(total, code),
        total=Decimal(str(total)),
    )


def cooperative(commune, *, year=2025, members=60, revenue=2 * BILLION, capital=BILLION, founded=dt.date(2015, 3, 1), **fields):
    organization = OrganizationFactory(commune=commune, province=commune.province, founded_on=founded, **fields)
    AnnualReportFactory(
        organization=organization,
        year=year,
        members_official=members,
        revenue=revenue,
        revenue_from_members=0,
        total_capital=capital,
    )
    return organization


def suspend(organization, start: dt.date, end: dt.date) -> None:
    StatusEvent.objects.create(organization=organization, status=Status.SUSPENDED, effective_on=start, ends_on=end)

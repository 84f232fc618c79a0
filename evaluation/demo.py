"""Demo assessments: the yearly self-assessment → review cycle, run through the real services.

Each participating cooperative gets its own representative account (unusable password, as an
account the registration office would hand out), enters scores, has them confirmed, submits before
the deadline, and the province's office accepts most sheets and returns a few. Scores follow a
per-cooperative "quality" so ratings spread over tốt / khá / trung bình / yếu and persist across years.
"""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from core.roles import Role
from evaluation import services
from evaluation.models import Assessment, EvaluationRun
from evaluation.permissions import can_run_evaluation
from evaluation.reports import QUEUED, summary_filename
from evaluation.rulesets import criteria_for_year
from evaluation.runs import run_execute
from registry.models import Organization, OrganizationKind, Status
from reports import queued
from reports.models import QueuedDocument

PARTICIPATION = 0.8  # share of eligible cooperatives that send a sheet in a year
RETURNED = 0.05  # share of sent sheets the office returns with a comment


def _representative(organization: Organization, group: Group) -> User:
    username = f"htx-{organization.registration_code or organization.pk}"
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": organization.legal_representative or organization.name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(group)
    organization.representatives.add(user)
    return user


def _scores(rng: random.Random, assessment: Assessment, quality: float) -> dict[str, str]:
    scores = {}
    for item in criteria_for_year(assessment.year).items:
        if item.code in assessment.prefills:
            scores[item.code] = assessment.prefills[item.code]["value"]  # keep the annual report's pre-fill
            continue
        share = min(1.0, max(0.0, rng.gauss(quality, 0.15)))
        scores[item.code] = str((item.max * Decimal(share)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return scores


def load(*, province, reviewer: User, years=(2023, 2024, 2025), seed: int = 2025) -> dict[str, int]:
    group, _created = Group.objects.get_or_create(name=str(Role.COOPERATIVE))
    counts = {"accepted": 0, "returned": 0, "skipped": 0}
    cooperatives = Organization.objects.filter(
        province=province, kind=OrganizationKind.COOPERATIVE, is_credit_fund=False, current_status=Status.OPERATING
    ).order_by("pk")
    for organization in cooperatives:
        # One generator per cooperative, seeded by its registration code, not its pk: a re-run makes
        # the same choices (so it adds nothing), and so does a database whose sequences have moved on
        # (PostgreSQL does not roll them back, so pks differ with whatever ran before).
        rng = random.Random(f"{seed}:{organization.registration_code or organization.name}")
        quality = rng.betavariate(4, 2.2)  # most cooperatives fair to good, a tail of weak ones
        representative = None
        for year in years:
            if organization.founded_on and organization.founded_on.year >= year or rng.random() > PARTICIPATION:
                counts["skipped"] += 1
                continue
            if Assessment.objects.filter(organization=organization, year=year).exists():
                continue
            representative = representative or _representative(organization, group)
            try:
                assessment = services.assessment_start(user=representative, organization=organization, year=year)
                assessment = services.assessment_save_scores(
                    user=representative, assessment=assessment, scores=_scores(rng, assessment, quality)
                )
                assessment = services.assessment_confirm(
                    user=representative, assessment=assessment, supervisor_name="Trưởng Ban kiểm soát"
                )
                sent = timezone.make_aware(dt.datetime(year, 12, rng.randint(1, 14), 9, 0))
                assessment = services.assessment_submit(user=representative, assessment=assessment, now=sent)
                if rng.random() < RETURNED:
                    services.assessment_return(
                        user=reviewer, assessment=assessment, comment="Đề nghị bổ sung minh chứng cho tiêu chí 5."
                    )
                    counts["returned"] += 1
                else:
                    services.assessment_accept(user=reviewer, assessment=assessment, comment="Đồng ý kết quả tự đánh giá.")
                    counts["accepted"] += 1
            except ValidationError:
                counts["skipped"] += 1  # not rateable that year (e.g. operating < 12 months)
    return counts


def rate_from_the_year_page(*, province, year: int) -> bool:
    """Rate the province's year as one of its officers does from the year page (an EvaluationRun,
    executed here rather than by the worker); False when the province has no officer who may, or
    already has a run of that year (a re-run of the demo adds nothing)."""
    officers = User.objects.filter(province=province, is_active=True).order_by("pk")
    officer = next((user for user in officers if can_run_evaluation(user)), None)
    if officer is None or EvaluationRun.objects.filter(year=year, province=province).exists():
        return officer is not None
    run = EvaluationRun.objects.create(year=year, province=province, requested_by=officer)
    run_execute(run.pk)
    _summary_asked_by(officer, year)
    return True


def _summary_asked_by(officer: User, year: int) -> None:
    """The officer then asks for the year's summary DOCX, as from the results page's button: the
    demo holds a built document, listed on their home (built here rather than by the worker)."""
    params = {"year": year, "commune": None, "group": "commune"}
    document = QueuedDocument.objects.create(
        kind=QUEUED.key, params=params, filename=summary_filename(year, None), requested_by=officer
    )
    queued.document_build(document.pk)

"""The assessment workflow (TT 01/2020 Điều 8–9): the board self-scores, the supervisory board confirms,
the cooperative submits by the deadline, the registration office accepts (locks) or returns it.

Every step checks permission and state inside the transaction and stamps who and when; history
(simple-history) keeps every version with its author.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from core.numbers import NumberError, format_date, parse_number
from core.text import nfc
from evaluation.batch import evaluate_year
from evaluation.deadlines import deadline
from evaluation.models import EDITABLE_STATUSES, Assessment, AssessmentStatus
from evaluation.permissions import can_edit_assessment, can_review_assessment
from evaluation.rating import eligibility, prefills, score_outcome
from evaluation.rulesets import CriteriaSet, criteria_for_year, rule_set
from registry.models import AnnualReport


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _refuse(message: str, code: str, field: str | None = None):
    raise ValidationError({field: [message]} if field else message, code=code)


def _require(check: bool, message: str) -> None:
    if not check:
        raise PermissionDenied(message)


def _criteria(assessment: Assessment) -> CriteriaSet:
    return rule_set(assessment.criteria_set)


def _prefill_values(criteria: CriteriaSet, organization, year: int) -> dict:
    reports = {r.year: r for r in AnnualReport.objects.filter(organization=organization, year__in=[year, year - 1])}
    return {
        code: {"value": str(p.value), "explanation": p.explanation, "provisional": p.provisional, "facts": p.facts}
        for code, p in prefills(criteria, reports.get(year), reports.get(year - 1)).items()
    }


@transaction.atomic
def assessment_start(*, user, organization, year: int) -> Assessment:
    """The cooperative opens its sheet for `year`: pre-filled from its annual report where derivable."""
    _require(can_edit_assessment(user, organization), _("Chỉ tài khoản đại diện của HTX mới được lập phiếu tự đánh giá."))
    existing = Assessment.objects.filter(organization=organization, year=year).first()
    if existing is not None:
        return existing
    if year > timezone.localdate().year:
        _refuse(_("Chưa thể đánh giá năm %(year)s.") % {"year": year}, "future_year", "year")
    criteria = criteria_for_year(year)
    facts = eligibility(criteria, year=year, kind=organization.kind, is_credit_fund=organization.is_credit_fund, founded_on=None)
    if facts.outcome == "excluded":
        _refuse(facts.reason, "excluded")
    values = _prefill_values(criteria, organization, year)
    assessment = Assessment(
        organization=organization,
        year=year,
        criteria_set=criteria.code,
        prefills=values,
        scores={code: p["value"] for code, p in values.items()},
        board_by=user,
        board_at=timezone.now(),
    )
    assessment._history_user = user
    assessment.save()
    return assessment


def _parse_scores(criteria: CriteriaSet, raw: dict) -> tuple[dict[str, str], list[str]]:
    """Valid scores (as strings, exact decimals) and the messages for invalid ones."""
    items = criteria.item_map
    parsed, errors = {}, []
    for code, value in raw.items():
        item = items.get(str(code))
        if item is None:
            errors.append(_("Không có tiêu chí “%(code)s” trong bộ %(set)s.") % {"code": code, "set": criteria.code})
            continue
        try:
            score = parse_number(value)
        except NumberError:
            errors.append(
                _("Điểm ý %(code)s “%(title)s” phải là một số (đã nhập “%(value)s”).")
                % {"code": code, "title": item.title, "value": value}
            )
            continue
        if score is None:
            continue  # left blank: not scored yet
        if score < 0:
            errors.append(_("Điểm ý %(code)s “%(title)s” không được âm.") % {"code": code, "title": item.title})
        elif score > item.max:
            errors.append(
                _("Điểm ý %(code)s “%(title)s” là %(score)s, vượt điểm tối đa %(max)s.")
                % {"code": code, "title": item.title, "score": _number(score), "max": _number(item.max)}
            )
        else:
            parsed[item.code] = str(score)
    return parsed, errors


@transaction.atomic
def assessment_save_scores(
    *, user, assessment: Assessment, scores: dict, override_reasons: dict | None = None, expected_version=None
) -> Assessment:
    """The board enters or corrects its self-scores. A score that differs from the annual report's
    pre-fill needs a reason. Changing scores withdraws an earlier confirmation by the supervisory board."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(can_edit_assessment(user, assessment.organization), _("Bạn không được sửa phiếu tự đánh giá của HTX này."))
    if assessment.status not in EDITABLE_STATUSES:
        _refuse(_("Phiếu đã gửi hoặc đã được chấp nhận, không sửa được nữa."), "locked")
    criteria = _criteria(assessment)
    parsed, errors = _parse_scores(criteria, scores)
    reasons = {str(k): nfc(str(v)).strip() for k, v in (override_reasons or {}).items() if str(v).strip()}
    for code, prefill in assessment.prefills.items():
        if code in parsed and Decimal(parsed[code]) != Decimal(prefill["value"]) and not reasons.get(code):
            errors.append(
                _("Điểm ý %(code)s (%(score)s) khác điểm gợi ý từ báo cáo năm (%(prefill)s): hãy ghi lý do sửa.")
                % {"code": code, "score": _number(Decimal(parsed[code])), "prefill": _number(Decimal(prefill["value"]))}
            )
    if errors:
        raise ValidationError(errors, code="invalid_scores")
    assessment.scores = parsed
    assessment.override_reasons = {
        code: reason
        for code, reason in reasons.items()
        if code in assessment.prefills and code in parsed and Decimal(parsed[code]) != Decimal(assessment.prefills[code]["value"])
    }
    assessment.status = AssessmentStatus.DRAFT
    assessment.supervisor_by = assessment.supervisor_at = None
    assessment.board_by, assessment.board_at = user, timezone.now()
    assessment.total = score_outcome(criteria, parsed).total
    assessment._history_user = user
    save_versioned(assessment, expected_version=expected_version)
    return assessment


def _missing(criteria: CriteriaSet, scores: dict) -> list[str]:
    return [f"{item.code} ({item.title})" for item in criteria.items if item.code not in scores]


@transaction.atomic
def assessment_confirm(*, user, assessment: Assessment, supervisor_name: str, comment: str = "") -> Assessment:
    """The supervisory board (or controller) checks the self-scores (Phụ lục 2)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(can_edit_assessment(user, assessment.organization), _("Bạn không được xác nhận phiếu của HTX này."))
    if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        _refuse(_("Chỉ xác nhận được phiếu đang tự chấm."), "bad_state")
    missing = _missing(_criteria(assessment), assessment.scores)
    if missing:
        _refuse(_("Chưa chấm đủ các tiêu chí: %(items)s.") % {"items": "; ".join(missing)}, "missing_criteria")
    name = nfc(supervisor_name).strip()
    if not name:
        _refuse(_("Hãy ghi họ tên trưởng ban kiểm soát hoặc kiểm soát viên."), "required", "supervisor_name")
    assessment.status = AssessmentStatus.CONFIRMED
    assessment.supervisor_name, assessment.supervisor_comment = name, nfc(comment).strip()
    assessment.supervisor_by, assessment.supervisor_at = user, timezone.now()
    assessment._history_user = user
    assessment.save()
    return assessment


@transaction.atomic
def assessment_submit(*, user, assessment: Assessment, late_reason: str = "", now: dt.datetime | None = None) -> Assessment:
    """The cooperative sends its confirmed sheet to the registration office by the deadline (15/12)."""
    assessment = Assessment.objects.select_for_update().select_related("organization").get(pk=assessment.pk)
    organization = assessment.organization
    _require(can_edit_assessment(user, organization), _("Bạn không được gửi phiếu của HTX này."))
    if assessment.status != AssessmentStatus.CONFIRMED:
        _refuse(_("Phiếu phải được ban kiểm soát xác nhận trước khi gửi."), "not_confirmed")
    missing = _missing(_criteria(assessment), assessment.scores)
    if missing:
        _refuse(_("Chưa chấm đủ các tiêu chí: %(items)s.") % {"items": "; ".join(missing)}, "missing_criteria")
    now = now or timezone.now()
    due = deadline(assessment.year, "cooperative", province_id=organization.province_id)
    reason = nfc(late_reason).strip()
    if timezone.localdate(now) > due.due_on and not reason:
        _refuse(
            _("Đã quá hạn gửi phiếu (%(due)s): hãy ghi lý do gửi muộn.") % {"due": format_date(due.due_on)},
            "late_without_reason",
            "late_reason",
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.late_reason = reason if timezone.localdate(now) > due.due_on else ""
    assessment.submitted_by, assessment.submitted_at = user, now
    assessment.first_submitted_at = assessment.first_submitted_at or now
    assessment._history_user = user
    assessment.save()
    return assessment


def _review(user, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("organization").get(pk=assessment.pk)
    _require(can_review_assessment(user, assessment.organization), _("Bạn không có thẩm quyền xem xét phiếu của HTX này."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        _refuse(_("Chỉ xem xét được phiếu đã gửi và đang chờ xem xét."), "bad_state")
    return assessment


@transaction.atomic
def assessment_accept(*, user, assessment: Assessment, comment: str = "") -> Assessment:
    """The registration office accepts: the sheet is locked and the year's result recomputed."""
    assessment = _review(user, assessment)
    outcome = score_outcome(_criteria(assessment), assessment.scores)
    assessment.status = AssessmentStatus.ACCEPTED
    assessment.total, assessment.rating = outcome.total, outcome.band.code
    assessment.review_comment = nfc(comment).strip()
    assessment.reviewed_by, assessment.reviewed_at = user, timezone.now()
    assessment._history_user = user
    assessment.save()
    evaluate_year(assessment.year, organizations=[assessment.organization_id])
    return assessment


@transaction.atomic
def assessment_return(*, user, assessment: Assessment, comment: str) -> Assessment:
    """The registration office sends the sheet back for correction, saying why."""
    assessment = _review(user, assessment)
    text = nfc(comment).strip()
    if not text:
        _refuse(_("Hãy ghi ý kiến: HTX cần sửa gì."), "required", "comment")
    assessment.status = AssessmentStatus.RETURNED
    assessment.review_comment = text
    assessment.reviewed_by, assessment.reviewed_at = user, timezone.now()
    assessment.supervisor_by = assessment.supervisor_at = None
    assessment._history_user = user
    assessment.save()
    return assessment

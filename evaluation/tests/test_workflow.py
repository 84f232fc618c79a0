"""The assessment workflow through its services: each step, each refusal, and that refusals change nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation import services
from evaluation.models import Assessment, AssessmentStatus, DeadlineOverride, YearResult
from evaluation.tests.helpers import scores_totalling
from registry.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def snapshot(assessment):
    fresh = Assessment.objects.get(pk=assessment.pk)
    return (fresh.status, fresh.scores, fresh.version, fresh.history.count())


@pytest.fixture
def sheet(personas):
    AnnualReportFactory(
        organization=personas.organization, year=YEAR - 1, total_capital=1_500_000_000, indivisible_assets=500_000_000
    )
    AnnualReportFactory(
        organization=personas.organization, year=YEAR, total_capital=1_800_000_000, indivisible_assets=400_000_000
    )
    return services.assessment_start(user=personas.cooperative, organization=personas.organization, year=YEAR)


def confirmed(personas, sheet, total=82):
    scores = scores_totalling(total)
    reasons = {code: "Theo sổ sách" for code in sheet.prefills}
    services.assessment_save_scores(user=personas.cooperative, assessment=sheet, scores=scores, override_reasons=reasons)
    return services.assessment_confirm(user=personas.cooperative, assessment=sheet, supervisor_name="Trần Thị Kiểm")


def test_it_prefills_growth_from_the_annual_reports_and_explains_it(sheet):
    # Capital grew 1,5 → 1,8 tỷ: 1 point; indivisible assets fell 500 → 400 triệu: 0 points.
    assert sheet.prefills["1b"]["value"] == "1"
    assert "1,8 tỷ > năm 2024: 1,5 tỷ" in sheet.prefills["1b"]["explanation"]
    assert sheet.prefills["2b"]["value"] == "0"
    assert sheet.scores["1b"] == "1"
    assert sheet.status == AssessmentStatus.DRAFT


def test_it_refuses_a_score_above_the_maximum_and_changes_nothing(personas, sheet):
    before = snapshot(sheet)
    with pytest.raises(ValidationError) as error:
        services.assessment_save_scores(user=personas.cooperative, assessment=sheet, scores={"1a": "7"})
    assert "vượt điểm tối đa 6" in " ".join(error.value.messages)
    assert snapshot(sheet) == before


def test_it_requires_a_reason_to_override_a_prefill(personas, sheet):
    with pytest.raises(ValidationError) as error:
        services.assessment_save_scores(user=personas.cooperative, assessment=sheet, scores={"1b": "0"})
    assert "hãy ghi lý do" in " ".join(error.value.messages)
    saved = services.assessment_save_scores(
        user=personas.cooperative, assessment=sheet, scores={"1b": "0"}, override_reasons={"1b": "Vốn tăng do vay ngắn hạn"}
    )
    assert saved.override_reasons == {"1b": "Vốn tăng do vay ngắn hạn"}


def test_it_refuses_confirmation_with_missing_criteria(personas, sheet):
    services.assessment_save_scores(user=personas.cooperative, assessment=sheet, scores={"1a": "5", "1b": "1", "2b": "0"})
    before = snapshot(sheet)
    with pytest.raises(ValidationError) as error:
        services.assessment_confirm(user=personas.cooperative, assessment=sheet, supervisor_name="Trần Thị Kiểm")
    assert "Chưa chấm đủ các tiêu chí" in error.value.messages[0]
    assert "15 (HTX được khen thưởng trong năm)" in error.value.messages[0]
    assert snapshot(sheet) == before


def test_the_whole_cycle_stamps_each_step_and_locks_the_sheet(personas, sheet):
    sheet = confirmed(personas, sheet)
    assert (sheet.supervisor_by, sheet.supervisor_name) == (personas.cooperative, "Trần Thị Kiểm")
    on_time = timezone.make_aware(dt.datetime(YEAR, 12, 10, 9, 0))
    sheet = services.assessment_submit(user=personas.cooperative, assessment=sheet, now=on_time)
    assert (sheet.status, sheet.submitted_by, sheet.submitted_at) == (AssessmentStatus.SUBMITTED, personas.cooperative, on_time)
    sheet = services.assessment_accept(user=personas.commune_officer, assessment=sheet)
    assert (sheet.status, sheet.total, sheet.rating, sheet.reviewed_by) == (
        "accepted",
        Decimal("82"),
        "tot",
        personas.commune_officer,
    )
    assert YearResult.objects.get(organization=personas.organization, year=YEAR).rating == "tot"
    before = snapshot(sheet)
    with pytest.raises(ValidationError):
        services.assessment_save_scores(user=personas.cooperative, assessment=sheet, scores={"1a": "1"})
    assert snapshot(sheet) == before
    users = {record.history_user for record in sheet.history.all()}
    assert users == {personas.cooperative, personas.commune_officer}


def test_a_late_submission_needs_a_reason(personas, sheet):
    sheet = confirmed(personas, sheet)
    late = timezone.make_aware(dt.datetime(YEAR, 12, 16, 8, 0))
    before = snapshot(sheet)
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(user=personas.cooperative, assessment=sheet, now=late)
    assert "Đã quá hạn gửi phiếu (15/12/2025)" in error.value.messages[0]
    assert snapshot(sheet) == before
    sheet = services.assessment_submit(user=personas.cooperative, assessment=sheet, now=late, late_reason="Mất điện")
    assert sheet.late_reason == "Mất điện"


def test_an_overridden_deadline_applies(personas, sheet):
    DeadlineOverride.objects.create(year=YEAR, step="cooperative", province=personas.geo.province, due_on=dt.date(YEAR, 12, 20))
    sheet = confirmed(personas, sheet)
    sheet = services.assessment_submit(
        user=personas.cooperative, assessment=sheet, now=timezone.make_aware(dt.datetime(YEAR, 12, 19, 8, 0))
    )
    assert sheet.late_reason == "" and sheet.status == AssessmentStatus.SUBMITTED


def test_return_needs_a_comment_and_reopens_the_sheet(personas, sheet):
    sheet = services.assessment_submit(
        user=personas.cooperative, assessment=confirmed(personas, sheet), now=timezone.make_aware(dt.datetime(YEAR, 12, 1))
    )
    with pytest.raises(ValidationError):
        services.assessment_return(user=personas.commune_officer, assessment=sheet, comment="  ")
    sheet = services.assessment_return(user=personas.commune_officer, assessment=sheet, comment="Tiêu chí 5 chưa có minh chứng")
    assert sheet.status == AssessmentStatus.RETURNED
    services.assessment_save_scores(
        user=personas.cooperative,
        assessment=sheet,
        scores=scores_totalling(70),
        override_reasons={c: "Sửa" for c in sheet.prefills},
    )
    assert Assessment.objects.get(pk=sheet.pk).status == AssessmentStatus.DRAFT


@pytest.mark.parametrize("who", ["other_cooperative", "commune_officer", "province_officer", "other_commune_officer"])
def test_only_the_cooperative_edits_its_own_sheet(personas, sheet, who):
    before = snapshot(sheet)
    with pytest.raises(PermissionDenied):
        services.assessment_save_scores(user=getattr(personas, who), assessment=sheet, scores={"1a": "1"})
    assert snapshot(sheet) == before


@pytest.mark.parametrize("who", ["cooperative", "other_commune_officer", "alliance_officer", "leader", "department_officer"])
def test_only_the_registration_office_reviews(personas, sheet, who):
    sheet = services.assessment_submit(
        user=personas.cooperative, assessment=confirmed(personas, sheet), now=timezone.make_aware(dt.datetime(YEAR, 12, 1))
    )
    before = snapshot(sheet)
    with pytest.raises(PermissionDenied):
        services.assessment_accept(user=getattr(personas, who), assessment=sheet)
    assert snapshot(sheet) == before


def test_the_province_officer_reviews_any_commune_of_the_province(personas, sheet):
    sheet = services.assessment_submit(
        user=personas.cooperative, assessment=confirmed(personas, sheet), now=timezone.make_aware(dt.datetime(YEAR, 12, 1))
    )
    assert services.assessment_accept(user=personas.province_officer, assessment=sheet).status == AssessmentStatus.ACCEPTED


def test_a_credit_fund_cannot_open_a_sheet(personas):
    personas.organization.is_credit_fund = True
    personas.organization.save()
    with pytest.raises(ValidationError) as error:
        services.assessment_start(user=personas.cooperative, organization=personas.organization, year=YEAR)
    assert "Ngân hàng Nhà nước" in error.value.messages[0]
    assert not Assessment.objects.exists()

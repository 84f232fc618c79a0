import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programs import services
from programs.models import Assignment, Notification, ProgressReport, ReportState, ReportTransition, Task

pytestmark = pytest.mark.django_db


def fill(report, **values):
    defaults = {
        "progress": "in_progress",
        "percent_done": 60,
        "results": "Đã đăng 12 tin bài.",
        "difficulties": "Thiếu kinh phí.",
    }
    for name, value in {**defaults, **values}.items():
        setattr(report, name, value)
    return services.report_save(actor=report._actor, report=report, expected_version=report.version)


def started(setup, personas):
    report = services.report_start(actor=personas.commune_officer, assignment=setup.lead, period_key="2024")
    report._actor = personas.commune_officer
    return report


def snapshot(report):
    report.refresh_from_db()
    return (report.state, report.results, report.version, report.transitions.count())


def test_the_full_workflow_is_stamped_and_kept(setup, personas):
    report = started(setup, personas)
    assert report.state == ReportState.DRAFT and report.due_date == dt.date(2024, 12, 15)
    fill(report)
    services.report_submit(actor=personas.commune_officer, report=report)
    services.report_return(actor=personas.province_officer, report=report, comment="Bổ sung số liệu")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.review_comment == "Bổ sung số liệu"
    report._actor = personas.commune_officer
    fill(report, results="Đã đăng 15 tin bài, 2 phóng sự.")
    services.report_submit(actor=personas.commune_officer, report=report)
    services.report_approve(actor=personas.province_officer, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and report.reviewed_by == personas.province_officer
    steps = list(report.transitions.values_list("to_state", "actor__username", "comment"))
    assert steps == [
        ("draft", "xa", ""),
        ("submitted", "xa", ""),
        ("returned", "tinh", "Bổ sung số liệu"),
        ("submitted", "xa", ""),
        ("approved", "tinh", ""),
    ]
    assert report.history.count() >= 5
    messages = list(Notification.objects.filter(user=personas.commune_officer).values_list("message", flat=True))
    assert any("trả lại" in m for m in messages) and any("đã được duyệt" in m for m in messages)


def test_an_approved_report_cannot_be_edited(setup, personas):
    report = started(setup, personas)
    fill(report)
    services.report_submit(actor=personas.commune_officer, report=report)
    services.report_approve(actor=personas.province_officer, report=report)
    before = snapshot(report)
    report.results = "Sửa sau khi duyệt"
    with pytest.raises(ValidationError, match="đã được duyệt"):
        services.report_save(actor=personas.commune_officer, report=report, expected_version=report.version)
    with pytest.raises(ValidationError):
        services.report_submit(actor=personas.commune_officer, report=report)
    assert snapshot(report) == before


@pytest.mark.parametrize("who", ["other_commune_officer", "alliance_officer", "department_officer", "leader", "province_officer"])
def test_only_the_assigned_agency_writes_its_report(setup, personas, who):
    report = started(setup, personas)
    before = snapshot(report)
    report.results = "Ghi đè"
    with pytest.raises(PermissionDenied):
        services.report_save(actor=getattr(personas, who), report=report, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=getattr(personas, who), report=report)
    assert snapshot(report) == before


@pytest.mark.parametrize("who", ["commune_officer", "alliance_officer", "department_officer", "leader"])
def test_only_the_lead_department_reviews(setup, personas, who):
    report = started(setup, personas)
    fill(report)
    services.report_submit(actor=personas.commune_officer, report=report)
    before = snapshot(report)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=getattr(personas, who), report=report)
    with pytest.raises(PermissionDenied):
        services.report_return(actor=getattr(personas, who), report=report, comment="x")
    assert snapshot(report) == before


def test_returning_needs_a_comment_and_nothing_changes_without_one(setup, personas):
    report = started(setup, personas)
    fill(report)
    services.report_submit(actor=personas.commune_officer, report=report)
    before = snapshot(report)
    with pytest.raises(ValidationError, match="ý kiến"):
        services.report_return(actor=personas.province_officer, report=report, comment="  ")
    assert snapshot(report) == before


def test_a_completed_report_needs_a_completion_date_and_full_percent(setup, personas):
    report = started(setup, personas)
    report.progress, report.percent_done, report.completed_on = "completed", 80, None
    with pytest.raises(ValidationError) as error:
        services.report_save(actor=personas.commune_officer, report=report, expected_version=report.version)
    assert set(error.value.message_dict) == {"completed_on", "percent_done"}
    assert ProgressReport.objects.get(pk=report.pk).progress == "in_progress"


def test_a_period_outside_the_task_is_refused(setup, personas):
    with pytest.raises(ValidationError, match="2030"):
        services.report_start(actor=personas.commune_officer, assignment=setup.lead, period_key="2030")
    assert not ProgressReport.objects.exists()


def test_task_deadline_before_the_program_start_is_refused(setup, personas):
    task = Task(
        program=setup.program, group=setup.group, number="1.2", content="Việc mới", schedule="once", deadline=dt.date(2020, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.task_save(actor=personas.province_officer, task=task, lead_agency=setup.alliance)
    assert "trước ngày bắt đầu chương trình (01/01/2021)" in error.value.message_dict["deadline"][0]
    assert not Task.objects.filter(number="1.2").exists()


def test_a_recurring_task_without_due_day_is_refused(setup, personas):
    task = Task(program=setup.program, group=setup.group, number="1.2", content="Việc hằng quý", schedule="quarterly")
    with pytest.raises(ValidationError) as error:
        services.task_save(actor=personas.province_officer, task=task, lead_agency=setup.alliance)
    assert "ngày đến hạn của mỗi kỳ" in error.value.message_dict["due_day"][0]
    assert not Task.objects.filter(number="1.2").exists()


def test_an_agency_assigned_twice_is_refused_and_nothing_is_written(setup, personas):
    task = Task(
        program=setup.program, group=setup.group, number="1.2", content="Việc", schedule="once", deadline=dt.date(2022, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.task_save(
            actor=personas.province_officer, task=task, lead_agency=setup.alliance, coordinating_agencies=[setup.alliance]
        )
    assert "hai lần" in error.value.message_dict["coordinating_agencies"][0]
    assert not Task.objects.filter(number="1.2").exists()
    assert Assignment.objects.count() == 2


def test_changing_the_lead_keeps_one_lead_per_task(setup, personas):
    task = Task.objects.get(pk=setup.task.pk)
    services.task_save(
        actor=personas.province_officer,
        task=task,
        lead_agency=setup.alliance,
        coordinating_agencies=[personas.commune_officer.agency],
        expected_version=task.version,
    )
    roles = dict(task.assignments.values_list("agency__code", "role"))
    assert roles == {"lien-minh-htx": "lead", "ubnd-a": "coordinating"}


def test_only_the_lead_department_manages_tasks(setup, personas):
    task = Task.objects.get(pk=setup.task.pk)
    task.content = "Đổi nội dung"
    with pytest.raises(PermissionDenied):
        services.task_save(actor=personas.commune_officer, task=task, lead_agency=setup.alliance)
    assert Task.objects.get(pk=task.pk).content == "Tuyên truyền về hợp tác xã kiểu mới"
    assert ReportTransition.objects.count() == 0

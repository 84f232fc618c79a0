"""Status categories across period boundaries, with the clock frozen where "today" matters."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from programs.models import Progress, ReportState, Schedule
from programs.periods import current_period, period_get, task_periods
from programs.selectors import program_board
from programs.status import NOT_STARTED_CATEGORY, Standing, TaskStatus, report_category
from programs.tests.factories import AssignmentFactory, ProgressReportFactory, TaskFactory

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))


def approved_completion(assignment, period, completed_on, due_date):
    return ProgressReportFactory(
        assignment=assignment,
        period=period,
        due_date=due_date,
        state=ReportState.APPROVED,
        progress=Progress.COMPLETED,
        percent_done=100,
        completed_on=completed_on,
    )


def lead_status(task, year):
    board = program_board(program=task.program, year=year, today=timezone.localdate())
    return board.rows[0].status


@time_machine.travel(dt.datetime(2023, 6, 30, 23, 30, tzinfo=TZ), tick=False)
def test_a_task_due_today_is_still_in_progress_on_time():
    assignment = AssignmentFactory(task=TaskFactory(deadline=dt.date(2023, 6, 30)))
    assert lead_status(assignment.task, 2023) == TaskStatus.IN_PROGRESS


@time_machine.travel(dt.datetime(2023, 7, 1, 0, 30, tzinfo=TZ), tick=False)
def test_a_task_one_day_past_its_deadline_is_overdue():
    # 00:30 in Vietnam is still 30/6 in UTC: the local date decides.
    assignment = AssignmentFactory(task=TaskFactory(deadline=dt.date(2023, 6, 30)))
    assert lead_status(assignment.task, 2023) == TaskStatus.OVERDUE


@time_machine.travel(dt.datetime(2023, 9, 1, 9, 0, tzinfo=TZ), tick=False)
def test_completion_after_the_deadline_is_completed_late_and_on_the_day_is_on_time():
    late = AssignmentFactory(task=TaskFactory(deadline=dt.date(2023, 6, 30)))
    approved_completion(late, "2023", dt.date(2023, 7, 1), dt.date(2023, 6, 30))
    on_time = AssignmentFactory(task=TaskFactory(program=late.task.program, group=late.task.group, deadline=dt.date(2023, 6, 30)))
    approved_completion(on_time, "2023", dt.date(2023, 6, 30), dt.date(2023, 6, 30))
    board = program_board(program=late.task.program, year=2023)
    statuses = {row.task.pk: row.status for row in board.rows}
    assert statuses == {late.task.pk: TaskStatus.DONE_LATE, on_time.task.pk: TaskStatus.DONE_ON_TIME}


@time_machine.travel(dt.datetime(2023, 9, 1, 9, 0, tzinfo=TZ), tick=False)
def test_a_completion_not_yet_approved_does_not_count():
    assignment = AssignmentFactory(task=TaskFactory(deadline=dt.date(2023, 6, 30)))
    report = approved_completion(assignment, "2023", dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    report.state = ReportState.SUBMITTED
    report.save()
    assert lead_status(assignment.task, 2023) == TaskStatus.OVERDUE


@time_machine.travel(dt.datetime(2025, 1, 1, 8, 0, tzinfo=TZ), tick=False)
def test_a_yearly_task_done_last_year_starts_afresh_in_the_new_year():
    task = TaskFactory(schedule=Schedule.YEARLY, deadline=None, due_month=12, due_day=15)
    assignment = AssignmentFactory(task=task)
    approved_completion(assignment, "2024", dt.date(2024, 12, 10), dt.date(2024, 12, 15))
    assert lead_status(task, 2024) == TaskStatus.DONE_ON_TIME
    assert lead_status(task, 2025) == TaskStatus.IN_PROGRESS
    assert current_period(task, 2025, dt.date(2025, 1, 1)).due == dt.date(2025, 12, 15)


@time_machine.travel(dt.datetime(2024, 3, 1, 8, 0, tzinfo=TZ), tick=False)
def test_a_once_task_completed_in_an_earlier_year_stays_completed():
    task = TaskFactory(deadline=dt.date(2024, 6, 30))
    assignment = AssignmentFactory(task=task)
    approved_completion(assignment, "2022", dt.date(2022, 11, 1), dt.date(2022, 12, 15))
    assert lead_status(task, 2024) == TaskStatus.DONE_ON_TIME


def test_quarterly_due_days_are_clamped_to_the_month():
    task = TaskFactory(schedule=Schedule.QUARTERLY, deadline=None, due_day=31)
    periods = [p for p in task_periods(task) if p.year == 2024]
    assert [p.key for p in periods] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert [p.due for p in periods] == [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2024, 12, 31)]


def test_a_once_task_reports_yearly_and_its_last_report_is_due_on_the_deadline():
    task = TaskFactory(deadline=dt.date(2023, 6, 30))
    assert period_get(task, "2022").due == dt.date(2022, 12, 15)
    assert period_get(task, "2023").due == dt.date(2023, 6, 30)


@time_machine.travel(dt.datetime(2024, 9, 1, 9, 0, tzinfo=TZ), tick=False)
def test_the_standing_names_the_report_that_decides_the_status():
    """The first approved completion decides a done task, even one of an earlier year; the text a
    report quotes comes from that report (programs.consolidated), so status and text agree."""
    assignment = AssignmentFactory(task=TaskFactory(schedule=Schedule.ONCE, deadline=dt.date(2023, 12, 31)))
    first = approved_completion(assignment, "2023", dt.date(2023, 11, 1), dt.date(2023, 12, 31))
    cell = program_board(program=assignment.task.program, year=2024).rows[0].lead_cell
    assert cell.status == TaskStatus.DONE_ON_TIME and cell.decided_by == first


@time_machine.travel(dt.datetime(2024, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_in_time_with_nothing_approved_or_an_approved_not_started_counts_as_not_started():
    assignment = AssignmentFactory(task=TaskFactory(deadline=dt.date(2024, 12, 31)))
    cell = program_board(program=assignment.task.program, year=2024).rows[0].lead_cell
    assert cell.decided_by is None and report_category(Standing(cell.status, None)) == NOT_STARTED_CATEGORY
    report = ProgressReportFactory(
        assignment=assignment,
        period="2024",
        due_date=dt.date(2024, 12, 31),
        state=ReportState.APPROVED,
        progress=Progress.NOT_STARTED,
    )
    cell = program_board(program=assignment.task.program, year=2024).rows[0].lead_cell
    assert cell.decided_by == report and report_category(Standing(cell.status, report)) == NOT_STARTED_CATEGORY
    report.progress = Progress.IN_PROGRESS
    assert report_category(Standing(cell.status, report)) == TaskStatus.IN_PROGRESS.value

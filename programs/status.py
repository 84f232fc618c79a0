"""Task status in the government's vocabulary (Văn phòng Chính phủ's task tracking; domain.md §5).

Only approved reports count: a completion the lead department has not accepted is still work
in progress. For a task with a deadline a completion reported in an earlier year still counts;
a recurring task starts afresh in every period.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Progress, ProgressReport, ReportState, Schedule
from programs.periods import Period, status_deadline


class TaskStatus(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn")


DONE = frozenset({TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE})

#: Bootstrap colours for each status (screens and the matrix legend).
STATUS_COLORS = {
    TaskStatus.DONE_ON_TIME: "success",
    TaskStatus.DONE_LATE: "info",
    TaskStatus.IN_PROGRESS: "warning",
    TaskStatus.OVERDUE: "danger",
}


def completion_date(report: ProgressReport) -> dt.date:
    if report.completed_on:
        return report.completed_on
    stamp = report.submitted_at or report.reviewed_at
    return stamp.date() if stamp else report.due_date


@dataclass(frozen=True)
class Standing:
    """A status and the approved report that decides it: the first completion counted, else the
    period's latest approved report (None: nothing approved yet). Whatever shows the status shows
    this report's words beside it, so the two cannot disagree."""

    status: TaskStatus
    report: ProgressReport | None


def assignment_standing(*, task, period: Period, reports: Iterable[ProgressReport], today: dt.date) -> Standing:
    """Standing of one agency's part of `task` in `period`, seen on `today`.

    `reports` are that assignment's reports (any state, any period); only approved ones count.
    """
    deadline = status_deadline(task, period)
    approved = [r for r in reports if r.state == ReportState.APPROVED]
    completions = [r for r in approved if r.progress == Progress.COMPLETED]
    if task.schedule == Schedule.ONCE:
        completed = [r for r in completions if r.period <= period.key]
    else:
        completed = [r for r in completions if r.period == period.key]
    if completed:
        first = min(completed, key=lambda r: (completion_date(r), r.period))
        status = TaskStatus.DONE_ON_TIME if completion_date(first) <= deadline else TaskStatus.DONE_LATE
        return Standing(status, first)
    current = [r for r in approved if r.period == period.key]
    latest = max(current, key=lambda r: (r.reviewed_at is not None, r.reviewed_at, r.pk)) if current else None
    return Standing(TaskStatus.OVERDUE if today > deadline else TaskStatus.IN_PROGRESS, latest)


def assignment_status(*, task, period: Period, reports: Iterable[ProgressReport], today: dt.date) -> TaskStatus:
    return assignment_standing(task=task, period=period, reports=reports, today=today).status


#: The categories of the Văn phòng Chính phủ's progress tables: the four statuses, with work not
#: yet begun (in time, nothing approved that says work started) counted apart.
NOT_STARTED_CATEGORY = "not_started"
REPORT_CATEGORIES = (
    (TaskStatus.DONE_ON_TIME.value, TaskStatus.DONE_ON_TIME.label),
    (TaskStatus.DONE_LATE.value, TaskStatus.DONE_LATE.label),
    (TaskStatus.IN_PROGRESS.value, TaskStatus.IN_PROGRESS.label),
    (TaskStatus.OVERDUE.value, TaskStatus.OVERDUE.label),
    (NOT_STARTED_CATEGORY, _("Chưa bắt đầu")),
)


def report_category(standing: Standing) -> str:
    if standing.status == TaskStatus.IN_PROGRESS and (
        standing.report is None or standing.report.progress == Progress.NOT_STARTED
    ):
        return NOT_STARTED_CATEGORY
    return standing.status.value

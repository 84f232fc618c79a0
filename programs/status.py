"""Task status in the government's vocabulary (Văn phòng Chính phủ's task tracking; domain.md §5).

Only approved reports count: a completion the lead department has not accepted is still work
in progress. For a task with a deadline a completion reported in an earlier year still counts;
a recurring task starts afresh in every period.
"""

import datetime as dt
from collections.abc import Iterable

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


def assignment_status(*, task, period: Period, reports: Iterable[ProgressReport], today: dt.date) -> TaskStatus:
    """Status of one agency's part of `task` in `period`, seen on `today`.

    `reports` are that assignment's reports (any state, any period); only approved ones count.
    """
    deadline = status_deadline(task, period)
    approved = [r for r in reports if r.state == ReportState.APPROVED and r.progress == Progress.COMPLETED]
    if task.schedule == Schedule.ONCE:
        completed = [r for r in approved if r.period <= period.key]
    else:
        completed = [r for r in approved if r.period == period.key]
    if completed:
        done_on = min(completion_date(r) for r in completed)
        return TaskStatus.DONE_ON_TIME if done_on <= deadline else TaskStatus.DONE_LATE
    return TaskStatus.OVERDUE if today > deadline else TaskStatus.IN_PROGRESS

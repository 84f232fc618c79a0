"""Reporting periods of a task, derived from its timeframe.

- yearly and "thường xuyên" tasks: one period a year, due on the task's due month/day;
- quarterly tasks: one period a quarter, due on the task's due day of the quarter's last month;
- tasks with a deadline: a yearly progress report (due on the program's annual report date, or
  on the deadline itself in the deadline's year) for every year of the program. Their status is
  measured against the deadline, not against the report dates.

Keys are "2024" and "2024-Q2": they sort in time order as strings.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from programs.models import Schedule


@dataclass(frozen=True)
class Period:
    key: str
    year: int
    quarter: int | None
    start: dt.date
    end: dt.date
    due: dt.date

    @property
    def label(self) -> str:
        if self.quarter:
            return _("Quý %(quarter)s/%(year)s") % {"quarter": self.quarter, "year": self.year}
        return _("Năm %(year)s") % {"year": self.year}


def clamped_date(year: int, month: int, day: int) -> dt.date:
    """The day in that month, or its last day (a due day 31 in a 30-day month)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def task_periods(task) -> list[Period]:
    program = task.program
    years = range(program.start_date.year, program.end_date.year + 1)
    periods: list[Period] = []
    for year in years:
        if task.schedule == Schedule.QUARTERLY:
            for quarter in range(1, 5):
                last_month = quarter * 3
                start = dt.date(year, last_month - 2, 1)
                end = clamped_date(year, last_month, 31)
                if end < program.start_date or start > program.end_date:
                    continue
                due = clamped_date(year, last_month, task.due_day or 31)
                periods.append(Period(f"{year}-Q{quarter}", year, quarter, start, end, due))
            continue
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if task.schedule == Schedule.ONCE:
            due = clamped_date(year, program.report_due_month, program.report_due_day)
            if task.deadline and task.deadline.year == year:
                due = min(due, task.deadline)
        else:
            due = clamped_date(year, task.due_month or 12, task.due_day or 31)
        periods.append(Period(str(year), year, None, start, end, due))
    return periods


def period_get(task, key: str) -> Period | None:
    return next((period for period in task_periods(task) if period.key == key), None)


def periods_in_year(task, year: int) -> list[Period]:
    return [period for period in task_periods(task) if period.year == year]


def current_period(task, year: int, today: dt.date) -> Period | None:
    """The period of `year` that matters on `today`: the latest one already begun, else the first."""
    periods = periods_in_year(task, year)
    if not periods:
        return None
    begun = [period for period in periods if period.start <= today]
    return begun[-1] if begun else periods[0]


def status_deadline(task, period: Period) -> dt.date:
    """The date after which the work (not only the report) is late."""
    if task.schedule == Schedule.ONCE and task.deadline:
        return task.deadline
    return period.due

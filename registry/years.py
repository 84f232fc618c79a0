"""Which reporting year a page opens on, and how far each year's annual reports have come in.

Pages that take a year used to open on the calendar year, before any report of it was filed, so
plan-vs-actual opened empty and charts dropped to zero in the last year. They open instead on the
latest year with reports whose deadline has passed (registry.reporting), and the year picker says
for a year still open how many reports are in ("2026: 12/450 báo cáo").
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import AnnualReport, Status
from registry.reporting import reporting_period
from registry.selectors import annual_reports_visible_to, organizations_visible_to

FIRST_YEAR = 2020


@dataclass(frozen=True)
class YearOption:
    year: int
    filed: int
    expected: int | None  # None: not counted (a closed year, or a reader who may not see reports)
    is_open: bool  # the deadline has not passed: reports are still coming in

    @property
    def label(self) -> str:
        if self.is_open and self.expected is not None:
            return _("%(year)s: %(filed)s/%(expected)s báo cáo") % {
                "year": self.year,
                "filed": self.filed,
                "expected": self.expected,
            }
        return str(self.year)


def _is_open(year: int, today: dt.date) -> bool:
    period = reporting_period(year)
    return today <= (period.due_on if period else dt.date(year, 12, 31))


def _reports(user):
    # The public may not read reports, but which years have figures is no secret of anyone's.
    return annual_reports_visible_to(user) if user.is_authenticated else AnnualReport.objects.all()


def default_report_year(user, *, today: dt.date | None = None) -> int:
    """The latest year with reports whose deadline has passed; else the latest year with any
    report; else the last calendar year."""
    today = today or timezone.localdate()
    years = sorted(set(_reports(user).values_list("year", flat=True)), reverse=True)
    closed = [year for year in years if not _is_open(year, today)]
    if closed:
        return closed[0]
    return years[0] if years else today.year - 1


def report_year_options(user, *, today: dt.date | None = None, first: int = FIRST_YEAR) -> list[YearOption]:
    """Every year from this one back to `first`, newest first; open years carry filed/expected counts."""
    today = today or timezone.localdate()
    filed = dict(_reports(user).filter(year__gte=first).values_list("year").annotate(n=Count("pk")).values_list("year", "n"))
    options = []
    for year in range(today.year, first - 1, -1):
        is_open = _is_open(year, today)
        expected = None
        if is_open and user.is_authenticated:
            expected = (
                organizations_visible_to(user)
                .filter(
                    Q(registered_on__isnull=True) | Q(registered_on__lte=dt.date(year, 12, 31)), current_status=Status.OPERATING
                )
                .count()
            )
        options.append(YearOption(year, filed.get(year, 0), expected, is_open))
    return options

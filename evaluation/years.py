"""Which year the evaluation pages open on, and how far each open year's sheets have come in.

The pages opened on the calendar year (from November) or the last one, whatever the data: an
officer saw an empty year while last year's results sat one click away. Readers of results
(officers, leaders) now open on the latest year with results or submitted sheets whose deadline
has passed, and the year picker says for a year still open how many sheets are in ("2025: 12/450
phiếu"), like the registry's years (registry.years). A cooperative keeps the year it must file.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from evaluation.deadlines import deadline
from evaluation.forms import FIRST_YEAR, default_year
from evaluation.rulesets import RuleSetNotFound, criteria_for_year
from evaluation.selectors import assessments_visible_to, results_visible_to
from registry.models import Status
from registry.selectors import organizations_visible_to

#: Roles that read results (everyone but the cooperative's representative).
READERS = tuple(role for role in Role if role != Role.COOPERATIVE)


@dataclass(frozen=True)
class SheetYear:
    year: int
    submitted: int
    expected: int | None  # None: a closed year (not counted)
    is_open: bool  # the cooperatives' deadline has not passed: sheets are still coming in

    @property
    def label(self) -> str:
        if self.is_open and self.expected is not None:
            return _("%(year)s: %(submitted)s/%(expected)s phiếu") % {
                "year": self.year,
                "submitted": self.submitted,
                "expected": self.expected,
            }
        return str(self.year)


def _is_open(year: int, today: dt.date, province_id: int | None) -> bool:
    try:
        return today <= deadline(year, "cooperative", province_id=province_id).due_on
    except (RuleSetNotFound, StopIteration):
        return today.year <= year


def _years_with_data(user) -> list[int]:
    results = results_visible_to(user).order_by().values_list("year", flat=True).distinct()
    sheets = assessments_visible_to(user).filter(first_submitted_at__isnull=False).order_by()
    return sorted(set(results) | set(sheets.values_list("year", flat=True).distinct()), reverse=True)


def default_assessment_year(user, *, today: dt.date | None = None) -> int:
    """A cooperative: the year its sheet is due (evaluation.forms.default_year). Others: the latest
    year with data whose deadline has passed; else the latest year with data; else that year."""
    if user.has_role(Role.COOPERATIVE) and not user.has_role(*READERS):
        return default_year()
    today = today or timezone.localdate()
    years = _years_with_data(user)
    closed = [year for year in years if not _is_open(year, today, user.province_id)]
    if closed:
        return closed[0]
    return years[0] if years else default_year()


def _expected(user, year: int) -> int:
    try:
        kinds = criteria_for_year(year).applies_to_kinds
    except RuleSetNotFound:
        return 0
    founded = Q(founded_on__isnull=True) | Q(founded_on__lte=dt.date(year, 12, 31))
    return organizations_visible_to(user).filter(founded, kind__in=kinds, current_status=Status.OPERATING).count()


def assessment_year_options(user, *, today: dt.date | None = None) -> list[SheetYear]:
    """Every year from this one back to the first assessed, newest first; open years carry the
    submitted/expected counts."""
    today = today or timezone.localdate()
    submitted = dict(
        assessments_visible_to(user)
        .filter(first_submitted_at__isnull=False, year__gte=FIRST_YEAR)
        .order_by()
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    options = []
    for year in range(today.year, FIRST_YEAR - 1, -1):
        is_open = _is_open(year, today, user.province_id)
        expected = _expected(user, year) if is_open else None
        options.append(SheetYear(year, submitted.get(year, 0), expected, is_open))
    return options

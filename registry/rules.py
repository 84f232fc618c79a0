"""The annual report's rules as plain functions over its figures (a mapping of field → value).

`AnnualReport.clean()` and the report form's plausibility check call these, and so does the
Excel import, which checks 50.000 rows without building a model instance for each: one source of
truth per rule. Nothing here touches the database.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

#: A year-on-year change beyond this factor is implausible enough to ask the user to confirm.
PLAUSIBLE_GROWTH_FACTOR = 3
PLAUSIBLE_CHECK_FIELDS = ("members_official", "regular_workers", "revenue", "total_capital")


@dataclass(frozen=True)
class PlausibilityWarning:
    field: str
    message: str

    @property
    def key(self) -> str:
        return self.field


def report_errors(figures: Mapping, *, founded_on: dt.date | None, today: dt.date | None = None) -> dict[str, str]:
    """Errors of a report's figures taken together ({field: message}); `founded_on` is the
    organization's founding date (a report cannot be older than the organization); `today`
    (default: today) bounds the year, given by a caller checking thousands of reports."""
    errors = {}
    revenue, from_members = figures.get("revenue"), figures.get("revenue_from_members")
    if from_members is not None and revenue is not None and from_members > revenue:
        errors["revenue_from_members"] = _("Doanh thu từ thành viên không được lớn hơn tổng doanh thu.")
    year = figures.get("year")
    if founded_on and year and year < founded_on.year:
        errors["year"] = _("Năm báo cáo %(year)s trước năm thành lập %(founded)s.") % {"year": year, "founded": founded_on.year}
    if year and not 1950 <= year <= (today or dt.date.today()).year:
        errors["year"] = _("Năm báo cáo %(year)s không hợp lệ.") % {"year": year}
    new, official = figures.get("new_members"), figures.get("members_official")
    if new is not None and official is not None and new > official + (figures.get("members_associate") or 0):
        errors["new_members"] = _("Số thành viên mới không được lớn hơn tổng số thành viên.")
    return errors


def plausibility_warnings(previous: Mapping, figures: Mapping, *, labels: Mapping) -> list[PlausibilityWarning]:
    """Compare a report's figures with the previous year's (both mappings, `previous` with its
    "year"); a jump or drop beyond ×3 needs confirmation. `labels`: field → verbose name."""
    warnings = []
    for name in PLAUSIBLE_CHECK_FIELDS:
        old, new = previous.get(name) or 0, figures.get(name) or 0
        if old >= 10 and (new > old * PLAUSIBLE_GROWTH_FACTOR or new * PLAUSIBLE_GROWTH_FACTOR < old):
            warnings.append(
                PlausibilityWarning(
                    name,
                    _(
                        "%(label)s thay đổi bất thường so với năm %(year)s: từ %(old)s thành %(new)s. Hãy kiểm tra lại hoặc xác nhận là đúng."
                    )
                    % {
                        "label": str(labels[name]).capitalize(),
                        "year": previous["year"],
                        "old": f"{old:,}".replace(",", "."),
                        "new": f"{new:,}".replace(",", "."),
                    },
                )
            )
    return warnings

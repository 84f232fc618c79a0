"""The "Thời gian thực hiện" cell of a task table, read as a deadline or a recurrence.

One table of patterns, tried in order on the diacritic-free, lower-case text (core.text.search_key),
so that "Hàng năm"/"Hằng năm", "Quý I/2022"/"quý 1 năm 2022" read alike. Each pattern turns its
match into a `Timeframe`; the first that matches wins, so the more specific ones come first
("Quý I hằng năm" before "Hằng năm", "6 tháng đầu năm 2023" before "Năm 2023").

    Quý I/2022                 → once, 31/03/2022
    Trước 30/6/2022            → once, 30/06/2022
    Hằng năm, trước 15/12      → yearly, due 15/12
    Hằng quý, trước ngày 20    → quarterly, due on the 20th of the quarter's last month
    2021 - 2025                → once, 31/12/2025 (the end of the period)
    Thường xuyên               → ongoing, reported with the program's annual report
    6 tháng đầu năm 2023       → once, 30/06/2023
    Năm 2022                   → once, 31/12/2022
"""

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.text import search_key

ONCE, YEARLY, QUARTERLY, ONGOING = "once", "yearly", "quarterly", "ongoing"  # programs.models.Schedule values
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
QUARTER = r"(iv|iii|ii|i|[1-4])"
YEAR = r"(\d{4})"
SEP = r"\s*(?:/|-|nam)\s*"  # "6/2022", "6-2022", "6 năm 2022"


class TimeframeError(ValueError):
    """The text names a timeframe the program cannot track as written (says how to write it)."""


@dataclass(frozen=True)
class Timeframe:
    schedule: str
    deadline: dt.date | None = None
    due_month: int | None = None
    due_day: int | None = None

    def as_row(self) -> dict:
        """The task row's fields (the deadline as ISO text, as the preview keeps it)."""
        return {
            "schedule": self.schedule,
            "deadline": self.deadline.isoformat() if self.deadline else "",
            "due_month": self.due_month,
            "due_day": self.due_day,
        }


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(match: re.Match) -> Timeframe:
    return Timeframe(ONCE, _end_of_month(int(match["year"]), QUARTERS[match["q"]] * 3))


def _yearly_quarter(match: re.Match) -> Timeframe:
    month = QUARTERS[match["q"]] * 3
    return Timeframe(YEARLY, due_month=month, due_day=calendar.monthrange(2001, month)[1])


def _date(match: re.Match) -> Timeframe:
    return Timeframe(ONCE, dt.date(int(match["year"]), int(match["month"]), int(match["day"])))


def _month(match: re.Match) -> Timeframe:
    return Timeframe(ONCE, _end_of_month(int(match["year"]), int(match["month"])))


def _half(match: re.Match) -> Timeframe:
    return Timeframe(ONCE, _end_of_month(int(match["year"]), 6 if match["half"] == "dau" else 12))


def _year_end(match: re.Match) -> Timeframe:
    return Timeframe(ONCE, dt.date(int(match["year"]), 12, 31))


def _yearly(match: re.Match) -> Timeframe:
    if match["day"] is None:
        raise TimeframeError(_("Nhiệm vụ hằng năm phải ghi ngày đến hạn, ví dụ: “Hằng năm, trước 15/12”."))
    dt.date(2000, int(match["month"]), int(match["day"]))  # a real day of a (leap) year, else ValueError
    return Timeframe(YEARLY, due_month=int(match["month"]), due_day=int(match["day"]))


def _quarterly(match: re.Match) -> Timeframe:
    if match["day"] is None:
        raise TimeframeError(_("Nhiệm vụ hằng quý phải ghi ngày đến hạn, ví dụ: “Hằng quý, trước ngày 20”."))
    return Timeframe(QUARTERLY, due_day=int(match["day"]))


def _ongoing(match: re.Match) -> Timeframe:
    if match["day"] is None:
        return Timeframe(ONGOING)  # reported with the program's annual report: the caller fills the due day
    return Timeframe(ONGOING, due_month=int(match["month"]), due_day=int(match["day"]))


def _monthly(match: re.Match) -> Timeframe:
    raise TimeframeError(
        _("Chương trình chưa theo dõi nhiệm vụ hằng tháng: hãy ghi “Hằng quý, trước ngày …” hoặc “Thường xuyên”.")
    )


def _ongoing_from(match: re.Match) -> Timeframe:
    return Timeframe(ONGOING)  # "Từ năm 2021 và các năm tiếp theo": ongoing, reported yearly


#: An optional "(ngày) 15/12" or "15 tháng 12" after a recurrence: the due day and month.
DAY_MONTH = r"(?:\D*?(?P<day>\d{1,2})\s*(?:/|-|thang)\s*(?P<month>\d{1,2})(?!\s*(?:/|-|nam)\s*\d))?"

#: (pattern, reading). Tried in order on search_key(text) with re.search; the first match wins.
PATTERNS: tuple[tuple[re.Pattern, Callable[[re.Match], Timeframe]], ...] = tuple(
    (re.compile(pattern), reading)
    for pattern, reading in (
        (r"quy\s*(?P<q>iv|iii|ii|i|[1-4])\s*(?:hang|moi)\s*nam", _yearly_quarter),
        (r"^(?:dinh ky\s*)?(?:hang|moi)\s*thang", _monthly),
        (rf"^(?:dinh ky\s*)?(?:hang|moi)\s*nam{DAY_MONTH}", _yearly),
        (r"^(?:dinh ky\s*)?(?:hang|moi)\s*quy(?:\D*?(?P<day>\d{1,2}))?", _quarterly),
        (rf"^thuong xuyen{DAY_MONTH}", _ongoing),
        (
            r"nam\s*\d{4}\s*(?:va|,)?\s*(?:cac|nhung)\s*nam\s*(?:tiep theo|sau)|^tu\s*(?:nam\s*)?\d{4}\s*(?:tro di)?$",
            _ongoing_from,
        ),
        (r"(?P<day>\d{1,2})\s*(?:/|-|thang)\s*(?P<month>\d{1,2})\s*(?:/|-|nam)\s*(?P<year>\d{4})", _date),
        (r"quy\s*(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|-|nam)?\s*(?P<year>\d{4})", _quarter_end),
        (r"6\s*thang\s*(?P<half>dau|cuoi)\s*(?:nam\s*)?(?P<year>\d{4})", _half),
        (r"thang\s*(?P<month>\d{1,2})\s*(?:/|-|nam)\s*(?P<year>\d{4})", _month),
        (r"\d{4}\s*(?:-|–|den)\s*(?:nam\s*)?(?P<year>\d{4})", _year_end),
        (r"(?P<year>\d{4})", _year_end),
    )
)


def read_timeframe(text: str) -> Timeframe:
    """The timeframe `text` states, or ValueError saying what is wrong (for the row's error)."""
    key = search_key(text)
    if not key:
        raise TimeframeError(_("Chưa ghi thời gian thực hiện."))
    for pattern, reading in PATTERNS:
        if match := pattern.search(key):
            try:
                return reading(match)
            except TimeframeError:
                raise
            except ValueError:
                break  # an impossible date such as 31/2/2022
    raise TimeframeError(_("Không hiểu thời gian thực hiện “%(text)s”.") % {"text": text})

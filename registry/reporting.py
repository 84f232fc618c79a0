"""The period an annual report covers and when it is due, from versioned data (rules/reporting_periods.yaml).

Under TT 09/2024/TT-BKHĐT Điều 6 the "year" of a report is not the calendar year: the yearly update due
15/12 of year N covers 15/12 of N−1 to 14/12 of N. Years before the first regime in the file have no
known period (None), so nothing is claimed for them.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "rules" / "reporting_periods.yaml"


@dataclass(frozen=True)
class ReportingPeriod:
    year: int
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date
    forms: dict[str, str]
    document: str
    articles: str
    verification: str

    def form_for(self, kind: str) -> str:
        return self.forms.get(kind, "")


@cache
def _regimes() -> tuple[dict, ...]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(sorted(data["regimes"], key=lambda r: r["first_year"]))


def reporting_period(year: int) -> ReportingPeriod | None:
    """The period and deadline of the annual report of `year` (None before the first known regime)."""
    regime = next((r for r in reversed(_regimes()) if r["first_year"] <= year), None)
    if regime is None:
        return None
    start, end, due = regime["period_start"], regime["period_end"], regime["due"]
    return ReportingPeriod(
        year=year,
        starts_on=dt.date(year - 1 if start.get("previous_year") else year, start["month"], start["day"]),
        ends_on=dt.date(year, end["month"], end["day"]),
        due_on=dt.date(year, due["month"], due["day"]),
        forms=dict(regime["forms"]),
        document=regime["document"],
        articles=regime["articles"],
        verification=regime["verification"],
    )

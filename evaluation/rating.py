"""Rating rules of a criteria set (pure functions): who is rated, totals, bands, pre-fills.

TT 01/2020/TT-BKHĐT: 100 points; Tốt ≥ 80, Khá 65–< 80, Trung bình 50–< 65, Yếu < 50; not rated when
operating less than 12 months or stopped more than 3 months in the year; QTDND excluded (State Bank).
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from core.numbers import format_date
from evaluation.classification import _phrases, money
from evaluation.rulesets import PROVISIONAL, Band, CriteriaSet
from registry.models import AnnualReport

#: Result codes besides the bands of a set.
NOT_RATED = "not_rated"
EXCLUDED = "excluded"
NOT_ASSESSED = "not_assessed"
#: Marked for makemessages only: the callers translate them where they show them (`_(label)`).
OUTCOME_LABELS = {
    NOT_RATED: gettext_noop("Không xếp loại"),
    EXCLUDED: gettext_noop("Không thuộc diện đánh giá"),
    NOT_ASSESSED: gettext_noop("Chưa có đánh giá được chấp nhận"),
}

#: The band codes of TT 01/2020 (evaluation/rules/criteria_tt01_2020.yaml), defined once for the
#: code that needs them without a criteria set at hand (filters, dashboards, indicator links).
RATING_LABELS = {
    "tot": gettext_lazy("Tốt"),
    "kha": gettext_lazy("Khá"),
    "trung_binh": gettext_lazy("Trung bình"),
    "yeu": gettext_lazy("Yếu"),
}
#: Ratings that count as "rated tốt or khá" (the NQ 20-NQ/TW target).
GOOD_RATINGS = ("tot", "kha")
#: The lowest band, listed among the organizations that need support.
WEAK_RATING = "yeu"

#: Average month length, to compare a number of stopped days with "3 months".
DAYS_PER_MONTH = Decimal("365.25") / 12


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Eligibility:
    rated: bool
    outcome: str = ""  # NOT_RATED or EXCLUDED when not rated
    reason: str = ""


RATED = Eligibility(True)


def stopped_periods(
    events: Iterable[tuple[str, dt.date, dt.date | None]], year: int, stopped_statuses: Iterable[str]
) -> list[tuple[dt.date, dt.date]]:
    """The periods [start, end) of `year` spent in a stopped status, merged. `events` are (status,
    effective_on, ends_on); a suspension with an end date ends by itself (as in registry.status)."""
    stopped = frozenset(stopped_statuses)
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    ordered = sorted(events, key=lambda e: e[1])
    periods: list[tuple[dt.date, dt.date]] = []
    for index, (status, start, ends_on) in enumerate(ordered):
        if status not in stopped:
            continue
        end = ordered[index + 1][1] if index + 1 < len(ordered) else after
        if ends_on is not None:
            end = min(end, ends_on + dt.timedelta(days=1))
        low, high = max(start, first), min(end, after)
        if high <= low:
            continue
        if periods and periods[-1][1] >= low:
            periods[-1] = (periods[-1][0], max(periods[-1][1], high))
        else:
            periods.append((low, high))
    return periods


def stopped_too_long(periods: list[tuple[dt.date, dt.date]], months: int) -> bool:
    """One continuous stop is compared in calendar months (1/3–31/5 is exactly 3 months, not more);
    several stops are added up in days against months × 365,25/12."""
    if not periods:
        return False
    if len(periods) == 1:
        start, end = periods[0]
        return end > add_months(start, months)
    return sum((end - start).days for start, end in periods) > months * DAYS_PER_MONTH


def eligibility(
    criteria_set: CriteriaSet,
    *,
    year: int,
    kind: str,
    is_credit_fund: bool,
    founded_on: dt.date | None,
    events: Iterable[tuple[str, dt.date, dt.date | None]] = (),
) -> Eligibility:
    """Whether an organization is rated for `year` under `criteria_set`, and why not."""
    if is_credit_fund and "credit_fund" in criteria_set.excluded:
        return Eligibility(False, EXCLUDED, criteria_set.excluded["credit_fund"])
    if criteria_set.applies_to_kinds and kind not in criteria_set.applies_to_kinds:
        return Eligibility(False, EXCLUDED, _("Bộ tiêu chí %(code)s chỉ áp dụng cho hợp tác xã.") % {"code": criteria_set.code})
    rule = criteria_set.not_rated
    if rule is None:
        return RATED
    if founded_on is not None:
        full_term = add_months(founded_on, rule.min_operating_months)
        if full_term > dt.date(year + 1, 1, 1):
            return Eligibility(
                False,
                NOT_RATED,
                _("Hoạt động chưa đủ %(months)s tháng tính đến 31/12/%(year)s (thành lập ngày %(founded)s).")
                % {"months": rule.min_operating_months, "year": year, "founded": format_date(founded_on)},
            )
    periods = stopped_periods(events, year, rule.stopped_statuses)
    if stopped_too_long(periods, rule.max_stopped_months):
        days = sum((end - start).days for start, end in periods)
        return Eligibility(
            False,
            NOT_RATED,
            _("Ngừng hoạt động %(days)s ngày trong năm %(year)s, quá %(months)s tháng.")
            % {"days": days, "year": year, "months": rule.max_stopped_months},
        )
    return RATED


@dataclass(frozen=True)
class CriterionScore:
    code: str
    title: str
    group: str
    score: Decimal
    max: Decimal
    provisional: bool

    @property
    def ratio(self) -> Decimal:
        return self.score / self.max if self.max else Decimal(0)


@dataclass(frozen=True)
class Outcome:
    total: Decimal
    band: Band
    criteria: tuple[CriterionScore, ...]
    provisional: bool

    def weakest(self, count: int = 3) -> list[CriterionScore]:
        """What to improve: the criteria furthest from their maximum (share of points), in order."""
        order = {c.code: index for index, c in enumerate(self.criteria)}
        return sorted(self.criteria, key=lambda c: (c.ratio, order[c.code]))[:count]


@lru_cache(maxsize=4096)
def _hundredths(text: str) -> int:
    """A stored score ("5", "5.25") in hundredths of a point, without building a Decimal for the
    usual forms (the batch totals every accepted sheet of the country)."""
    whole, dot, fraction = text.partition(".")
    if whole.isdigit() and (not dot or (fraction.isdigit() and len(fraction) <= 2)):
        return int(whole) * 100 + (int(fraction.ljust(2, "0")) if dot else 0)
    return int((Decimal(text) * 100).to_integral_value())


def _plan(criteria_set: CriteriaSet) -> tuple:
    """Per criterion: (criterion, item codes); bands with minimums in hundredths. Kept on the (immutable)
    set itself, like its cached properties."""
    plan = criteria_set.__dict__.get("_score_plan")
    if plan is None:
        criteria = tuple((c, tuple(i.code for i in c.items)) for c in criteria_set.criteria)
        bands = tuple((int(b.min * 100), b) for b in criteria_set.bands)
        plan = criteria_set.__dict__["_score_plan"] = (criteria, bands)
    return plan


def score_outcome(criteria_set: CriteriaSet, scores: Mapping[str, str]) -> Outcome:
    """Total, band and per-criterion scores of a complete score sheet (exact: sums in hundredths)."""
    criteria, bands = _plan(criteria_set)
    per_criterion = []
    total = 0
    provisional = False
    for criterion, codes in criteria:
        score = 0
        for code in codes:
            value = scores.get(code)
            if value is not None and value != "":
                score += _hundredths(str(value))
        total += score
        is_provisional = criterion.verification == PROVISIONAL
        provisional = provisional or is_provisional
        per_criterion.append(
            CriterionScore(criterion.code, criterion.title, criterion.group, Decimal(score) / 100, criterion.max, is_provisional)
        )
    band = next(b for minimum, b in bands if total >= minimum)
    # The band's cut-offs, or any criterion whose maximum is unconfirmed, make the whole rating provisional.
    return Outcome(Decimal(total) / 100, band, tuple(per_criterion), provisional or band.verification == PROVISIONAL)


def rate_scores(criteria_set: CriteriaSet, scores: Mapping[str, str]) -> tuple[Decimal, Band, bool]:
    """Only the total, band and provisional mark (what the batch stores), without per-criterion detail."""
    _criteria, bands = _plan(criteria_set)
    total = 0
    for value in scores.values():
        if value is not None and value != "":
            total += _hundredths(str(value))
    band = next(b for minimum, b in bands if total >= minimum)
    provisional = bool(criteria_set.provisional_criteria) or band.verification == PROVISIONAL
    return Decimal(total) / 100, band, provisional


@dataclass(frozen=True)
class PrefillValue:
    value: Decimal
    explanation: str
    provisional: bool
    facts: dict | None = None  # what `explain_prefill` needs to say it again in another language


def explain_prefill(facts: dict) -> str:
    """How a suggested score was reached, in the current language: stored as facts (metric, years,
    amounts, points) rather than as a sentence, so an English page reads an English sentence."""
    phrases = _phrases(get_language())
    # "tổng nguồn vốn (đồng)" → "tổng nguồn vốn": the amount says its unit itself.
    label = str(AnnualReport._meta.get_field(facts["metric"]).verbose_name).split(" (")[0]
    values = {
        "label": label[:1].upper() + label[1:],
        "year": facts["year"],
        "now": money(int(facts["now"]), phrases),
        "cmp": facts["cmp"],
        "points": facts["points"],
    }
    if facts.get("prev_year") is None:
        return _("%(label)s năm %(year)s: %(now)s %(cmp)s 0 → %(points)s điểm") % values
    values |= {"prev_year": facts["prev_year"], "before": money(int(facts["before"]), phrases)}
    return _("%(label)s năm %(year)s: %(now)s %(cmp)s năm %(prev_year)s: %(before)s → %(points)s điểm") % values


def prefills(criteria_set: CriteriaSet, report, previous) -> dict[str, PrefillValue]:
    """Suggested scores for quantitative sub-items, from the year's annual report (and the previous one
    for growth). Each suggestion says how it was reached; the board may override it with a reason."""
    if report is None:
        return {}
    result = {}
    for item in criteria_set.items:
        rule = item.prefill
        if rule is None or rule.kind not in ("growth", "positive"):
            continue
        current = getattr(report, rule.metric)
        facts = {"metric": rule.metric, "year": report.year, "now": int(current)}
        if rule.kind == "growth":
            if previous is None:
                continue  # no previous report: nothing to compare, the board scores it
            before = getattr(previous, rule.metric)
            passed = current > before
            facts |= {"prev_year": previous.year, "before": int(before)}
        else:
            passed = current > 0
        value = item.max if passed else Decimal(0)
        facts |= {"cmp": ">" if passed else "≤", "points": str(value.normalize())}
        result[item.code] = PrefillValue(value, explain_prefill(facts), rule.verification == PROVISIONAL, facts)
    return result

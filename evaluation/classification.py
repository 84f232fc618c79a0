"""Size classification from a year's figures (pure functions: no database, so the batch and the
benchmark's floor run the very same code).

Luật HTX 2023 Điều 16 / NĐ 113/2024 Điều 5: a class needs official members and (revenue or total
capital); the largest class is tested first; below the smallest class the organization is "siêu nhỏ".

This runs for every organization of the country in one batch, so the tests are plain comparisons
and the reason text is written once, for the row that decided the class.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from evaluation.rulesets import Axis, SizeRuleSet, Threshold, no_rules_for_year

BILLION, MILLION = 1_000_000_000, 1_000_000


@dataclass(frozen=True)
class AxisResult:
    axis: str
    label: str
    size_class: str
    class_label: str
    reason: str
    provisional: bool


@dataclass(frozen=True)
class SizeResult:
    rule_set: str
    size_class: str
    class_label: str
    reason: str
    provisional: bool
    axes: tuple[AxisResult, ...]


def unclassified(year: int) -> SizeResult:
    """The size of a year no size rule set covers (a report of 2019, before TT 01/2020): shown as
    "Chưa phân loại: chưa có quy định áp dụng cho năm 2019", never raised to a page."""
    return SizeResult(
        rule_set="", size_class="", class_label=_("Chưa phân loại"), reason=no_rules_for_year(year), provisional=False, axes=()
    )


@lru_cache(maxsize=8)
def _phrases(language: str | None) -> dict[str, str]:
    """The translated pieces of a reason, looked up once per language rather than once per row."""
    return {
        "members": _("%(n)s thành viên chính thức"),
        "revenue": _("doanh thu"),
        "capital": _("tổng nguồn vốn"),
        "and": _(" và "),
        "billion": _("%(amount)s tỷ"),
        "million": _("%(amount)s triệu"),
        "dong": _("%(amount)s đồng"),
    }


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def money(value: int, phrases: dict[str, str]) -> str:
    """core.numbers.format_money_short for whole đồng, in integer arithmetic (same rounding: half up to
    one decimal, ",0" dropped); the batch formats tens of thousands of amounts."""
    sign, value = ("-", -value) if value < 0 else ("", value)
    for unit, key in ((BILLION, "billion"), (MILLION, "million")):
        if value >= unit:
            tenths = (value * 10 + unit // 2) // unit
            whole, tenth = divmod(tenths, 10)
            text = _grouped(whole) + (f",{tenth}" if tenth else "")
            return phrases[key] % {"amount": sign + text}
    return phrases["dong"] % {"amount": sign + _grouped(value)}


def _holds(row: Threshold, members: int, revenue: int, capital: int) -> bool:
    if row.members is not None and members < row.members:
        return False
    if row.members_over is not None and members <= row.members_over:
        return False
    if row.revenue is None and row.capital is None:
        return True
    return (row.revenue is not None and revenue >= row.revenue) or (row.capital is not None and capital >= row.capital)


def _explain(row: Threshold, members: int, revenue: int, capital: int, phrases: dict[str, str]) -> str:
    """Why `row` holds (its facts) or, for a row that fails, which of its bounds are not reached."""
    member_text = phrases["members"] % {"n": _grouped(members)}
    held = _holds(row, members, revenue, capital)
    parts = []
    if row.members is not None and (held or members < row.members):
        parts.append(f"{member_text} {'≥' if members >= row.members else '<'} {_grouped(row.members)}")
    if row.members_over is not None and (held or members <= row.members_over):
        parts.append(f"{member_text} {'>' if members > row.members_over else '≤'} {_grouped(row.members_over)}")
    money_bounds = [
        (phrases[key], value, bound)
        for key, value, bound in (("revenue", revenue, row.revenue), ("capital", capital, row.capital))
        if bound is not None
    ]
    passing = [(name, value, bound) for name, value, bound in money_bounds if value >= bound]
    if held and passing:
        name, value, bound = passing[0]
        parts.append(f"{name} {money(value, phrases)} ≥ {money(bound, phrases)}")
    elif not held and money_bounds and not passing:
        parts.append(
            phrases["and"].join(
                f"{name} {money(value, phrases)} < {money(bound, phrases)}" for name, value, bound in money_bounds
            )
        )
    return phrases["and"].join(parts)


def classify_axis(rule_set: SizeRuleSet, axis: Axis, *, field: str, members: int, revenue: int, capital: int) -> AxisResult:
    members, revenue, capital = members or 0, revenue or 0, capital or 0
    phrases = _phrases(get_language())
    labels = rule_set.class_labels
    provisional = False
    rows = axis.rows_for(field)
    for row in rows:
        provisional = provisional or row.provisional
        if _holds(row, members, revenue, capital):
            label = _(labels[row.size_class])  # the rule file's label, in the page's language
            return AxisResult(
                axis.code,
                axis.label,
                row.size_class,
                label,
                f"{label.lower()}: {_explain(row, members, revenue, capital, phrases)}",
                provisional,
            )
    label = _(labels[rule_set.default_class])
    # Below every class: the smallest class's unmet bounds say why.
    reason = f"{label.lower()}: {_explain(rows[-1], members, revenue, capital, phrases)}" if rows else label.lower()
    return AxisResult(axis.code, axis.label, rule_set.default_class, label, reason, provisional)


def classify(rule_set: SizeRuleSet, *, field: str, members: int, revenue: int, capital: int) -> SizeResult:
    """Classify along every axis of the set; the headline axis gives the class."""
    axes = tuple(
        classify_axis(rule_set, axis, field=field, members=members, revenue=revenue, capital=capital) for axis in rule_set.axes
    )
    headline = next(a for a, axis in zip(axes, rule_set.axes, strict=True) if axis is rule_set.headline)
    return SizeResult(rule_set.code, headline.size_class, headline.class_label, headline.reason, headline.provisional, axes)

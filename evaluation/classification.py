"""Size classification from a year's figures (pure functions: no database, so the batch and the
benchmark's floor run the very same code).

Luật HTX 2023 Điều 16 / NĐ 113/2024 Điều 5: a class needs official members and (revenue or total
capital); the largest class is tested first; below the smallest class the organization is "siêu nhỏ".
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.numbers import format_money_short, format_number
from evaluation.rulesets import Axis, SizeRuleSet, Threshold


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


def _members(value: int) -> str:
    return _("%(n)s thành viên chính thức") % {"n": format_number(value)}


def _check(row: Threshold, members: int, revenue: int, capital: int) -> tuple[bool, list[str], list[str]]:
    """Whether the row holds, the facts that made it hold, and those that failed."""
    met, failed = [], []
    ok = True
    if row.members is not None:
        if members >= row.members:
            met.append(f"{_members(members)} ≥ {format_number(row.members)}")
        else:
            ok = False
            failed.append(f"{_members(members)} < {format_number(row.members)}")
    if row.members_over is not None:
        if members > row.members_over:
            met.append(f"{_members(members)} > {format_number(row.members_over)}")
        else:
            ok = False
            failed.append(f"{_members(members)} ≤ {format_number(row.members_over)}")
    money = [
        (name, value, bound)
        for name, value, bound in ((_("doanh thu"), revenue, row.revenue), (_("tổng nguồn vốn"), capital, row.capital))
        if bound is not None
    ]
    if money:
        passing = [(name, value, bound) for name, value, bound in money if value >= bound]
        if passing:
            name, value, bound = passing[0]
            met.append(f"{name} {format_money_short(value)} ≥ {format_money_short(bound)}")
        else:
            ok = False
            failed.append(
                _(" và ").join(
                    f"{name} {format_money_short(value)} < {format_money_short(bound)}" for name, value, bound in money
                )
            )
    return ok, met, failed


def classify_axis(rule_set: SizeRuleSet, axis: Axis, *, field: str, members: int, revenue: int, capital: int) -> AxisResult:
    labels = rule_set.class_labels
    provisional = False
    last_failed: list[str] = []
    for row in axis.rows_for(field):
        provisional = provisional or row.provisional
        ok, met, failed = _check(row, members or 0, revenue or 0, capital or 0)
        if ok:
            label = labels[row.size_class]
            return AxisResult(
                axis.code, axis.label, row.size_class, label, f"{label.lower()}: {_(' và ').join(met)}", provisional
            )
        last_failed = failed
    label = labels[rule_set.default_class]
    reason = f"{label.lower()}: {_(' và ').join(last_failed)}" if last_failed else label.lower()
    return AxisResult(axis.code, axis.label, rule_set.default_class, label, reason, provisional)


def classify(rule_set: SizeRuleSet, *, field: str, members: int, revenue: int, capital: int) -> SizeResult:
    """Classify along every axis of the set; the headline axis gives the class."""
    axes = tuple(
        classify_axis(rule_set, axis, field=field, members=members, revenue=revenue, capital=capital) for axis in rule_set.axes
    )
    headline = next(a for a, axis in zip(axes, rule_set.axes, strict=True) if axis is rule_set.headline)
    return SizeResult(rule_set.code, headline.size_class, headline.class_label, headline.reason, headline.provisional, axes)

"""The deadlines of a year's cycle: the defaults of rules/deadlines.yaml, unless an administrator set
another date for that year (DeadlineOverride, for one province or for all)."""

import datetime as dt
from dataclasses import dataclass

from evaluation.models import DeadlineOverride
from evaluation.rulesets import PROVISIONAL, deadlines_for_year


@dataclass(frozen=True)
class Deadline:
    step: str
    label: str
    due_on: dt.date
    provisional: bool
    overridden: bool
    legacy_step: str = ""


def deadlines(year: int, *, province_id: int | None = None) -> list[Deadline]:
    chain = deadlines_for_year(year)
    overrides = {}
    for override in DeadlineOverride.objects.filter(year=year, province_id__in=[province_id, None]).order_by("province_id"):
        # A province's own date wins over the all-province one (None sorts first, the province's last).
        if override.province_id is None or override.province_id == province_id:
            overrides[override.step] = override.due_on
    return [
        Deadline(
            step.code,
            step.label,
            overrides.get(step.code, step.due_on(year)),
            step.verification == PROVISIONAL and step.code not in overrides,
            step.code in overrides,
            step.legacy_code,
        )
        for step in chain.steps
    ]


def deadline(year: int, step: str, *, province_id: int | None = None) -> Deadline:
    return next(d for d in deadlines(year, province_id=province_id) if d.step == step)

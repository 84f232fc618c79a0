"""Values entered by hand (indicators.ManualValue), rolled up to current units.

A value entered against a pre-2025 unit is carried to its primary successor through the crosswalk.
To avoid counting twice, a place's figure is the value entered for the place itself when there is
one, otherwise the sum of the values entered for the units inside it.
"""

from collections import defaultdict
from decimal import Decimal

from geo.models import Edition, Level, UnitSuccession
from indicators.models import ManualValue


def _current_unit(unit, successors):
    """(province_id, commune_id or None) of the current unit a value belongs to."""
    if unit.edition == Edition.LEGACY:
        unit = successors.get(unit.pk) or (successors.get(unit.province_id) if unit.level != Level.PROVINCE else None)
        if unit is None:
            return None
    if unit.level == Level.PROVINCE:
        return unit.pk, None
    if unit.level == Level.COMMUNE:
        return unit.province_id, unit.pk
    return None


def _successors(unit_ids) -> dict:
    edges = UnitSuccession.objects.filter(old_unit_id__in=unit_ids, is_primary=True).select_related("new_unit")
    return {edge.old_unit_id: edge.new_unit for edge in edges}


def _in_scope(scope, unit, place) -> bool:
    if scope.unit is None:
        return True
    if scope.is_legacy:
        return unit.pk == scope.unit.pk or unit.province_id == scope.unit.pk or unit.parent_id == scope.unit.pk
    if scope.level == Level.PROVINCE:
        return place[0] == scope.unit.pk
    return place[1] == scope.unit.pk


def _entered(*, indicator_id, years, scope) -> tuple[dict, dict]:
    """The values entered for places in `scope`, carried to current units:
    ({(year, province): value entered for the whole province}, {(year, province, commune): value})."""
    values = list(ManualValue.objects.filter(indicator_id=indicator_id, year__in=list(years)).select_related("unit"))
    legacy = [value.unit for value in values if value.unit.edition == Edition.LEGACY]
    successors = _successors({unit.pk for unit in legacy} | {unit.province_id for unit in legacy})
    province_wide, communes = {}, defaultdict(Decimal)
    for value in values:
        place = _current_unit(value.unit, successors)
        if place is None or not _in_scope(scope, value.unit, place):
            continue
        if place[1] is None:
            province_wide[(value.year, place[0])] = province_wide.get((value.year, place[0]), 0) + value.value
        else:
            communes[(value.year, *place)] += value.value
    return province_wide, communes


def _province_figures(province_wide: dict, communes: dict) -> list[tuple]:
    """(year, province, None, value): the value entered for the province itself when there is one,
    otherwise the sum of its communes' (never both: that would count twice)."""
    below = defaultdict(Decimal)
    for (year, province, _commune), value in communes.items():
        below[(year, province)] += value
    places = set(province_wide) | set(below)
    return [(year, province, None, province_wide.get((year, province), below[(year, province)])) for year, province in places]


def manual_values(*, years, scope, breakdowns, params, indicator_id) -> list[dict]:
    province_wide, communes = _entered(indicator_id=indicator_id, years=years, scope=scope)
    if "commune" in breakdowns or scope.level == Level.COMMUNE:
        atoms = [(year, province, commune, value) for (year, province, commune), value in communes.items()]
    else:
        atoms = _province_figures(province_wide, communes)
    totals = defaultdict(Decimal)
    for year, province, commune, value in atoms:
        by = {"province": province, "commune": commune}
        totals[(year, tuple(by[name] for name in breakdowns))] += value
    return [
        {"year": year, **dict(zip(breakdowns, key, strict=True)), "value": value, "n": None}
        for (year, key), value in totals.items()
    ]


manual_values.breakdowns = frozenset({"province", "commune"})
COMPUTATIONS: dict = {}  # manual values are reached through indicators.computations.values.compute, not by key

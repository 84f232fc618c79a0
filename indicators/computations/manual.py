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


def manual_values(*, years, scope, breakdowns, params, indicator_id) -> list[dict]:
    values = list(ManualValue.objects.filter(indicator_id=indicator_id, year__in=list(years)).select_related("unit"))
    legacy = {value.unit_id for value in values if value.unit.edition == Edition.LEGACY}
    legacy |= {value.unit.province_id for value in values if value.unit.edition == Edition.LEGACY}
    successors = _successors(legacy)
    province_wide = defaultdict(lambda: None)  # (year, province) -> value entered for the whole province
    communes = defaultdict(Decimal)  # (year, province, commune) -> value
    for value in values:
        place = _current_unit(value.unit, successors)
        if place is None or not _in_scope(scope, value.unit, place):
            continue
        if place[1] is None:
            province_wide[(value.year, place[0])] = (province_wide[(value.year, place[0])] or 0) + value.value
        else:
            communes[(value.year, *place)] += value.value
    atoms = []  # (year, province, commune, value)
    if "commune" in breakdowns or scope.level == Level.COMMUNE:
        atoms = [(year, province, commune, value) for (year, province, commune), value in communes.items()]
    else:
        provinces = set(province_wide) | {(year, province) for (year, province, _commune) in communes}
        for year, province in provinces:
            own = province_wide[(year, province)]
            below = sum((v for (y, p, _c), v in communes.items() if (y, p) == (year, province)), Decimal(0))
            atoms.append((year, province, None, own if own is not None else below))
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

"""Reads of the geography: resolving typed names to units, rolling legacy figures up to current
units, and the communes a user may pick.

Geography itself is public; only `commune_choices` is scoped, by the user's jurisdiction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from core.text import nfc, strip_diacritics
from geo.models import REFORM_DATE, AdminUnit, Edition, Level, UnitSuccession
from geo.names import parse_unit_text, spelling_key, split_unit_prefix

_CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


@dataclass(frozen=True)
class UnitMatch:
    """The outcome of resolving one typed unit name.

    - found: `unit` is set (a current unit, except for districts, which exist only before the reform);
    - through the crosswalk: `via_crosswalk` is true and `legacy_unit` is the pre-reform unit the
      text named (None when several old units of that name all became the same new one);
    - ambiguous: `unit` is None and `candidates` lists the units the text may mean (pre-reform
      units when the ambiguity is between them);
    - nothing: `unit` is None, `candidates` empty; `problem` may say why.
    """

    unit: AdminUnit | None = None
    candidates: tuple[AdminUnit, ...] = ()
    legacy_unit: AdminUnit | None = None
    via_crosswalk: bool = False
    problem: str = ""

    def __bool__(self) -> bool:
        return self.unit is not None

    @property
    def found(self) -> bool:
        return self.unit is not None

    @property
    def ambiguous(self) -> bool:
        return self.unit is None and len(self.candidates) > 1

    def candidates_label(self) -> str:
        """ "Xã Tân An, Tỉnh Tây Ninh; Xã Tân An, Tỉnh Đồng Tháp" for an error message."""
        return "; ".join(u.label_with_parent for u in self.candidates)


def unit_resolve(
    text: str | None,
    *,
    level: str,
    province: AdminUnit | int | str | None = None,
    on: dt.date | None = None,
    parent_text: str | None = None,
) -> UnitMatch:
    """Find the administrative unit a person typed, as it is since 1/7/2025.

    `text` may be a GSO code or a name with or without its type ("Xã", "X.", "P.01", "TX.",
    "TP.", "Tỉnh", "T."…), marks, or old tone placement. `province` (a unit, its id, or its
    code/name, current or pre-reform) limits the search to one province. `on` is the date the
    record is about: before the reform the pre-reform units are tried first. `parent_text` is the
    unit above as written next to it (the old district of a commune, or its province) and only
    narrows a name that is ambiguous. A pre-reform name is followed through the crosswalk to the
    unit its records roll into (the primary successor).
    """
    level = Level(level)
    text = nfc(text)
    if not text:
        return UnitMatch(problem=_("Chưa nhập tên đơn vị hành chính."))
    scope = _ProvinceScope.of(province)
    if scope.problem:
        return UnitMatch(problem=scope.problem)
    editions = [Edition.CURRENT, Edition.LEGACY]
    if on is not None and on < REFORM_DATE:
        editions.reverse()
    if level == Level.DISTRICT:
        editions = [Edition.LEGACY]  # districts were abolished on 1/7/2025
    lookup = _by_code if text.isdigit() else _by_name
    for edition in editions:
        units = lookup(text, level=level, edition=edition, scope=scope, parent_text=parent_text)
        if units:
            return _current_match(units, edition=edition, level=level)
    return UnitMatch(problem=_("Không tìm thấy đơn vị hành chính “%(text)s”.") % {"text": text})


@dataclass(frozen=True)
class _ProvinceScope:
    current_ids: tuple[int, ...] | None = None  # None: the whole country
    legacy_ids: tuple[int, ...] | None = None
    problem: str = ""

    @classmethod
    def of(cls, province) -> _ProvinceScope:
        if province is None or province == "":
            return cls()
        unit = province
        if isinstance(province, int):
            unit = AdminUnit.objects.filter(pk=province, level=Level.PROVINCE).first()
        elif isinstance(province, str):
            unit = unit_resolve(province, level=Level.PROVINCE).unit
        if not isinstance(unit, AdminUnit):
            return cls(problem=_("Không tìm thấy tỉnh, thành phố “%(text)s”.") % {"text": province})
        if unit.edition == Edition.CURRENT:
            legacy = UnitSuccession.objects.filter(new_unit=unit, old_unit__level=Level.PROVINCE).values_list(
                "old_unit_id", flat=True
            )
            return cls(current_ids=(unit.pk,), legacy_ids=tuple(legacy))
        current = UnitSuccession.objects.filter(old_unit=unit).values_list("new_unit_id", flat=True)
        return cls(current_ids=tuple(current), legacy_ids=(unit.pk,))

    def filter(self, queryset, edition: str):
        ids = self.current_ids if edition == Edition.CURRENT else self.legacy_ids
        return queryset if ids is None else queryset.filter(province_id__in=ids)


def _base(level: str, edition: str, scope: _ProvinceScope):
    queryset = AdminUnit.objects.filter(edition=edition, level=level).select_related("parent", "province")
    return scope.filter(queryset, edition)


def _by_code(text: str, *, level, edition, scope, parent_text) -> list[AdminUnit]:
    code = text.zfill(_CODE_WIDTH[level])
    return list(_base(level, edition, scope).filter(code=code))


def _by_name(text: str, *, level, edition, scope, parent_text) -> list[AdminUnit]:
    parsed = parse_unit_text(text)
    units = list(_base(level, edition, scope).filter(Q(match_key__in=parsed.keys) | Q(alias_key__in=parsed.keys)))
    for key in parsed.keys:  # the reading without the prefix first, current names before former ones
        keyed = [u for u in units if u.match_key == key] or [u for u in units if u.alias_key == key]
        if keyed:
            units = keyed
            break
    if len(units) > 1 and parsed.unit_type:
        units = _narrow(units, lambda u: u.unit_type == parsed.unit_type)
    bare = split_unit_prefix(text)[1]
    if len(units) > 1 and strip_diacritics(bare) != bare:
        # Typed with marks, "Điện Phước" is not "Diên Phước"; typed without, it may be either.
        spelled = spelling_key(bare)
        units = _narrow(units, lambda u: spelling_key(u.name) == spelled)
    if len(units) > 1 and parent_text:
        parent_keys = set(parse_unit_text(parent_text).keys)
        units = _narrow(units, lambda u: _named(u.parent, parent_keys) or _named(u.province, parent_keys))
        if len(units) > 1 and edition == Edition.CURRENT:
            # An address in the old three-tier form: the district is that of a predecessor.
            units = _narrow(units, lambda u: _came_from_district(u, parent_keys))
    return units


def _narrow(units: list[AdminUnit], keep) -> list[AdminUnit]:
    """Keep the units that pass, unless none would: a hint narrows, it never empties the choice."""
    kept = [u for u in units if keep(u)]
    return kept or units


def _named(unit: AdminUnit | None, keys: set[str]) -> bool:
    return unit is not None and unit.match_key in keys


def _came_from_district(unit: AdminUnit, district_keys: set[str]) -> bool:
    return UnitSuccession.objects.filter(new_unit=unit, old_unit__parent__match_key__in=district_keys).exists()


def _current_match(units: list[AdminUnit], *, edition: str, level: str) -> UnitMatch:
    if edition == Edition.CURRENT or level == Level.DISTRICT:
        if len(units) == 1:
            return UnitMatch(unit=units[0], legacy_unit=units[0] if edition == Edition.LEGACY else None)
        return UnitMatch(candidates=tuple(units))
    primary = dict(UnitSuccession.objects.filter(old_unit__in=units, is_primary=True).values_list("old_unit_id", "new_unit_id"))
    successors = {primary[u.pk] for u in units if u.pk in primary}
    if not successors:
        names = ", ".join(u.label_with_parent for u in units)
        return UnitMatch(
            candidates=tuple(units) if len(units) > 1 else (),
            legacy_unit=units[0] if len(units) == 1 else None,
            problem=_("Chưa có đơn vị kế thừa cho %(names)s trong bảng chuyển đổi.") % {"names": names},
        )
    if len(successors) == 1:
        return UnitMatch(
            unit=AdminUnit.objects.select_related("province").get(pk=successors.pop()),
            legacy_unit=units[0] if len(units) == 1 else None,
            via_crosswalk=True,
        )
    return UnitMatch(candidates=tuple(units), via_crosswalk=True)

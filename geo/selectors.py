"""Reads of the geography: resolving typed names to units, rolling legacy figures up to current
units, and the communes a user may pick.

Geography itself is public; only `commune_choices` is scoped, by the user's jurisdiction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Aggregate, Case, Count, Exists, Expression, F, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.jurisdiction import commune_scope
from core.text import nfc, search_key, strip_diacritics
from geo.models import REFORM_DATE, AdminUnit, Edition, Level, UnitSuccession
from geo.names import parse_unit_text, spelling_key, split_unit_prefix, unit_match_key

Number = int | Decimal | float
_IN_LIST_LIMIT = 500

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


# Rolling figures recorded against pre-reform units up to the current ones.
#
# Two forms of the same rule (a unit counts for itself if current, else for its primary successor):
# an SQL expression for querysets (`current_unit_of`, used by `rollup_queryset`), and a mapping built
# in one query for figures already in Python (`successor_map`, used by `rollup_to_current`).


def current_unit_of(field: str, *, fallback_field: str | None = None) -> Expression:
    """SQL expression: the id of the current unit that the unit in FK `field` rolls into.

    The unit itself when it is current; its primary successor when it is a pre-reform unit; NULL
    when `field` is empty or the old unit has no successor. With `fallback_field`, that FK is used
    when `field` is NULL: for an Organization, `current_unit_of("commune", fallback_field="legacy_commune")`.
    """
    expression = _current_unit_expression(field)
    if fallback_field:
        expression = Coalesce(expression, _current_unit_expression(fallback_field))
    return expression


def current_province_of(field: str, *, fallback_field: str | None = None) -> Expression:
    """SQL expression: the id of the current province of the unit in FK `field` (through the crosswalk)."""
    expression = _current_unit_expression(field, attribute="province")
    if fallback_field:
        expression = Coalesce(expression, _current_unit_expression(fallback_field, attribute="province"))
    return expression


def _current_unit_expression(field: str, attribute: str | None = None) -> Expression:
    successor = UnitSuccession.objects.filter(old_unit=OuterRef(field), is_primary=True)
    successor = successor.values(f"new_unit__{attribute}" if attribute else "new_unit")[:1]
    itself = F(f"{field}__{attribute}") if attribute else F(field)
    return Case(
        When(**{f"{field}__edition": Edition.CURRENT}, then=itself),
        default=Subquery(successor),
        output_field=IntegerField(),
    )


def successor_commune_ids(unit: AdminUnit) -> QuerySet:
    """Ids of the current communes formed (wholly or partly) from a pre-reform unit's communes
    (the unit itself, a commune; or those of a district or province), as a subquery."""
    old = Q(old_unit=unit)
    if unit.level == Level.DISTRICT:
        old = Q(old_unit__parent=unit)
    elif unit.level == Level.PROVINCE:
        old = Q(old_unit__province=unit)
    return UnitSuccession.objects.filter(old, new_unit__level=Level.COMMUNE).values("new_unit_id")


def successor_map(*, level: str = Level.COMMUNE) -> dict[int, int]:
    """Pre-reform unit id → id of its primary current successor, for one level, in one query.

    Built once per report, it turns any number of legacy keys into current ones without further
    queries. Island districts map to the special zone (đặc khu) that replaced them.
    """
    successions = UnitSuccession.objects.filter(old_unit__level=level, is_primary=True, new_unit__edition=Edition.CURRENT)
    return dict(successions.values_list("old_unit_id", "new_unit_id"))


@dataclass
class Rollup:
    """Totals per current commune and per current province (ids of `AdminUnit`), and what could not
    be placed (pre-reform units without a successor, unknown ids)."""

    by_commune: dict[int, Number] = field(default_factory=dict)
    by_province: dict[int, Number] = field(default_factory=dict)
    unmapped: dict[int, Number] = field(default_factory=dict)

    @property
    def total(self) -> Number:
        return sum(self.by_commune.values()) + sum(self.unmapped.values())


def rollup_to_current(values: Mapping[int, Number] | Iterable[tuple[int, Number]]) -> Rollup:
    """Sum figures keyed by commune id, current or pre-reform, into current communes and provinces.

    `values` is a mapping or pairs (the same id may repeat): e.g. `{legacy_commune.pk: 3,
    current_commune.pk: 2}` or `queryset.values_list("commune_id", "amount")`. Pre-reform
    communes (and the island districts that became special zones) count for their primary
    successor; anything else lands in `unmapped`. Two queries whatever the size.
    """
    pairs = list(values.items() if isinstance(values, Mapping) else values)
    ids = {unit_id for unit_id, _ in pairs if unit_id is not None}
    # Many keys: read the whole (small) tables rather than send thousands of ids in an IN list,
    # which SQLite plans badly.
    many = len(ids) > _IN_LIST_LIMIT
    units_qs = AdminUnit.objects.all() if many else AdminUnit.objects.filter(pk__in=ids)
    units = {row["pk"]: row for row in units_qs.values("pk", "edition", "level", "province_id") if row["pk"] in ids}
    legacy_ids = {pk for pk, row in units.items() if row["edition"] == Edition.LEGACY}
    successors, successor_province = {}, {}
    if legacy_ids:
        edges = UnitSuccession.objects.filter(is_primary=True, new_unit__edition=Edition.CURRENT, new_unit__level=Level.COMMUNE)
        if not many:
            edges = edges.filter(old_unit_id__in=legacy_ids)
        for old_id, new_id, province_id in edges.values_list("old_unit_id", "new_unit_id", "new_unit__province_id"):
            if old_id in legacy_ids:
                successors[old_id] = new_id
                successor_province[new_id] = province_id
    rollup = Rollup()
    for unit_id, amount in pairs:
        unit = units.get(unit_id)
        if unit is not None and unit["edition"] == Edition.CURRENT and unit["level"] == Level.COMMUNE:
            commune_id, province_id = unit_id, unit["province_id"]
        elif unit_id in successors:
            commune_id = successors[unit_id]
            province_id = successor_province[commune_id]
        else:
            rollup.unmapped[unit_id] = rollup.unmapped.get(unit_id, 0) + amount
            continue
        rollup.by_commune[commune_id] = rollup.by_commune.get(commune_id, 0) + amount
        rollup.by_province[province_id] = rollup.by_province.get(province_id, 0) + amount
    return rollup


def rollup_queryset(
    queryset: QuerySet, *, field: str, fallback_field: str | None = None, value: Aggregate | None = None
) -> Rollup:
    """Group a queryset by the current commune its `field` (or `fallback_field`) rolls into, in SQL.

    `value` is the aggregate to total (default: `Count("pk")`), e.g. `Sum("members")`. Example:
    `rollup_queryset(organizations, field="commune", fallback_field="legacy_commune")`.
    """
    rows = (
        queryset.order_by()
        .annotate(_current_commune=current_unit_of(field, fallback_field=fallback_field))
        .values("_current_commune")
        .annotate(_total=value if value is not None else Count("pk"))
        .values_list("_current_commune", "_total")
    )
    return rollup_to_current([(commune_id, total or 0) for commune_id, total in rows])


def commune_choices(user, *, province: AdminUnit | int | None = None, q: str | None = None) -> QuerySet:
    """Current communes the user may pick in a form: all of them for an administrator, the
    province's for province-wide roles, their own for a commune officer, none otherwise
    (`core.jurisdiction.commune_scope`). `q` filters by name, marks and case ignored."""
    scope = commune_scope(user)
    communes = AdminUnit.objects.current().communes().select_related("province")
    if scope is None:
        return communes.none()
    communes = communes.filter(scope)
    if province is not None:
        communes = communes.filter(province=province)
    if q:
        communes = communes.filter(_name_filter(q))
    return communes.order_by("province__code", "name_key", "code")


def _name_filter(q: str) -> Q:
    """Search in names: the typed words (marks ignored) anywhere in the name, or a code prefix."""
    _, bare = split_unit_prefix(q)
    key = search_key(bare)
    condition = Q(name_key__contains=key) | Q(match_key__startswith=unit_match_key(bare))
    if bare.isdigit():
        condition |= Q(code__startswith=bare)
    return condition


# Directory pages and pickers.


def words_filter(q: str, column: str = "name_key") -> Q:
    """Every word of `q` (marks and case ignored, type prefix dropped) begins a word of `column`
    ("dien an" finds "Điện An", not "Điện Bàn")."""
    condition = Q()
    for word in search_key(split_unit_prefix(q)[1]).split():
        condition &= Q(**{f"{column}__startswith": word}) | Q(**{f"{column}__contains": f" {word}"})
    return condition


def province_overview() -> list[AdminUnit]:
    """Current provinces with `commune_count` and `legacy_provinces` (the pre-reform provinces merged into each)."""
    provinces = list(
        AdminUnit.objects.current()
        .provinces()
        .annotate(commune_count=Count("children", filter=Q(children__level=Level.COMMUNE)))
        .order_by("name_key")
    )
    merged: dict[int, list[AdminUnit]] = {}
    edges = UnitSuccession.objects.filter(old_unit__level=Level.PROVINCE, new_unit__level=Level.PROVINCE).select_related(
        "old_unit"
    )
    for edge in edges.order_by("old_unit__name_key"):
        merged.setdefault(edge.new_unit_id, []).append(edge.old_unit)
    for province in provinces:
        province.legacy_provinces = merged.get(province.pk, [])
    return provinces


def commune_directory(*, province: AdminUnit | None = None, q: str | None = None, limit: int = 300) -> list[AdminUnit]:
    """Current communes (of one province, or matching `q` by their name or a former unit's name),
    each with `predecessors`: the pre-reform units it came from (with their district)."""
    communes = AdminUnit.objects.current().communes().select_related("province")
    if province is not None:
        communes = communes.filter(province=province)
    if q:
        came_from = UnitSuccession.objects.filter(new_unit=OuterRef("pk")).filter(words_filter(q, "old_unit__name_key"))
        communes = communes.filter(words_filter(q) | Q(code=q.strip()) | Exists(came_from))
    communes = list(communes.order_by("province__name_key", "name_key")[:limit])
    edges = (
        UnitSuccession.objects.filter(new_unit__in=communes)
        .select_related("old_unit__parent", "old_unit__province")
        .order_by("old_unit__name_key")
    )
    predecessors: dict[int, list[UnitSuccession]] = {}
    for edge in edges:
        predecessors.setdefault(edge.new_unit_id, []).append(edge)
    for commune in communes:
        commune.predecessors = predecessors.get(commune.pk, [])
    return communes


def unit_search(
    q: str, *, level: str = Level.COMMUNE, edition: str = Edition.CURRENT, province: AdminUnit | None = None, limit: int = 20
) -> list[AdminUnit]:
    """Units whose name holds every typed word (or whose code starts with the digits typed), best
    first: names starting with the text, then the rest. For current communes, also those that
    a matching pre-reform commune became (`came_from` names it)."""
    units = AdminUnit.objects.filter(level=level, edition=edition).select_related("province", "parent")
    if province is not None:
        units = units.filter(province=province) if edition == Edition.CURRENT or province.edition == edition else units.none()
    text = nfc(q)
    if not text:
        return list(units.order_by("province__name_key", "name_key")[:limit])
    if text.isdigit():
        return list(units.filter(code__startswith=text).order_by("code")[:limit])
    found = list(units.filter(words_filter(text)).order_by("name_key")[: limit * 3])
    prefix = search_key(split_unit_prefix(text)[1])
    found.sort(key=lambda u: (not u.name_key.startswith(prefix), u.name_key, u.province.name_key if u.province else ""))
    found = found[:limit]
    for unit in found:
        unit.came_from = None
    if edition == Edition.CURRENT and level == Level.COMMUNE and len(found) < limit:
        edges = UnitSuccession.objects.filter(words_filter(text, "old_unit__name_key"), new_unit__level=level, is_primary=True)
        if province is not None:
            edges = edges.filter(new_unit__province=province)
        seen = {u.pk for u in found}
        for edge in edges.select_related("old_unit", "new_unit__province", "new_unit__parent")[: limit - len(found)]:
            if edge.new_unit_id not in seen:
                seen.add(edge.new_unit_id)
                edge.new_unit.came_from = edge.old_unit
                found.append(edge.new_unit)
    return found

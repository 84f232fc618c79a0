"""Reads of indicators, scoped by who is asking.

Who sees what (issue §7):
- admin: every place, every breakdown;
- province readers (province/department/alliance officers, leaders): the country's totals (split by
  province at most), their own province and its communes in full;
- commune officers: their commune in full, and their province's totals (not split by commune);
- everyone else (the public, cooperatives): only indicators an officer published, for the country or
  a province (split by commune at most), with small-cell suppression.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.jurisdiction import PROVINCE_READERS, is_admin
from core.roles import Role
from geo.models import AdminUnit, Edition, Level, UnitSuccession
from indicators.models import Indicator, Target
from indicators.scope import Scope

PLACE_BREAKDOWNS = {"province", "commune"}


def is_officer(user) -> bool:
    return bool(
        user.is_authenticated and (is_admin(user) or user.has_role(*PROVINCE_READERS) or user.has_role(Role.COMMUNE_OFFICER))
    )


def suppression_threshold(user) -> int | None:
    """Cells below this many organizations are hidden for this user (None: nothing hidden)."""
    return None if is_officer(user) else settings.HOPTAC_SUPPRESSION_THRESHOLD


def indicator_list(*, user) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all()
    return indicators if is_officer(user) else indicators.filter(is_published=True)


def indicator_get(*, user, code: str) -> Indicator:
    """The indicator if `user` may see it, else Indicator.DoesNotExist (→ 404)."""
    return indicator_list(user=user).get(code=code)


def home_province() -> AdminUnit | None:
    return AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE, code=settings.HOPTAC_PROVINCE_CODE).first()


def default_scope(user) -> Scope:
    if user.is_authenticated and not is_admin(user):
        if user.has_role(*PROVINCE_READERS) and user.province_id:
            return Scope.of(user.province)
        if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
            return Scope.of(user.commune)
    province = home_province()
    return Scope.of(province) if province else Scope.country()


@dataclass(frozen=True)
class Access:
    scope: Scope
    breakdowns: frozenset[str]  # the breakdowns allowed in this scope (besides "year")
    threshold: int | None  # small-cell suppression threshold, None for officers


ALL = frozenset({"province", "commune", "kind", "field", "size_class"})


def access(*, user, scope: Scope) -> Access:
    """What `user` may see of `scope`; PermissionDenied if nothing."""
    threshold = suppression_threshold(user)
    unit = scope.unit
    if is_admin(user):
        return Access(scope, ALL, None)
    if not is_officer(user):
        if unit is None:
            return Access(scope, ALL - {"commune"}, threshold)
        if unit.edition == Edition.CURRENT and unit.level in (Level.PROVINCE, Level.COMMUNE):
            return Access(scope, ALL - {"province"}, threshold)
        raise PermissionDenied(_("Không có quyền xem số liệu của địa bàn này."))
    if unit is None:
        return Access(scope, ALL - {"commune"} if user.has_role(*PROVINCE_READERS) else ALL - PLACE_BREAKDOWNS, None)
    province_id = province_of(unit)
    if user.has_role(*PROVINCE_READERS) and user.province_id and province_id == user.province_id:
        return Access(scope, ALL, None)
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        if unit.pk == user.commune_id:
            return Access(scope, ALL - PLACE_BREAKDOWNS, None)
        if unit.level == Level.PROVINCE and province_id == user.province_id:
            return Access(scope, ALL - PLACE_BREAKDOWNS, None)
    raise PermissionDenied(_("Không có quyền xem số liệu của địa bàn này."))


def province_of(unit: AdminUnit) -> int | None:
    """The current province a unit lies in (a legacy unit: its successor's)."""
    if unit.edition == Edition.CURRENT:
        return unit.pk if unit.level == Level.PROVINCE else unit.province_id
    province = unit if unit.level == Level.PROVINCE else unit.province
    successor = UnitSuccession.objects.filter(old_unit=province, new_unit__level=Level.PROVINCE).values("new_unit_id").first()
    return successor["new_unit_id"] if successor else None


def scope_from(*, user, value: str | None) -> Access:
    """Parse a `scope` parameter ("country" or an AdminUnit id; empty: the user's default)."""
    if not value:
        return access(user=user, scope=default_scope(user))
    if value == "country":
        return access(user=user, scope=Scope.country())
    try:
        unit = AdminUnit.objects.select_related("province").get(pk=int(value))
    except (ValueError, AdminUnit.DoesNotExist):
        raise PermissionDenied(_("Địa bàn “%(value)s” không tồn tại.") % {"value": value}) from None
    return access(user=user, scope=Scope.of(unit))


def scope_choices(*, user) -> list[tuple[str, str]]:
    """(value, label) of the places offered in the scope picker."""
    choices = [("country", _("Cả nước"))]
    if is_admin(user) or not is_officer(user):
        provinces = AdminUnit.objects.current().provinces().order_by("name")
    elif user.province_id:
        provinces = AdminUnit.objects.filter(pk=user.province_id)
    else:
        provinces = AdminUnit.objects.none()
    choices += [(str(pk), name) for pk, name in provinces.values_list("pk", "full_name")]
    communes = AdminUnit.objects.none()
    if user.is_authenticated and user.has_role(*PROVINCE_READERS) and user.province_id and not is_admin(user):
        communes = AdminUnit.objects.current().communes().filter(province_id=user.province_id)
    elif user.is_authenticated and user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        communes = AdminUnit.objects.filter(pk=user.commune_id)
    elif is_admin(user) or not is_officer(user):
        province = home_province()
        communes = AdminUnit.objects.current().communes().filter(province=province) if province else communes
    choices += [(str(pk), f"— {name}") for pk, name in communes.order_by("name").values_list("pk", "full_name")]
    return choices


def targets_for(*, scope: Scope, year: int | None = None) -> QuerySet[Target]:
    """Targets set for `scope`; for a current province also those of the old provinces merged into it.
    With `year`, only targets whose period covers that year or ends after it."""
    targets = Target.objects.select_related("indicator", "scope_unit")
    if scope.unit is None:
        targets = targets.filter(scope_level="country")
    elif scope.unit.edition == Edition.CURRENT and scope.unit.level == Level.PROVINCE:
        old = UnitSuccession.objects.filter(new_unit=scope.unit, old_unit__level=Level.PROVINCE).values("old_unit_id")
        targets = targets.filter(scope_unit_id__in=[scope.unit.pk, *[row["old_unit_id"] for row in old]])
    else:
        targets = targets.filter(scope_unit=scope.unit)
    if year is not None:
        targets = targets.filter(start_year__lte=year, year__gte=year)
    return targets.order_by("indicator__sort_order", "year", "document")


def merged_old_provinces(province: AdminUnit) -> QuerySet[AdminUnit]:
    """The pre-2025 provinces merged (wholly or partly) into a current province."""
    return AdminUnit.objects.filter(edition=Edition.LEGACY, level=Level.PROVINCE, successions__new_unit=province).distinct()


def target_list(*, user, scope: Scope) -> QuerySet[Target]:
    """Targets of `scope` (for a current province also its communes' and the merged old provinces')
    whose indicator `user` may see."""
    targets = targets_for(scope=scope)
    if scope.unit is not None and scope.unit.edition == Edition.CURRENT and scope.unit.level == Level.PROVINCE:
        communes = Target.objects.filter(scope_unit__province=scope.unit, scope_unit__level=Level.COMMUNE)
        targets = (targets | communes.select_related("indicator", "scope_unit")).distinct()
    return targets.filter(indicator__in=indicator_list(user=user)).order_by(
        "indicator__sort_order", "scope_level", "scope_unit__name", "year", "document"
    )


def target_places(*, user) -> list[tuple[str, str]]:
    """(value, label) of the places `user` may set targets for: "country" or an AdminUnit id."""
    from indicators.target_services import can_manage_any_target

    if not can_manage_any_target(user):
        return []
    if is_admin(user):
        home = home_province()
        provinces = list(AdminUnit.objects.current().provinces().order_by("name"))
        if home is not None:  # the installation's province first
            provinces = [home] + [unit for unit in provinces if unit.pk != home.pk]
        choices = [("country", _("Cả nước"))]
    else:
        home = AdminUnit.objects.get(pk=user.province_id)
        provinces, choices = [home], []
    choices += [(str(unit.pk), unit.full_name) for unit in provinces[:1]]
    if home is not None:
        choices += [
            (str(unit.pk), _("%(name)s (trước 01/7/2025)") % {"name": unit.full_name}) for unit in merged_old_provinces(home)
        ]
        communes = AdminUnit.objects.current().communes().filter(province=home).order_by("name")
        choices += [(str(unit.pk), f"— {unit.full_name}") for unit in communes]
    return choices + [(str(unit.pk), unit.full_name) for unit in provinces[1:]]

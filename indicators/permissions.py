"""Who may see, publish, enter and plan what in indicators: every role check of the app is here.

Views, APIs, selectors and services ask these functions; none of them reads a role itself.

Who sees what (issue §7):
- admin: every place, every breakdown;
- province readers (province/department/alliance officers, leaders): the country's totals (split by
  province at most), their own province and its communes in full;
- commune officers: their commune in full, and their province's totals (not split by commune);
- everyone else (the public, cooperatives): only indicators an officer published, for the country or
  a province (split by commune at most), with small-cell suppression.

Who changes what: an administrator everything; a province officer publishes indicators and manages
the targets of their province (and of the old provinces merged into it) and of its communes; province
and Alliance officers enter manual values for their province and its communes, a commune officer for
their commune.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.jurisdiction import PROVINCE_READERS, is_admin
from core.roles import Role
from geo.models import AdminUnit, Edition, Level
from indicators.scope import Scope, province_of

#: Every breakdown besides "year"; the places are the two a reader may be refused.
ALL_BREAKDOWNS = frozenset({"province", "commune", "kind", "field", "size_class"})
PLACE_BREAKDOWNS = frozenset({"province", "commune"})
#: Roles that enter manual values for their whole province.
PROVINCE_ENTRY_ROLES = (Role.PROVINCE_OFFICER, Role.ALLIANCE_OFFICER)


# --- Roles -------------------------------------------------------------------------------------


def reads_province(user) -> bool:
    """A province reader (not an administrator) with a province: reads it and its communes in full."""
    return bool(user.is_authenticated and user.has_role(*PROVINCE_READERS) and user.province_id)


def officer_commune_id(user) -> int | None:
    """The commune a commune officer works for (None for anyone else)."""
    if user.is_authenticated and user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        return user.commune_id
    return None


def is_officer(user) -> bool:
    """Officers and leaders see every indicator, published or not, without suppression."""
    return bool(
        user.is_authenticated and (is_admin(user) or user.has_role(*PROVINCE_READERS) or user.has_role(Role.COMMUNE_OFFICER))
    )


def sees_every_place(user) -> bool:
    """Administrators: every place in the pickers, every target to manage, national ones included."""
    return is_admin(user)


def require_officer(user) -> None:
    """Plan versus actual and the pivot are officers' pages."""
    if not is_officer(user):
        raise PermissionDenied(_("Trang này dành cho cán bộ."))


# --- Seeing a place ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    scope: Scope
    breakdowns: frozenset[str]  # the breakdowns allowed in this scope (besides "year")
    threshold: int | None  # small-cell suppression threshold, None for officers


def suppression_threshold(user) -> int | None:
    """Cells below this many organizations are hidden for this user (None: nothing hidden)."""
    return None if is_officer(user) else settings.HOPTAC_SUPPRESSION_THRESHOLD


def _public_breakdowns(unit: AdminUnit | None) -> frozenset[str] | None:
    if unit is None:
        return ALL_BREAKDOWNS - {"commune"}
    if unit.edition == Edition.CURRENT and unit.level in (Level.PROVINCE, Level.COMMUNE):
        return ALL_BREAKDOWNS - {"province"}
    return None


def _officer_breakdowns(user, unit: AdminUnit | None) -> frozenset[str] | None:
    if unit is None:
        return ALL_BREAKDOWNS - ({"commune"} if user.has_role(*PROVINCE_READERS) else PLACE_BREAKDOWNS)
    province_id = province_of(unit)
    if reads_province(user) and province_id == user.province_id:
        return ALL_BREAKDOWNS
    commune_id = officer_commune_id(user)
    if commune_id and (unit.pk == commune_id or (unit.level == Level.PROVINCE and province_id == user.province_id)):
        return ALL_BREAKDOWNS - PLACE_BREAKDOWNS
    return None


def access(*, user, scope: Scope) -> Access:
    """What `user` may see of `scope`; PermissionDenied if nothing."""
    if sees_every_place(user):
        return Access(scope, ALL_BREAKDOWNS, None)
    officer = is_officer(user)
    breakdowns = _officer_breakdowns(user, scope.unit) if officer else _public_breakdowns(scope.unit)
    if breakdowns is None:
        raise PermissionDenied(_("Không có quyền xem số liệu của địa bàn này."))
    return Access(scope, breakdowns, None if officer else settings.HOPTAC_SUPPRESSION_THRESHOLD)


# --- Publishing and entering values ------------------------------------------------------------


def can_publish(user) -> bool:
    return bool(user.is_authenticated and (is_admin(user) or user.has_role(Role.PROVINCE_OFFICER)))


def require_publish(user) -> None:
    if not can_publish(user):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh được công khai chỉ tiêu."))


def can_enter_values_for(user, unit: AdminUnit) -> bool:
    """May `user` enter a manual indicator's value for `unit`? (`enterable_units` is the same rule
    as one query.)"""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    province_id = unit.pk if unit.level == Level.PROVINCE else unit.province_id
    if user.has_role(*PROVINCE_ENTRY_ROLES) and unit.edition == Edition.CURRENT:
        return bool(user.province_id) and province_id == user.province_id
    if user.has_role(Role.COMMUNE_OFFICER):
        return bool(user.commune_id) and unit.pk == user.commune_id
    return False


def enterable_units(user, units: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """The units of `units` `user` may enter values for: `can_enter_values_for` as one filter, not
    one check per unit (a province has thousands)."""
    if not user.is_authenticated:
        return units.none()
    if is_admin(user):
        return units
    commune_rule = Q(pk=user.commune_id) if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id else Q(pk__in=[])
    if user.has_role(*PROVINCE_ENTRY_ROLES):
        in_province = (
            Q(level=Level.PROVINCE, pk=user.province_id) | (~Q(level=Level.PROVINCE) & Q(province_id=user.province_id))
            if user.province_id
            else Q(pk__in=[])
        )
        # A current unit is decided by the province rule; a legacy one falls to the commune rule.
        allowed = (Q(edition=Edition.CURRENT) & in_province) | (~Q(edition=Edition.CURRENT) & commune_rule)
    else:
        allowed = commune_rule
    return units.filter(allowed)


def require_enter_values_for(user, unit: AdminUnit) -> None:
    if not can_enter_values_for(user, unit):
        raise PermissionDenied(_("Không có quyền nhập số liệu cho địa bàn này."))


# --- Managing targets --------------------------------------------------------------------------


def can_manage_any_target(user) -> bool:
    """Administrators, and province officers of a province, set targets somewhere."""
    return bool(user.is_authenticated and (is_admin(user) or (user.has_role(Role.PROVINCE_OFFICER) and user.province_id)))


def can_manage_targets_of(user, unit: AdminUnit | None) -> bool:
    """May `user` create, change or delete targets set for `unit` (None: the whole country)?"""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if unit is None or not can_manage_any_target(user):
        return False
    return unit.level in (Level.PROVINCE, Level.COMMUNE) and province_of(unit) == user.province_id


def require_create_targets(user) -> None:
    if not can_manage_any_target(user):
        raise PermissionDenied(_("Bạn không có quyền giao chỉ tiêu kế hoạch."))


def require_manage_targets_of(user, unit: AdminUnit | None) -> None:
    if not can_manage_targets_of(user, unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý chỉ tiêu kế hoạch của địa bàn này."))

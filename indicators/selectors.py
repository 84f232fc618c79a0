"""Reads of indicators and of the places they are computed for, scoped by who is asking
(the rules are `indicators.permissions`; targets have their own `indicators.targets.selectors`)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from geo.models import AdminUnit, Edition, Level
from indicators.models import Indicator
from indicators.permissions import (
    Access,
    access,
    enterable_units,
    is_officer,
    officer_commune_id,
    reads_province,
    sees_every_place,
)
from indicators.scope import Scope


def indicator_list(*, user) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all()
    return indicators if is_officer(user) else indicators.filter(is_published=True)


def indicator_get(*, user, code: str) -> Indicator:
    """The indicator if `user` may see it, else Indicator.DoesNotExist (→ 404)."""
    return indicator_list(user=user).get(code=code)


def home_province() -> AdminUnit | None:
    return AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE, code=settings.HOPTAC_PROVINCE_CODE).first()


def default_scope(user) -> Scope:
    """A province reader opens on their province, a commune officer on their commune, everyone
    else on the installation's province."""
    if not sees_every_place(user):
        if reads_province(user):
            return Scope.of(user.province)
        if officer_commune_id(user):
            return Scope.of(user.commune)
    province = home_province()
    return Scope.of(province) if province else Scope.country()


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


def _picker_provinces(user) -> QuerySet[AdminUnit]:
    if sees_every_place(user) or not is_officer(user):
        return AdminUnit.objects.current().provinces().order_by("name")
    if user.province_id:
        return AdminUnit.objects.filter(pk=user.province_id)
    return AdminUnit.objects.none()


def _picker_communes(user) -> QuerySet[AdminUnit]:
    if reads_province(user) and not sees_every_place(user):
        return AdminUnit.objects.current().communes().filter(province_id=user.province_id)
    if commune_id := officer_commune_id(user):
        return AdminUnit.objects.filter(pk=commune_id)
    if sees_every_place(user) or not is_officer(user):
        province = home_province()
        return AdminUnit.objects.current().communes().filter(province=province) if province else AdminUnit.objects.none()
    return AdminUnit.objects.none()


def scope_choices(*, user) -> list[tuple[str, str]]:
    """(value, label) of the places offered in the scope picker."""
    choices = [("country", _("Cả nước"))]
    choices += [(str(pk), name) for pk, name in _picker_provinces(user).values_list("pk", "full_name")]
    communes = _picker_communes(user).order_by("name").values_list("pk", "full_name")
    return choices + [(str(pk), f"— {name}") for pk, name in communes]


def manual_entry_units(*, user, scope: Scope) -> QuerySet[AdminUnit] | None:
    """The current provinces and communes of `scope` whose manual values `user` may enter (None:
    none; the form is not shown)."""
    if not is_officer(user):
        return None
    units = AdminUnit.objects.current().filter(level__in=(Level.PROVINCE, Level.COMMUNE))
    if scope.unit is not None and not scope.is_legacy:
        province_id = scope.province_id
        units = units.filter(pk=province_id) | units.filter(province_id=province_id, level=Level.COMMUNE)
    allowed = enterable_units(user, units)
    return allowed.order_by("level", "name") if allowed.exists() else None

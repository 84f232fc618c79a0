"""Reads of targets: those set for a place, those a reader may list, where a manager may set them."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from geo.models import AdminUnit, Edition, Level, UnitSuccession
from indicators.models import Target
from indicators.permissions import can_manage_any_target, sees_every_place
from indicators.scope import Scope
from indicators.selectors import home_province, indicator_list


def _is_current_province(unit: AdminUnit | None) -> bool:
    return unit is not None and unit.edition == Edition.CURRENT and unit.level == Level.PROVINCE


def targets_for(*, scope: Scope, year: int | None = None) -> QuerySet[Target]:
    """Targets set for `scope`; for a current province also those of the old provinces merged into it.
    With `year`, only targets whose period covers that year or ends after it."""
    targets = Target.objects.select_related("indicator", "scope_unit")
    if scope.unit is None:
        targets = targets.filter(scope_level="country")
    elif _is_current_province(scope.unit):
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
    if _is_current_province(scope.unit):
        communes = Target.objects.filter(scope_unit__province=scope.unit, scope_unit__level=Level.COMMUNE)
        targets = (targets | communes.select_related("indicator", "scope_unit")).distinct()
    return targets.filter(indicator__in=indicator_list(user=user)).order_by(
        "indicator__sort_order", "scope_level", "scope_unit__name", "year", "document"
    )


def target_get(*, user, pk: int) -> Target | None:
    """The target if its indicator is one `user` may see (else None)."""
    return Target.objects.select_related("indicator", "scope_unit").filter(pk=pk, indicator__in=indicator_list(user=user)).first()


def target_places(*, user) -> list[tuple[str, str]]:
    """(value, label) of the places `user` may set targets for: "country" or an AdminUnit id."""
    if not can_manage_any_target(user):
        return []
    if sees_every_place(user):
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

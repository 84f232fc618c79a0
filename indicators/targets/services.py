"""Managing targets (create, change, delete), each write checking who may do it.

Who manages which targets (issue §2, §7; `indicators.permissions.can_manage_targets_of`): an
administrator every target, national ones included; a province officer those of their province
(and of the old provinces merged into it, such as Quảng Nam's plan under Đà Nẵng) and of its
communes; everyone else reads only. Every write is kept in the target's history with who and when
(django-simple-history).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import nfc
from geo.models import AdminUnit, Level
from indicators.models import Accumulation, Indicator, Method, ScopeLevel, Target, Unit
from indicators.permissions import require_manage_targets_of

FIRST_YEAR, LAST_YEAR = 2000, 2100
#: Units counted in whole numbers.
WHOLE_UNITS = frozenset({Unit.ORGANIZATIONS, Unit.PEOPLE, Unit.EVENTS})
#: Computations whose yearly values add up over a period (a cumulative target makes sense): how many
#: were founded, ended, supported, trained in each year. Stocks (how many exist, members, averages,
#: shares, growth rates) do not add up across years.
FLOW_COMPUTATIONS = frozenset({"org_founded", "org_ended", "support_amount", "support_organizations", "support_people_trained"})


def scope_level_of(unit: AdminUnit | None) -> str:
    if unit is None:
        return ScopeLevel.COUNTRY
    return ScopeLevel.PROVINCE if unit.level == Level.PROVINCE else ScopeLevel.COMMUNE


def is_flow(indicator: Indicator) -> bool:
    if indicator.method == Method.MANUAL or indicator.computation in FLOW_COMPUTATIONS:
        return True
    return indicator.computation == "report_sum" and (indicator.parameters or {}).get("fields") == ["new_members"]


def _year_errors(target: Target) -> dict:
    errors = {}
    for name in ("start_year", "year"):
        value = getattr(target, name)
        if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
            errors[name] = _("Năm phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
    if not errors and target.start_year > target.year:
        errors["start_year"] = _("Năm đầu giai đoạn (%(start)s) phải trước hoặc bằng năm mục tiêu (%(year)s).") % {
            "start": target.start_year,
            "year": target.year,
        }
    return errors


def _whole_number_error(indicator: Indicator, values: list) -> str | None:
    if indicator.unit in WHOLE_UNITS and any(v < 0 or v != v.to_integral_value() for v in values):
        return _("“%(name)s” đếm %(unit)s: giá trị phải là số nguyên không âm.") % {
            "name": indicator.name,
            "unit": indicator.get_unit_display(),
        }
    return None


def _percent_error(indicator: Indicator, values: list) -> str | None:
    if indicator.unit == Unit.PERCENT and indicator.computation != "growth" and any(not 0 <= v <= 100 for v in values):
        return _("“%(name)s” là tỷ lệ: giá trị phải từ 0 đến 100.") % {"name": indicator.title}
    return None


def _negative_error(indicator: Indicator, values: list) -> str | None:
    if indicator.computation != "growth" and any(v < 0 for v in values):
        return _("Giá trị không được âm.")
    return None


#: The checks of a target's value, in order; the first that fails names the error (a growth rate
#: may be negative, a share lies between 0 and 100, a count is a whole number).
VALUE_RULES = (_whole_number_error, _percent_error, _negative_error)


def _value_errors(target: Target) -> dict:
    values = [v for v in (target.value_min, target.value_max) if v is not None]
    for rule in VALUE_RULES:
        if message := rule(target.indicator, values):
            return {"value_min": message}
    return {}


def sense_errors(target: Target) -> dict:
    """What does not make sense for this indicator: years out of order or range, a value the unit
    cannot take, a cumulative total of a figure that does not add up over years."""
    errors = {**_year_errors(target), **_value_errors(target)}
    if target.accumulation == Accumulation.CUMULATIVE and not is_flow(target.indicator):
        errors["accumulation"] = _(
            "“%(name)s” là số tại một thời điểm (không cộng dồn qua các năm): chọn “đạt mức vào năm mục tiêu” "
            "hoặc “mỗi năm trong giai đoạn”."
        ) % {"name": target.indicator.title}
    return errors


def _check(target: Target) -> None:
    target.scope_level = scope_level_of(target.scope_unit)
    target.document = nfc(target.document).strip()
    target.note = (target.note or "").strip()
    errors = sense_errors(target)
    if not target.document:
        errors["document"] = _("Ghi rõ văn bản giao chỉ tiêu (số, ký hiệu), ví dụ QĐ 2735/QĐ-UBND.")
    if target.value_max is not None and target.value_max < target.value_min:
        errors["value_max"] = _("Khoảng “%(low)s–%(high)s”: cận trên phải lớn hơn hoặc bằng cận dưới.") % {
            "low": target.value_min,
            "high": target.value_max,
        }
    if target.value_max == target.value_min:
        target.value_max = None
    same = Target.objects.filter(
        indicator=target.indicator,
        scope_level=target.scope_level,
        scope_unit=target.scope_unit,
        year=target.year,
        document=target.document,
    ).exclude(pk=target.pk)
    if same.exists():
        errors["document"] = _("Văn bản này đã giao chỉ tiêu này cho địa bàn này vào năm %(year)s.") % {"year": target.year}
    if errors:
        raise ValidationError(errors)
    target.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def target_save(*, user, target: Target) -> Target:
    """Create or change a target. A change must be allowed both where the target was and where it
    goes (a province officer cannot move another province's target into theirs, nor the reverse)."""
    if target.pk is not None:
        before = Target.objects.select_for_update(of=("self",)).select_related("scope_unit").get(pk=target.pk)
        require_manage_targets_of(user, before.scope_unit)
    require_manage_targets_of(user, target.scope_unit)
    _check(target)
    target._history_user = user
    target._change_reason = _("Sửa chỉ tiêu kế hoạch") if target.pk else _("Giao chỉ tiêu kế hoạch")
    target.save()
    return target


@transaction.atomic
def target_delete(*, user, target: Target) -> None:
    target = Target.objects.select_for_update(of=("self",)).select_related("scope_unit").get(pk=target.pk)
    require_manage_targets_of(user, target.scope_unit)
    target._history_user = user
    target._change_reason = _("Xóa chỉ tiêu kế hoạch")
    target.delete()

"""Writes: publishing an indicator, entering a manual value. Each checks permission itself."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jurisdiction import is_admin
from core.numbers import NumberError, parse_number
from core.roles import Role
from core.text import nfc
from geo.models import AdminUnit, Edition, Level
from indicators.models import Indicator, ManualValue, Method


def can_publish(user) -> bool:
    return bool(user.is_authenticated and (is_admin(user) or user.has_role(Role.PROVINCE_OFFICER)))


@transaction.atomic
def indicator_publish(*, user, indicator: Indicator, published: bool) -> Indicator:
    """Make an indicator visible to the public (with small-cell suppression), or hide it again."""
    if not can_publish(user):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh được công khai chỉ tiêu."))
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    indicator.is_published = published
    indicator.published_by = user if published else None
    indicator.published_at = timezone.now() if published else None
    indicator._change_reason = _("Công khai") if published else _("Thôi công khai")
    indicator.save(update_fields=["is_published", "published_by", "published_at", "updated_at"])
    return indicator


def can_enter_values_for(user, unit: AdminUnit) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    province_id = unit.pk if unit.level == Level.PROVINCE else unit.province_id
    if user.has_role(Role.PROVINCE_OFFICER, Role.ALLIANCE_OFFICER) and unit.edition == Edition.CURRENT:
        return bool(user.province_id) and province_id == user.province_id
    if user.has_role(Role.COMMUNE_OFFICER):
        return bool(user.commune_id) and unit.pk == user.commune_id
    return False


@transaction.atomic
def manual_value_save(*, user, indicator: Indicator, year, unit: AdminUnit, value, source: str) -> ManualValue:
    """Create or replace the value of a manual indicator for one year and unit."""
    if indicator.method != Method.MANUAL:
        raise ValidationError(
            {"indicator": _("Chỉ tiêu “%(name)s” được tính tự động, không nhập tay.") % {"name": indicator.title}}
        )
    if not can_enter_values_for(user, unit):
        raise PermissionDenied(_("Không có quyền nhập số liệu cho địa bàn này."))
    errors = {}
    try:
        year = int(year)
        if not 2000 <= year <= timezone.localdate().year:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Năm “%(value)s” không hợp lệ.") % {"value": year}
    try:
        number = parse_number(value)
        if number is None:
            errors["value"] = _("Nhập giá trị.")
        elif number < 0:
            errors["value"] = _("Giá trị không được âm.")
    except NumberError as error:
        errors["value"] = str(error)
    source = nfc(source).strip()
    if not source:
        errors["source"] = _("Ghi rõ nguồn số liệu (văn bản, báo cáo).")
    if errors:
        raise ValidationError(errors)
    record, _created = ManualValue.objects.update_or_create(
        indicator=indicator, year=year, unit=unit, defaults={"value": number, "source": source, "entered_by": user}
    )
    return record

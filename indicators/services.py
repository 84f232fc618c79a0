"""Writes: publishing an indicator, entering a manual value. Each checks permission itself
(`indicators.permissions`); targets have their own `indicators.targets.services`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import NumberError, parse_number
from core.text import nfc
from geo.models import AdminUnit
from indicators.models import Indicator, ManualValue, Method
from indicators.permissions import require_enter_values_for, require_publish


@transaction.atomic
def indicator_publish(*, user, indicator: Indicator, published: bool) -> Indicator:
    """Make an indicator visible to the public (with small-cell suppression), or hide it again."""
    require_publish(user)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    indicator.is_published = published
    indicator.published_by = user if published else None
    indicator.published_at = timezone.now() if published else None
    indicator._change_reason = _("Công khai") if published else _("Thôi công khai")
    indicator.save(update_fields=["is_published", "published_by", "published_at", "updated_at"])
    return indicator


@transaction.atomic
def manual_value_save(*, user, indicator: Indicator, year, unit: AdminUnit, value, source: str) -> ManualValue:
    """Create or replace the value of a manual indicator for one year and unit."""
    if indicator.method != Method.MANUAL:
        raise ValidationError(
            {"indicator": _("Chỉ tiêu “%(name)s” được tính tự động, không nhập tay.") % {"name": indicator.title}}
        )
    require_enter_values_for(user, unit)
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

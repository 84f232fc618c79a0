"""Administrative units the generators need, loaded on demand by the geo app's loader."""

from django.core.management import CommandError
from django.utils.translation import gettext as _

from geo.models import AdminUnit
from geo.services import geo_load

DEMO_PROVINCE_CODE = "48"  # Thành phố Đà Nẵng (after the merger with Quảng Nam, legacy code 49)


def ensure_units(*, only_province: str | None = None) -> None:
    """Load the units (all, or one current province with the legacy units merged into it) unless
    they are there already. geo_load itself skips work it has done before."""
    communes = AdminUnit.objects.current().communes()
    if only_province is not None:
        communes = communes.filter(province__code=only_province)
    if not communes.exists():
        geo_load(only_province=only_province)


def demo_province() -> AdminUnit:
    """Current Đà Nẵng, loading the administrative units first if they are missing."""
    ensure_units(only_province=DEMO_PROVINCE_CODE)
    province = AdminUnit.objects.current().provinces().filter(code=DEMO_PROVINCE_CODE).first()
    if province is None:
        raise CommandError(_("Chưa có Thành phố Đà Nẵng (mã 48) trong danh mục đơn vị hành chính: chạy manage.py geo_load."))
    return province

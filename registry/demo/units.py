"""Administrative units the generators need, loaded on demand.

The real loader is `manage.py geo_load` (the geo app). When that command is not available
(e.g. on a branch that predates it) a minimal fallback reads the same `vietnam-provinces`
package for just the provinces asked for, so demo data can still be built.
"""

import datetime as dt

from django.core.management import CommandError, call_command, get_commands
from django.db import transaction
from django.utils.translation import gettext as _

from geo.models import REFORM_DATE, AdminUnit, Edition, Level, UnitSuccession

LAST_LEGACY_DAY = REFORM_DATE - dt.timedelta(days=1)
DEMO_PROVINCE_CODE = 48  # Thành phố Đà Nẵng (after the merger with Quảng Nam, legacy code 49)


def demo_province() -> AdminUnit:
    """Current Đà Nẵng, loading the administrative units first if they are missing."""
    ensure_units(province_codes=(DEMO_PROVINCE_CODE,))
    province = AdminUnit.objects.current().provinces().filter(code__in=("48", "048")).first()
    if province is None:
        raise CommandError(_("Chưa có Thành phố Đà Nẵng (mã 48) trong danh mục đơn vị hành chính: chạy manage.py geo_load."))
    return province


def ensure_units(*, province_codes: tuple[int, ...] | None = None) -> None:
    """Make sure the current provinces (or those in `province_codes`) and their communes exist."""
    wanted = AdminUnit.objects.current().provinces()
    if province_codes is not None:
        wanted = wanted.filter(code__in=[str(c) for c in province_codes] + [f"{c:02d}" for c in province_codes])
    if wanted.exists() and AdminUnit.objects.current().communes().filter(province__in=wanted).exists():
        return
    if "geo_load" in get_commands():
        call_command("geo_load", verbosity=0)
    else:
        load_from_package(province_codes=province_codes)


def _split_type(full_name: str, division_type: str) -> tuple[str, str]:
    """("Phường Hải Vân", "phường") → ("Hải Vân", "Phường")."""
    prefix = str(division_type)
    if full_name.lower().startswith(prefix.lower() + " "):
        return full_name[len(prefix) + 1 :], full_name[: len(prefix)]
    return full_name, prefix.capitalize()


@transaction.atomic
def load_from_package(*, province_codes: tuple[int, ...] | None = None) -> None:
    """Fallback loader: current provinces/communes, legacy provinces/districts/communes that
    became part of them, and the commune crosswalk, straight from `vietnam-provinces`."""
    from vietnam_provinces import Province, Ward, legacy
    from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD

    provinces = [p for p in Province.iter_all() if province_codes is None or int(p.code) in province_codes]

    def unit(edition, level, code, full_name, division_type, parent, province):
        name, unit_type = _split_type(full_name, division_type)
        obj, _created = AdminUnit.objects.get_or_create(
            edition=edition,
            level=level,
            code=str(int(code)),
            defaults={
                "name": name,
                "unit_type": unit_type,
                "full_name": full_name,
                "parent": parent,
                "province": province,
                "valid_from": REFORM_DATE if edition == Edition.CURRENT else None,
                "valid_to": None if edition == Edition.CURRENT else LAST_LEGACY_DAY,
            },
        )
        if province is None and obj.province_id is None:
            obj.province = obj
            obj.save()
        return obj

    legacy_units: dict[int, AdminUnit] = {}
    for province in provinces:
        current = unit(Edition.CURRENT, Level.PROVINCE, province.code, province.name, province.division_type, None, None)
        for ward in Ward.iter_by_province(province.code):
            commune = unit(Edition.CURRENT, Level.COMMUNE, ward.code, ward.name, ward.division_type, current, current)
            entry = NEW_TO_OLD.get(int(ward.code))
            for old in entry.old_wards if entry else ():
                old_unit = legacy_units.get(old.code)
                if old_unit is None:
                    try:
                        old_ward = legacy.Ward.from_code(old.code)
                    except ValueError:  # a few conversion rows name codes missing from the legacy list
                        continue
                    old_province = legacy.Province.from_code(old.province_code)
                    legacy_province = unit(
                        Edition.LEGACY,
                        Level.PROVINCE,
                        old.province_code,
                        old_province.name,
                        old_province.division_type,
                        None,
                        None,
                    )
                    old_district = legacy.District.from_code(old.district_code)
                    district = unit(
                        Edition.LEGACY,
                        Level.DISTRICT,
                        old.district_code,
                        old_district.name,
                        old_district.division_type,
                        legacy_province,
                        legacy_province,
                    )
                    old_unit = unit(
                        Edition.LEGACY, Level.COMMUNE, old.code, old_ward.name, old_ward.division_type, district, legacy_province
                    )
                    legacy_units[old.code] = old_unit
                UnitSuccession.objects.get_or_create(
                    old_unit=old_unit,
                    new_unit=commune,
                    defaults={"is_primary": not old.is_partly_merged or _first_new(old.code) == int(ward.code)},
                )


def _first_new(old_code: int) -> int | None:
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

    entry = OLD_TO_NEW.get(old_code)
    return int(entry.new_wards[0].code) if entry and entry.new_wards else None

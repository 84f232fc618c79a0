"""Small hand-made geography for tests: one current city with three communes, and the
pre-2025 province/district/communes that were merged into them (with the crosswalk)."""

import datetime as dt
from dataclasses import dataclass

import factory

from geo.models import REFORM_DATE, AdminUnit, Edition, Level, UnitSuccession

LAST_LEGACY_DAY = REFORM_DATE - dt.timedelta(days=1)


class AdminUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        django_get_or_create = ("edition", "level", "code")

    edition = Edition.CURRENT
    level = Level.COMMUNE
    code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    unit_type = "Xã"
    full_name = factory.LazyAttribute(lambda o: f"{o.unit_type} {o.name}")
    valid_from = factory.LazyAttribute(lambda o: REFORM_DATE if o.edition == Edition.CURRENT else dt.date(2000, 1, 1))
    valid_to = factory.LazyAttribute(lambda o: None if o.edition == Edition.CURRENT else LAST_LEGACY_DAY)


@dataclass
class Geography:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    commune_c: AdminUnit
    legacy_province: AdminUnit
    legacy_district: AdminUnit
    legacy_commune_a1: AdminUnit
    legacy_commune_a2: AdminUnit
    legacy_commune_b: AdminUnit
    other_province: AdminUnit
    other_commune: AdminUnit


def build_geography() -> Geography:
    """Current "Thành phố Đà Nẵng" (48) with communes A, B, C; legacy "Tỉnh Quảng Nam" (49) whose
    communes A1 and A2 merged into A and B into B; plus another province with one commune."""
    city = AdminUnitFactory(level=Level.PROVINCE, code="48", name="Đà Nẵng", unit_type="Thành phố")
    city.province = city
    city.save()

    def commune(code, name, unit_type="Xã", province=city):
        return AdminUnitFactory(code=code, name=name, unit_type=unit_type, parent=province, province=province)

    a = commune("20305", "Điện Bàn Đông", "Phường")
    b = commune("20333", "Duy Xuyên")
    c = commune("20194", "Hải Châu", "Phường")
    quang_nam = AdminUnitFactory(edition=Edition.LEGACY, level=Level.PROVINCE, code="49", name="Quảng Nam", unit_type="Tỉnh")
    quang_nam.province = quang_nam
    quang_nam.save()
    dien_ban = AdminUnitFactory(
        edition=Edition.LEGACY,
        level=Level.DISTRICT,
        code="503",
        name="Điện Bàn",
        unit_type="Thị xã",
        parent=quang_nam,
        province=quang_nam,
    )

    def legacy(code, name, unit_type="Xã"):
        return AdminUnitFactory(
            edition=Edition.LEGACY, code=code, name=name, unit_type=unit_type, parent=dien_ban, province=quang_nam
        )

    a1 = legacy("20305", "Điện Phước", "Phường")
    a2 = legacy("20308", "Điện An", "Phường")
    b1 = legacy("20333", "Duy Thành")
    for old, new in ((a1, a), (a2, a), (b1, b), (quang_nam, city)):
        UnitSuccession.objects.get_or_create(old_unit=old, new_unit=new)
    hue = AdminUnitFactory(level=Level.PROVINCE, code="46", name="Huế", unit_type="Thành phố")
    hue.province = hue
    hue.save()
    other = commune("19900", "Thuận Hóa", "Phường", province=hue)
    return Geography(city, a, b, c, quang_nam, dien_ban, a1, a2, b1, hue, other)

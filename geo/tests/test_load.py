"""`geo_load` against the real data sets of the installed packages."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from geo.models import REFORM_DATE, AdminUnit, DatasetLoad, Edition, Level, UnitSuccession
from geo.services import geo_load

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("geo_load", *args, stdout=out)
    return out.getvalue()


def unit(edition, level, code) -> AdminUnit:
    return AdminUnit.objects.get(edition=edition, level=level, code=code)


def successors(legacy: AdminUnit) -> dict[str, bool]:
    return {s.new_unit.full_name: s.is_primary for s in legacy.successions.select_related("new_unit")}


def test_it_loads_the_whole_country_and_a_second_run_changes_nothing():
    first = geo_load()
    assert first.created == AdminUnit.objects.count()
    current = AdminUnit.objects.current()
    assert current.provinces().count() == 34
    assert current.communes().count() == 3321
    legacy = AdminUnit.objects.legacy()
    assert legacy.provinces().count() == 63
    assert legacy.filter(level=Level.DISTRICT).count() == 696
    assert 10_000 < legacy.communes().count() < 10_100
    assert set(current.values_list("valid_from", flat=True)) == {REFORM_DATE}
    assert set(legacy.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}
    # Every current province succeeds at least one old one; every old province has one primary successor.
    assert UnitSuccession.objects.filter(old_unit__level=Level.PROVINCE, is_primary=True).count() == 63
    assert not current.provinces().filter(predecessions__isnull=True).exists()
    # Each old commune that has successors has exactly one primary.
    with_successor = legacy.communes().filter(successions__isnull=False).distinct().count()
    assert UnitSuccession.objects.filter(old_unit__level=Level.COMMUNE, is_primary=True).count() == with_successor
    assert with_successor >= legacy.communes().count() - 5

    before = list(AdminUnit.objects.order_by("pk").values())
    again = geo_load(force=True)
    assert not again.changed and not again.skipped
    assert list(AdminUnit.objects.order_by("pk").values()) == before


def test_the_command_says_when_nothing_changed():
    assert "thêm 4" in run("--only-province", "48")  # "thêm 4xx" units created
    assert "đã được nạp trước đó, không có gì thay đổi" in run("--only-province", "48")
    assert "đã khớp, không có gì thay đổi" in run("--only-province", "48", "--force")


def test_da_nang_has_94_communes_and_quang_nam_rolls_into_it():
    geo_load(only_province="48")
    da_nang = unit(Edition.CURRENT, Level.PROVINCE, "48")
    assert da_nang.full_name == "Thành phố Đà Nẵng"
    assert da_nang.unit_type == "Thành phố" and da_nang.province_id == da_nang.pk
    assert AdminUnit.objects.current().communes().filter(province=da_nang, parent=da_nang).count() == 94
    quang_nam = unit(Edition.LEGACY, Level.PROVINCE, "49")
    assert quang_nam.full_name == "Tỉnh Quảng Nam"
    assert successors(quang_nam) == {"Thành phố Đà Nẵng": True}
    assert successors(unit(Edition.LEGACY, Level.PROVINCE, "48")) == {"Thành phố Đà Nẵng": True}


@pytest.mark.parametrize(
    ("old_name", "new_name"),
    [
        ("Phường Minh An", "Phường Hội An"),  # Hội An's old town wards became phường Hội An
        ("Phường Cẩm Phô", "Phường Hội An"),
        ("Xã Cẩm Kim", "Phường Hội An"),
        ("Phường Cẩm Châu", "Phường Hội An Đông"),
        ("Phường Tân An", "Phường Hội An Tây"),
        ("Xã Tân Hiệp", "Xã Tân Hiệp"),  # Cù Lao Chàm kept as it was
    ],
)
def test_hoi_an_communes_map_to_their_new_wards(old_name, new_name):
    geo_load(only_province="48")
    hoi_an = AdminUnit.objects.get(edition=Edition.LEGACY, level=Level.DISTRICT, name="Hội An")
    assert hoi_an.unit_type == "Thành phố" and hoi_an.parent.code == "49"
    old = AdminUnit.objects.get(edition=Edition.LEGACY, parent=hoi_an, full_name=old_name)
    assert old.province.code == "49" and old.valid_to == REFORM_DATE - dt.timedelta(days=1)
    assert successors(old) == {new_name: True}
    new = AdminUnit.objects.get(pk=old.successions.get().new_unit_id)
    assert new.province.code == "48" and new.valid_from == REFORM_DATE and new.valid_to is None


def test_old_and_new_communes_may_share_a_code():
    geo_load(only_province="48")
    # 20194 is Phường Hòa Hiệp Bắc before the reform and Phường Hải Vân after it.
    assert unit(Edition.LEGACY, Level.COMMUNE, "20194").full_name == "Phường Hòa Hiệp Bắc"
    assert unit(Edition.CURRENT, Level.COMMUNE, "20194").full_name == "Phường Hải Vân"


def test_the_island_district_becomes_a_special_zone():
    geo_load(only_province="48")
    hoang_sa = unit(Edition.LEGACY, Level.DISTRICT, "498")
    assert hoang_sa.full_name == "Huyện Hoàng Sa"
    assert successors(hoang_sa) == {"Đặc khu Hoàng Sa": True}


def test_a_split_commune_has_one_primary_successor():
    geo_load(only_province="01")
    # Phường Điện Biên (Ba Đình, Hà Nội, 00019) was divided between four new wards.
    old = unit(Edition.LEGACY, Level.COMMUNE, "00019")
    result = successors(old)
    assert len(result) == 4 and sum(result.values()) == 1


def test_centroids_come_with_the_units():
    geo_load(only_province="48")
    hai_van = unit(Edition.CURRENT, Level.COMMUNE, "20194")
    assert 15.9 < hai_van.latitude < 16.3 and 107.8 < hai_van.longitude < 108.3
    assert AdminUnit.objects.current().filter(latitude__isnull=True).count() == 0


def test_it_repairs_a_changed_unit_and_keeps_foreign_rows():
    geo_load(only_province="48")
    hai_van = unit(Edition.CURRENT, Level.COMMUNE, "20194")
    AdminUnit.objects.filter(pk=hai_van.pk).update(name="Sai", full_name="Sai")
    report = geo_load(only_province="48", force=True)
    assert (report.created, report.updated) == (0, 1)
    hai_van.refresh_from_db()
    assert hai_van.full_name == "Phường Hải Vân" and hai_van.match_key == "haivan"
    assert DatasetLoad.objects.count() == 1

"""`unit_resolve` on the real units of Đà Nẵng, Huế and Hồ Chí Minh City (and their old provinces)."""

import datetime as dt
import unicodedata

import pytest

from geo.models import AdminUnit, Edition, Level
from geo.selectors import unit_resolve
from geo.services import geo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def da_nang():
    geo_load(only_province="48")
    return AdminUnit.objects.get(edition=Edition.CURRENT, level=Level.PROVINCE, code="48")


def current(code, level=Level.COMMUNE) -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.CURRENT, level=level, code=code)


@pytest.mark.parametrize(
    "typed",
    [
        "Phường Hải Vân",
        "P. Hải Vân",
        "P.Hải Vân",
        "phuong hai van",
        "HẢI VÂN",
        "Hai Van",
        "20194",
        unicodedata.normalize("NFD", "Hải Vân"),
    ],
)
def test_it_finds_a_current_commune_however_it_is_written(da_nang, typed):
    match = unit_resolve(typed, level="commune")
    assert match.unit == current("20194") and match.unit.full_name == "Phường Hải Vân"
    assert not match.via_crosswalk and match.legacy_unit is None and match.found and not match.ambiguous


@pytest.mark.parametrize("typed", ["Xã Hòa Vang", "Xã Hoà Vang", "X. Hoa Vang", "xa hoa vang"])
def test_old_and_new_tone_placement_meet(da_nang, typed):
    assert unit_resolve(typed, level=Level.COMMUNE, province=da_nang).unit.full_name == "Xã Hòa Vang"


@pytest.mark.parametrize("typed", ["Phường Minh An", "P. Minh An", "minh an"])
def test_a_pre_reform_name_goes_through_the_crosswalk(da_nang, typed):
    match = unit_resolve(typed, level="commune", province=da_nang)
    assert match.unit.full_name == "Phường Hội An"
    assert match.via_crosswalk
    assert match.legacy_unit.full_name == "Phường Minh An" and match.legacy_unit.edition == Edition.LEGACY


def test_an_old_code_is_read_as_old_before_the_reform_and_as_new_after(da_nang):
    assert unit_resolve("20194", level="commune").unit.full_name == "Phường Hải Vân"
    before = unit_resolve("20194", level="commune", on=dt.date(2024, 12, 31))
    assert before.via_crosswalk and before.legacy_unit.full_name == "Phường Hòa Hiệp Bắc"
    assert before.unit.full_name == "Phường Hải Vân"  # Hòa Hiệp Bắc is part of Hải Vân now


@pytest.mark.parametrize("typed", ["Quảng Nam", "Tỉnh Quảng Nam", "T. Quang Nam", "49"])
def test_an_old_province_resolves_to_its_successor(da_nang, typed):
    match = unit_resolve(typed, level="province")
    assert match.unit == da_nang and match.via_crosswalk and match.legacy_unit.code == "49"


@pytest.mark.parametrize("typed", ["Đà Nẵng", "TP. Đà Nẵng", "Thành phố Đà Nẵng", "tp da nang", "48"])
def test_a_current_province(da_nang, typed):
    match = unit_resolve(typed, level="province")
    assert match.unit == da_nang and not match.via_crosswalk


@pytest.mark.parametrize("typed", ["Thị xã Điện Bàn", "TX. Điện Bàn", "tx dien ban", "Điện Bàn"])
def test_districts_exist_only_before_the_reform(da_nang, typed):
    match = unit_resolve(typed, level="district", province="Quảng Nam")
    assert match.unit.full_name == "Thị xã Điện Bàn" and match.unit.edition == Edition.LEGACY


def test_a_name_in_several_provinces_is_ambiguous_until_the_province_is_given(da_nang):
    geo_load(only_province="46")
    match = unit_resolve("Hương Trà", level="commune")
    assert match.ambiguous and not match
    assert {u.province.code for u in match.candidates} == {"46", "48"}
    assert "Thành phố Huế" in match.candidates_label() and "Thành phố Đà Nẵng" in match.candidates_label()
    assert unit_resolve("Hương Trà", level="commune", province="Đà Nẵng").unit.province == da_nang
    assert unit_resolve("Hương Trà", level="commune", province="Thừa Thiên Huế").unit.province.code == "46"


def test_marks_and_the_old_district_settle_an_old_name_shared_in_a_province(da_nang):
    # Quảng Nam had Xã Tam Thanh (Tam Kỳ), Xã Tam Thành (Phú Ninh) and Xã Tam Thạnh (Núi Thành).
    unmarked = unit_resolve("Tam Thanh", level="commune", province="49")
    assert unmarked.ambiguous and unmarked.via_crosswalk
    assert {u.full_name for u in unmarked.candidates} == {"Xã Tam Thanh", "Xã Tam Thành", "Xã Tam Thạnh"}
    assert unit_resolve("Tam Thành", level="commune", province="49").unit.full_name == "Xã Tây Hồ"
    by_district = unit_resolve("Tam Thanh", level="commune", province="49", parent_text="TP. Tam Kỳ")
    assert by_district.unit.full_name == "Phường Quảng Phú" and by_district.legacy_unit.parent.name == "Tam Kỳ"


def test_numbered_wards_of_the_old_districts():
    geo_load(only_province="79")
    match = unit_resolve("P.01", level="commune", province="79")
    assert match.ambiguous and len(match.candidates) > 5
    q3 = unit_resolve("Phường 1", level="commune", province="Hồ Chí Minh", parent_text="Quận 3")
    assert q3.unit.full_name == "Phường Bàn Cờ" and q3.legacy_unit.parent.full_name == "Quận 3"
    assert unit_resolve("P1", level="commune", province="79", parent_text="Q.3").unit == q3.unit


def test_nothing_found_says_so(da_nang):
    match = unit_resolve("Không Có Thật", level="commune")
    assert not match and not match.candidates and "Không Có Thật" in match.problem
    assert not unit_resolve("", level="commune")
    assert "tỉnh" in unit_resolve("Hải Vân", level="commune", province="Sao Hỏa").problem


def test_the_province_filter_excludes_other_provinces(da_nang):
    geo_load(only_province="46")
    assert not unit_resolve("Hải Vân", level="commune", province="46")

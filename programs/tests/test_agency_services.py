"""An agency the task table names but the catalogue lacks, created from the import: who may, what is
refused, and the history row it leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Agency
from accounts.tests.factories import UserFactory
from core.roles import Role
from programs.services import create_agency_from_import

pytestmark = pytest.mark.django_db


def test_a_province_officer_adds_an_agency_to_their_province_with_history(personas):
    province = personas.geo.province
    agency = create_agency_from_import(
        actor=personas.province_officer, province=province, name="  Sở  Giáo dục và Đào tạo ", kind="so_nganh"
    )
    agency.refresh_from_db()
    assert (agency.name, agency.kind, agency.province, agency.code) == (
        "Sở Giáo dục và Đào tạo",
        "so_nganh",
        province,
        "so-giao-duc-va-dao-tao",
    )
    [history] = agency.history.all()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+",
        personas.province_officer,
        "Thêm khi nhập bảng nhiệm vụ",
    )


def test_codes_stay_unique_and_an_administrator_may_add_anywhere(personas):
    other = personas.geo.other_province
    first = create_agency_from_import(actor=personas.admin, province=other, name="Sở Xây dựng", kind="so_nganh")
    second = create_agency_from_import(
        actor=personas.admin, province=personas.geo.province, name="Sở Xây dựng", kind="so_nganh", reason="Nhập QĐ 3351"
    )
    assert (first.code, second.code) == ("so-xay-dung", "so-xay-dung-2")
    assert second.history.get().history_change_reason == "Nhập QĐ 3351"


@pytest.mark.parametrize(
    ("name", "kind", "field", "message"),
    [
        ("Sở Tài chính", "so_nganh", "name", "Danh mục đã có cơ quan “Sở Tài chính”"),
        ("SỞ TÀI CHÍNH", "so_nganh", "name", "Danh mục đã có cơ quan"),
        ("   ", "so_nganh", "name", "Chưa ghi tên cơ quan"),
        ("x" * 201, "so_nganh", "name", "dài quá 200 ký tự"),
        ("Sở Mới", "bo", "kind", "Loại cơ quan “bo” không có"),
    ],
)
def test_what_cannot_be_created_is_refused_and_nothing_is_written(name, kind, field, message, personas):
    before = Agency.objects.count()
    with pytest.raises(ValidationError) as refused:
        create_agency_from_import(actor=personas.province_officer, province=personas.geo.province, name=name, kind=kind)
    assert message in " ".join(refused.value.message_dict[field])
    assert Agency.objects.count() == before


def test_a_commune_or_a_district_unit_is_not_a_province(personas):
    with pytest.raises(ValidationError, match="phải thuộc một tỉnh"):
        create_agency_from_import(actor=personas.admin, province=personas.geo.commune_a, name="Sở Mới", kind="so_nganh")


@pytest.mark.parametrize("who", ["commune_officer", "department_officer", "other_province_officer", "anonymous"])
def test_who_does_not_manage_the_provinces_catalogue_is_refused(who, personas):
    from django.contrib.auth.models import AnonymousUser

    actors = {
        "other_province_officer": UserFactory(
            username="tinh_khac", roles=[Role.PROVINCE_OFFICER], province=personas.geo.other_province
        ),
        "anonymous": AnonymousUser(),
    }
    actor = actors.get(who) or getattr(personas, who)
    before = Agency.objects.count()
    with pytest.raises(PermissionDenied):
        create_agency_from_import(actor=actor, province=personas.geo.province, name="Sở Mới", kind="so_nganh")
    assert Agency.objects.count() == before

"""The list's year filters (founded, existing at year-end, ended, status on a date) and those the
evaluation app contributes (size class, rating of a year): what they select, how they refuse bad
values, and that the public cannot probe unpublished facts through them."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.test import APIClient

from registry.filters import parse_organization_filters
from registry.models import OrganizationKind, Status, StatusEvent
from registry.selectors import organization_list
from registry.tests.factories import OrganizationFactory

D = dt.date


@pytest.fixture
def lives(personas):
    """Cooperatives of commune A whose lives cross the 2024/2025 boundary."""
    a = personas.geo.commune_a

    def htx(name, founded, *events):
        org = OrganizationFactory(name=name, commune=a, founded_on=founded, kind=OrganizationKind.COOPERATIVE)
        for status, on, ends in events:
            StatusEvent.objects.create(organization=org, status=status, effective_on=on, ends_on=ends)
        return org

    return {
        "new_eve": htx("Lập 31/12/2024", D(2024, 12, 31)),
        "dissolved_eve": htx("Giải thể 31/12/2024", D(2010, 1, 1), (Status.DISSOLVED, D(2024, 12, 31), None)),
        "dissolved_new_year": htx("Giải thể 1/1/2025", D(2010, 1, 1), (Status.DISSOLVED, D(2025, 1, 1), None)),
        "converted": htx("Chuyển đổi 2024", D(2010, 1, 1), (Status.CONVERTED, D(2024, 6, 1), None)),
        "suspended": htx("Tạm ngừng 2024", D(2010, 1, 1), (Status.SUSPENDED, D(2024, 3, 1), D(2025, 2, 28))),
        "no_date": htx("Chưa rõ ngày lập", None, (Status.OPERATING, D(2024, 5, 5), None)),
    }


def names(user, params) -> set[str]:
    return {org.name for org in organization_list(user=user, filters=params)}


def test_year_filters_select_the_lives_that_cross_the_year(personas, lives):
    officer = personas.province_officer
    assert names(officer, {"founded_year": 2024}) == {"Lập 31/12/2024"}
    assert "Chưa rõ ngày lập" in names(officer, {"founded_year": 2015})  # no date: its first event (the factory's, 2015)
    assert names(officer, {"ended_year": 2024}) == {"Giải thể 31/12/2024", "Chuyển đổi 2024"}
    assert names(officer, {"ended_year": 2024, "ended_how": "dissolved"}) == {"Giải thể 31/12/2024"}
    assert names(officer, {"ended_year": 2024, "ended_how": "converted"}) == {"Chuyển đổi 2024"}
    existing = names(officer, {"exists_year": 2024, "kind": "htx"})
    assert {"Lập 31/12/2024", "Giải thể 1/1/2025", "Tạm ngừng 2024", "Chưa rõ ngày lập"} <= existing
    assert not existing & {"Giải thể 31/12/2024", "Chuyển đổi 2024"}
    assert names(officer, {"status": "suspended", "status_on": "2024-12-31"}) == {"Tạm ngừng 2024"}
    assert "Tạm ngừng 2024" in names(officer, {"status": "operating", "status_on": "2025-03-01"})  # the suspension ran out
    assert names(officer, {"status": "dissolved", "status_on": "2024-12-31"}) == {"Giải thể 31/12/2024"}


def test_rating_and_size_class_filters_read_the_results_of_the_year(personas, lives):
    from evaluation.models import YearResult

    YearResult.objects.create(organization=lives["suspended"], year=2024, rating="tot", size_class="nho")
    YearResult.objects.create(organization=lives["new_eve"], year=2024, rating="yeu", size_class="nho")
    YearResult.objects.create(organization=lives["new_eve"], year=2025, rating="kha", size_class="vua")
    officer = personas.province_officer
    assert names(officer, {"rating": ["tot", "kha"], "evaluation_year": 2024}) == {"Tạm ngừng 2024"}
    assert names(officer, {"rating": ["tot", "kha"], "evaluation_year": 2025}) == {"Lập 31/12/2024"}
    assert names(officer, {"size_class": ["nho"], "evaluation_year": 2024}) == {"Tạm ngừng 2024", "Lập 31/12/2024"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"founded_year": "năm ngoái"}, "founded_year", "Thành lập trong năm: hãy nhập một năm, ví dụ 2024."),
        ({"exists_year": "3000"}, "exists_year", "Còn tồn tại đến cuối năm: năm không hợp lệ."),
        ({"ended_how": "dissolved"}, "ended_how", "Hình thức chấm dứt: hãy chọn cả “Chấm dứt hoạt động trong năm”."),
        ({"ended_year": 2024, "ended_how": "merged"}, "ended_how", "Hình thức chấm dứt: không có lựa chọn “merged”."),
        ({"status": "suspended", "status_on": "31/02/2024"}, "status_on", "Tình trạng tại ngày: hãy nhập một ngày"),
        ({"status_on": "2024-12-31"}, "status_on", "Tình trạng tại ngày: hãy chọn cả “Tình trạng”."),
        ({"rating": ["tot"]}, "rating", "Xếp loại: hãy chọn cả “Năm phân loại, đánh giá”."),
        ({"rating": ["xuat_sac"], "evaluation_year": 2024}, "rating", "Xếp loại: không có lựa chọn “xuat_sac”."),
        ({"size_class": ["nho"], "evaluation_year": "x"}, "evaluation_year", "Năm phân loại, đánh giá: hãy nhập một năm"),
    ],
)
def test_bad_values_are_refused_with_a_message_naming_the_filter(personas, lives, params, field, message):
    filterset = parse_organization_filters(params, user=personas.province_officer)
    assert not filterset.is_valid()
    assert filterset.errors[field][0].startswith(message)
    # The API refuses the request, naming the filter.
    client = APIClient()
    client.force_authenticate(personas.province_officer)
    reply = client.get("/api/v1/organizations/", params)
    assert reply.status_code == 400 and reply.json()[field][0].startswith(message)


def test_the_list_page_shows_the_refusal_and_ignores_the_bad_filter(personas, lives, client_for):
    response = client_for(personas.province_officer).get("/to-chuc/", {"kind": "htx", "ended_how": "dissolved"})
    body = response.content.decode()
    assert "Hình thức chấm dứt: hãy chọn cả" in body
    assert response.context["page"].paginator.count == len(names(personas.province_officer, {"kind": "htx"}))


def test_the_list_page_offers_the_year_filters_with_vietnamese_labels(personas, client_for):
    body = client_for(personas.commune_officer).get("/to-chuc/").content.decode()
    for label in ("Thành lập trong năm", "Chấm dứt hoạt động trong năm", "Tình trạng tại ngày", "Xếp loại", "Quy mô"):
        assert label in body
    assert "Thành lập trong năm" not in client_for(None).get("/to-chuc/").content.decode()


def test_the_public_cannot_probe_endings_history_or_ratings(personas, lives):
    from evaluation.models import YearResult

    YearResult.objects.create(organization=lives["suspended"], year=2024, rating="tot", size_class="nho")
    public = AnonymousUser()
    everyone = names(public, {})
    assert names(public, {"ended_year": 2024}) == everyone
    assert names(public, {"status": "suspended", "status_on": "2024-12-31"}) == names(public, {"status": "suspended"})
    assert names(public, {"rating": ["tot"], "evaluation_year": 2024}) == everyone


def test_a_commune_officer_sees_only_their_commune_through_year_filters(personas, lives):
    OrganizationFactory(name="Lập 2024 xã khác", commune=personas.geo.commune_b, founded_on=D(2024, 3, 3))
    assert names(personas.commune_officer, {"founded_year": 2024}) == {"Lập 31/12/2024"}
    assert "Lập 2024 xã khác" in names(personas.province_officer, {"founded_year": 2024})


def test_a_former_area_lists_the_organizations_of_the_communes_formed_from_it(personas, client_for):
    geo = personas.geo
    OrganizationFactory(name="Ở phường A", commune=geo.commune_a)
    OrganizationFactory(name="Ở xã B", commune=geo.commune_b)
    OrganizationFactory(name="Ở phường C", commune=geo.commune_c)
    officer = personas.province_officer
    mine = {"Ở phường A", "Ở xã B", "Ở phường C"}
    assert names(officer, {"former_area": geo.legacy_commune_a1.pk}) & mine == {"Ở phường A"}  # A1 → A
    assert names(officer, {"former_area": geo.legacy_commune_b.pk}) & mine == {"Ở xã B"}
    assert names(officer, {"former_area": geo.legacy_district.pk}) & mine == {"Ở phường A", "Ở xã B"}
    assert names(officer, {"former_area": geo.legacy_province.pk}) & mine == {"Ở phường A", "Ở xã B"}
    assert len(names(officer, {})) > len(names(officer, {"former_area": geo.legacy_province.pk}))
    page = client_for(officer).get(reverse("registry:organization_list"), {"former_area": geo.legacy_district.pk})
    assert page.context["former_area"] == geo.legacy_district
    assert "Thị xã Điện Bàn" in page.content.decode()
    # A current unit is not a former area: a clear message, and nothing listed.
    filterset = parse_organization_filters({"former_area": geo.commune_a.pk}, user=officer)
    assert not filterset.is_valid()
    assert "Địa bàn trước 01/7/2025 đã chọn không tồn tại." in str(filterset.errors["former_area"])

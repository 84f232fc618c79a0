import datetime as dt
import re

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.models import AnnualReport, Organization, Status
from registry.tests.factories import AnnualReportFactory, MemberFactory, OrganizationFactory
from registry.tests.utils import registry_state


def api(user=None, token=False) -> APIClient:
    client = APIClient()
    if user is not None and token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def test_list_filters_and_searches_without_diacritics(personas):
    response = api(personas.province_officer).get("/api/v1/organizations/", {"q": "HOP TAC XA dien phuoc"})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Hợp tác xã Dịch vụ Nông nghiệp Điện Phước"]
    response = api(personas.province_officer).get(
        "/api/v1/organizations/", {"commune": personas.geo.commune_b.pk, "sort": "-name"}
    )
    assert [row["id"] for row in response.json()["results"]] == [personas.other_organization.pk]


def test_list_sorts_and_counts(personas):
    OrganizationFactory(commune=personas.geo.commune_c, name="Ánh Dương HTX")
    response = api(personas.province_officer).get("/api/v1/organizations/", {"sort": "name"})
    body = response.json()
    assert body["count"] == 3
    assert body["results"][0]["name"] == "Ánh Dương HTX"


def test_an_invalid_filter_is_a_400_with_the_field_named(personas):
    response = api(personas.province_officer).get("/api/v1/organizations/", {"commune": 999999})
    assert response.status_code == 400
    assert response.json()["commune"] == ["Xã, phường đã chọn không tồn tại."]


def test_the_public_gets_published_fields_of_operating_organizations(personas):
    Organization.objects.filter(pk=personas.other_organization.pk).update(current_status=Status.DISSOLVED, phone="0905")
    body = api().get("/api/v1/organizations/").json()
    ids = {row["id"] for row in body["results"]}
    assert personas.other_organization.pk not in ids and personas.organization.pk in ids
    assert set(body["results"][0]) <= {
        *("id kind is_credit_fund registration_code name short_name english_name address commune province".split()),
        *("field vsic_code main_business founded_on registered_on current_status commune_name".split()),
    }


def test_create_validates_in_vietnamese_and_names_fields(personas):
    before = registry_state()
    response = api(personas.commune_officer).post(
        "/api/v1/organizations/",
        {
            "name": "HTX Mới",
            "kind": "htx",
            "commune": personas.geo.commune_a.pk,
            "registration_code": "12-34",
            "field": "nong_nghiep",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "10 chữ số" in response.json()["registration_code"][0]
    assert registry_state() == before


def test_create_refuses_a_duplicate_code(personas):
    response = api(personas.province_officer).post(
        "/api/v1/organizations/",
        {
            "name": "HTX Trùng",
            "kind": "htx",
            "commune": personas.geo.commune_a.pk,
            "registration_code": personas.organization.registration_code,
            "field": "nong_nghiep",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "đã được dùng" in response.json()["registration_code"][0]


def test_create_refuses_a_commune_that_does_not_exist(personas):
    response = api(personas.admin).post(
        "/api/v1/organizations/", {"name": "HTX", "kind": "htx", "commune": 987654, "field": "nong_nghiep"}, format="json"
    )
    assert response.status_code == 400 and "commune" in response.json()


def test_create_and_update_with_token_authentication(personas):
    client = api(personas.commune_officer, token=True)
    response = client.post(
        "/api/v1/organizations/",
        {
            "name": "Hợp tác xã Điện Hòa",
            "kind": "htx",
            "commune": personas.geo.commune_a.pk,
            "vsic_code": "0111",
            "founded_on": "2022-02-02",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["field"] == "nong_nghiep" and body["current_status"] == "operating" and body["version"] == 1
    response = client.patch(f"/api/v1/organizations/{body['id']}/", {"address": "Thôn 2", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    org = Organization.objects.get(pk=body["id"])
    assert org.history.latest().history_user == personas.commune_officer


def test_a_stale_version_is_a_409(personas):
    client = api(personas.province_officer)
    url = f"/api/v1/organizations/{personas.organization.pk}/"
    assert client.patch(url, {"address": "Một", "version": 1}, format="json").status_code == 200
    response = client.patch(url, {"address": "Hai", "version": 1}, format="json")
    assert response.status_code == 409
    assert "vừa được người khác sửa" in response.json()["detail"]
    assert Organization.objects.get(pk=personas.organization.pk).address == "Một"


@pytest.mark.parametrize("kind", ["organization", "member", "annual report"])
def test_an_update_without_a_version_is_refused_with_428_and_nothing_changes(personas, kind):
    org = personas.organization
    record, url, change = {
        "organization": (org, f"/api/v1/organizations/{org.pk}/", {"address": "Thôn Mới"}),
        "member": (member := MemberFactory(organization=org), f"/api/v1/members/{member.pk}/", {"name": "Tên mới"}),
        "annual report": (
            report := AnnualReportFactory(organization=org, year=2023),
            f"/api/v1/annual-reports/{report.pk}/",
            {"members_official": 62},
        ),
    }[kind]
    before = type(record).objects.get(pk=record.pk).version
    response = api(personas.admin).patch(url, change, format="json")
    assert response.status_code == 428
    assert "version" in response.json()["version"][0]
    assert type(record).objects.get(pk=record.pk).version == before


def test_a_version_that_is_not_a_number_is_a_400_naming_the_field(personas):
    url = f"/api/v1/organizations/{personas.organization.pk}/"
    response = api(personas.admin).patch(url, {"address": "Thôn Mới", "version": "abc"}, format="json")
    assert response.status_code == 400 and "version" in response.json()


def test_status_events_are_appended_and_derive_the_status(personas):
    client = api(personas.commune_officer)
    response = client.post(
        "/api/v1/status-events/",
        {"organization": personas.organization.pk, "status": "dissolved", "effective_on": "2025-09-01", "decision_ref": "QĐ 5"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Organization.objects.get(pk=personas.organization.pk).current_status == Status.DISSOLVED
    events = client.get("/api/v1/status-events/", {"organization": personas.organization.pk}).json()["results"]
    assert [e["status"] for e in events] == ["operating", "dissolved"]


def test_a_suspension_without_end_date_is_a_400(personas):
    response = api(personas.commune_officer).post(
        "/api/v1/status-events/",
        {"organization": personas.organization.pk, "status": "suspended", "effective_on": "2025-09-01"},
        format="json",
    )
    assert response.status_code == 400 and "ends_on" in response.json()


def test_members_are_listed_searched_and_filtered_by_date(personas):
    MemberFactory(
        organization=personas.organization, name="Nguyễn Thị Hoa", joined_on=dt.date(2016, 1, 1), left_on=dt.date(2020, 1, 1)
    )
    MemberFactory(organization=personas.organization, name="Trần Văn Bình", joined_on=dt.date(2018, 1, 1))
    client = api(personas.cooperative)
    assert [m["name"] for m in client.get("/api/v1/members/", {"q": "nguyen thi hoa"}).json()["results"]] == ["Nguyễn Thị Hoa"]
    assert [m["name"] for m in client.get("/api/v1/members/", {"active_on": "2021-01-01"}).json()["results"]] == ["Trần Văn Bình"]


def test_a_member_cannot_move_to_another_organization(personas):
    member = MemberFactory(organization=personas.organization)
    response = api(personas.admin).patch(
        f"/api/v1/members/{member.pk}/",
        {"organization": personas.other_organization.pk, "version": member.version},
        format="json",
    )
    assert response.status_code == 400


def report(org, **changes):
    data = {
        "organization": org.pk,
        "year": 2024,
        "members_official": 60,
        "regular_workers": 12,
        "revenue": 2_500_000_000,
        "revenue_from_members": 1_000_000_000,
        "total_capital": 1_800_000_000,
    }
    return data | changes


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"regular_workers": -2}, "regular_workers"),
        ({"revenue_from_members": 9_000_000_000}, "revenue_from_members"),
        ({"year": 2010}, "year"),
        ({"members_official": "nhiều"}, "members_official"),
    ],
)
def test_bad_report_values_are_a_400_naming_the_field(personas, changes, field):
    response = api(personas.cooperative).post("/api/v1/annual-reports/", report(personas.organization, **changes), format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not AnnualReport.objects.exists()


def test_an_unusual_report_needs_confirm_warnings(personas):
    AnnualReportFactory(
        organization=personas.organization, year=2023, members_official=60, regular_workers=12, total_capital=1_800_000_000
    )
    client = api(personas.cooperative)
    response = client.post("/api/v1/annual-reports/", report(personas.organization, revenue=90_000_000_000), format="json")
    assert response.status_code == 400 and "revenue" in response.json() and "confirm_warnings" in response.json()
    response = client.post(
        "/api/v1/annual-reports/", report(personas.organization, revenue=90_000_000_000, confirm_warnings=True), format="json"
    )
    assert response.status_code == 201 and response.json()["confirmed_warnings"]


def test_the_schema_is_served_and_lists_the_registry_endpoints(personas, client_for):
    response = client_for(None).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/organizations/",
        "/api/v1/organizations/{id}/",
        "/api/v1/members/",
        "/api/v1/status-events/",
        "/api/v1/annual-reports/",
    ):
        assert path in paths
    assert client_for(None).get("/api/docs/").status_code == 200


def test_the_schema_validates_and_the_registry_causes_no_warnings(tmp_path, capsys):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(target))
    assert "/api/v1/annual-reports/" in target.read_text()
    output = capsys.readouterr()
    ours = [line for line in (output.err + output.out).splitlines() if re.search(r"(^|/)(registry|accounts)/\w+\.py", line)]
    assert ours == []


def test_a_cooperative_cannot_link_a_member_organization_outside_its_area_and_nothing_is_written(personas):
    from registry.models import Member

    client = api(personas.cooperative)
    payload = {"organization": personas.organization.pk, "name": "Thành viên pháp nhân", "kind": "official"}
    for foreign in (personas.other_organization, personas.outside_organization):
        response = client.post("/api/v1/members/", {**payload, "member_organization": foreign.pk}, format="json")
        assert response.status_code == 400 and "member_organization" in response.json()
    assert not Member.objects.filter(member_organization__isnull=False).exists()


def test_a_member_organization_outside_the_area_is_refused_by_the_service_too(personas):
    from django.core.exceptions import ValidationError

    from registry import services
    from registry.models import Member

    member = Member(organization=personas.organization, name="Thành viên", member_organization=personas.outside_organization)
    with pytest.raises(ValidationError) as refused:
        services.member_save(actor=personas.cooperative, member=member)
    assert "member_organization" in refused.value.message_dict
    assert not Member.objects.filter(name="Thành viên").exists()


@pytest.mark.parametrize("path", ["/api/v1/members/", "/api/v1/annual-reports/", "/api/v1/status-events/"])
def test_an_unknown_organization_and_one_outside_the_area_get_the_same_answer(personas, path):
    client = api(personas.commune_officer)
    missing = Organization.objects.order_by("-pk").first().pk + 1000
    answers = []
    for pk in (missing, personas.outside_organization.pk):
        response = client.post(path, {"organization": pk, "name": "X", "year": 2024, "status": "operating"}, format="json")
        answers.append((response.status_code, response.json()["organization"][0].replace(str(pk), "<id>")))
    assert answers[0] == answers[1] and answers[0][0] == 400


def test_the_api_refuses_an_unknown_sort_with_the_field(personas):
    response = api(personas.province_officer).get("/api/v1/organizations/", {"sort": "ten"})
    assert response.status_code == 400 and list(response.json()) == ["sort"]

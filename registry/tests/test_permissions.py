"""Every page and endpoint of the registry, for every persona: the right ones succeed, the wrong
ones get 403/404 (anonymous pages: a redirect to sign-in) and nothing changes in the database."""

import pytest
from django.urls import reverse

from registry.tests.factories import AnnualReportFactory, MemberFactory
from registry.tests.test_views import report_data
from registry.tests.utils import registry_state

PERSONAS = [
    "admin",
    "province_officer",
    "department_officer",
    "commune_officer",
    "other_commune_officer",
    "alliance_officer",
    "leader",
    "cooperative",
    "other_cooperative",
    "anonymous",
]
REGISTRARS = {"admin", "province_officer", "commune_officer"}
REPORTERS = REGISTRARS | {"cooperative"}
OUT_OF_AREA = {"other_commune_officer", "other_cooperative"}


def user_of(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


def expected_page(name, allowed):
    if name in allowed:
        return "ok"
    if name == "anonymous":
        return "login"
    return 404 if name in OUT_OF_AREA else 403


def check(response, expected, ok_codes):
    if expected == "ok":
        assert response.status_code in ok_codes, response.content[:500]
    elif expected == "login":
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    else:
        assert response.status_code == expected


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_detail_page(personas, client_for, name):
    response = client_for(user_of(personas, name)).get(reverse("registry:organization_detail", args=[personas.organization.pk]))
    assert response.status_code == (404 if name in OUT_OF_AREA else 200)


@pytest.mark.parametrize("name", PERSONAS)
def test_organizations_of_another_province_are_not_found(personas, client_for, name):
    response = client_for(user_of(personas, name)).get(
        reverse("registry:organization_detail", args=[personas.outside_organization.pk])
    )
    # The public sees every operating organization; officers only their area.
    assert response.status_code == (200 if name in ("admin", "anonymous") else 404)


def page_actions(personas):
    org = personas.organization
    member = MemberFactory(organization=org)
    report = AnnualReportFactory(organization=org, year=2023)
    return {
        "edit": (reverse("registry:organization_update", args=[org.pk]), {"name": "Đổi tên", "kind": "htx", "commune": org.commune_id, "field": "nong_nghiep", "registration_code": org.registration_code, "version": org.version}, REGISTRARS),
        "status": (reverse("registry:status_event_create", args=[org.pk]), {"status": "inactive", "effective_on": "2025-09-01"}, REGISTRARS),
        "member_add": (reverse("registry:member_create", args=[org.pk]), {"kind": "official", "member_type": "person", "name": "Người mới"}, REPORTERS),
        "member_edit": (reverse("registry:member_update", args=[org.pk, member.pk]), {"kind": "official", "member_type": "person", "name": "Tên mới", "version": member.version}, REPORTERS),
        "report_add": (reverse("registry:annual_report_create", args=[org.pk]), report_data(), REPORTERS),
        "report_edit": (reverse("registry:annual_report_update", args=[org.pk, report.pk]), report_data(year=2023, members_official=61, version=report.version), REPORTERS),
        "create": (reverse("registry:organization_create"), {"name": "HTX mới", "kind": "htx", "commune": org.commune_id, "field": "nong_nghiep"}, REGISTRARS),
    }  # fmt: skip


PAGE_CASES = [
    (name, action)
    for action in ("edit", "status", "member_add", "member_edit", "report_add", "report_edit", "create")
    for name in PERSONAS
    # The other commune's officer may create (in their commune): see the test just below.
    if not (action == "create" and name == "other_commune_officer")
]


@pytest.mark.parametrize(("name", "action"), PAGE_CASES)
def test_form_pages(personas, client_for, name, action):
    url, data, allowed = page_actions(personas)[action]
    client = client_for(user_of(personas, name))
    expected = expected_page(name, allowed)
    if action == "create" and name == "other_cooperative":
        expected = 403  # creating is not about one organization: no 404 to give
    check(client.get(url), expected, {200})
    before = registry_state()
    response = client.post(url, data)
    check(response, expected, {302})
    if expected != "ok":
        assert registry_state() == before
    else:
        assert registry_state() != before


def test_the_other_commune_officer_cannot_create_in_commune_a(personas, client_for):
    before = registry_state()
    data = {"name": "HTX mới", "kind": "htx", "commune": personas.geo.commune_a.pk, "field": "nong_nghiep"}
    response = client_for(personas.other_commune_officer).post(reverse("registry:organization_create"), data)
    assert response.status_code == 200 and "không thuộc địa bàn của bạn" in response.content.decode()
    assert registry_state() == before


def test_a_member_of_another_organization_is_not_found_under_this_one(personas, client_for):
    foreign = MemberFactory(organization=personas.other_organization)
    url = reverse("registry:member_update", args=[personas.organization.pk, foreign.pk])
    before = registry_state()
    assert (
        client_for(personas.cooperative).post(url, {"kind": "official", "member_type": "person", "name": "X"}).status_code == 404
    )
    assert registry_state() == before


# --- API -----------------------------------------------------------------------------------


def expected_api(name, allowed):
    if name in allowed:
        return "ok"
    if name == "anonymous":
        return 401  # accounts.tokens: unauthenticated API requests are told how to authenticate
    return 404 if name in OUT_OF_AREA else 403


@pytest.mark.parametrize("name", PERSONAS)
def test_api_organization_detail(personas, client_for, name):
    response = client_for(user_of(personas, name)).get(f"/api/v1/organizations/{personas.organization.pk}/")
    assert response.status_code == (404 if name in OUT_OF_AREA else 200)
    if name == "anonymous":
        assert "legal_representative" not in response.json() and "version" not in response.json()


def api_actions(personas):
    org = personas.organization
    member = MemberFactory(organization=org)
    report = AnnualReportFactory(organization=org, year=2023)
    return {
        "org_patch": ("patch", f"/api/v1/organizations/{org.pk}/", {"address": "Thôn Mới", "version": org.version}, REGISTRARS),
        "status_post": ("post", "/api/v1/status-events/", {"organization": org.pk, "status": "inactive", "effective_on": "2025-09-01"}, REGISTRARS),
        "member_post": ("post", "/api/v1/members/", {"organization": org.pk, "name": "Người mới"}, REPORTERS),
        "member_patch": ("patch", f"/api/v1/members/{member.pk}/", {"name": "Tên mới", "version": member.version}, REPORTERS),
        "report_post": ("post", "/api/v1/annual-reports/", {"organization": org.pk, "year": 2024, "members_official": 60, "regular_workers": 12, "revenue": 2_500_000_000, "total_capital": 1_800_000_000}, REPORTERS),
        "report_patch": ("patch", f"/api/v1/annual-reports/{report.pk}/", {"members_official": 62, "version": report.version}, REPORTERS),
        "org_post": ("post", "/api/v1/organizations/", {"name": "HTX mới", "kind": "htx", "commune": org.commune_id, "field": "nong_nghiep"}, REGISTRARS),
    }  # fmt: skip


@pytest.mark.parametrize(
    "action", ["org_patch", "status_post", "member_post", "member_patch", "report_post", "report_patch", "org_post"]
)
@pytest.mark.parametrize("name", PERSONAS)
def test_api_writes(personas, client_for, name, action):
    method, url, data, allowed = api_actions(personas)[action]
    expected = expected_api(name, allowed)
    if action == "org_post" and expected == 404:
        expected = 403  # the commune exists; it is just not theirs
    if action in ("status_post", "member_post", "report_post") and expected == 404:
        expected = 400  # the organization in the body is unknown to them, as an id that does not exist
    before = registry_state()
    response = getattr(client_for(user_of(personas, name)), method)(url, data, content_type="application/json")
    if expected == "ok":
        assert response.status_code in (200, 201), response.content
        assert registry_state() != before
    else:
        assert response.status_code == expected, response.content
        assert registry_state() == before


@pytest.mark.parametrize("endpoint", ["members", "status-events", "annual-reports"])
@pytest.mark.parametrize("name", PERSONAS)
def test_api_child_lists_are_scoped(personas, client_for, name, endpoint):
    MemberFactory(organization=personas.organization)
    AnnualReportFactory(organization=personas.organization, year=2024)
    response = client_for(user_of(personas, name)).get(f"/api/v1/{endpoint}/")
    if name == "anonymous":
        assert response.status_code == 401
        return
    organizations = {row["organization"] for row in response.json()["results"]}
    if name in OUT_OF_AREA:
        assert personas.organization.pk not in organizations
    else:
        assert personas.organization.pk in organizations
    assert personas.outside_organization.pk not in organizations or name == "admin"

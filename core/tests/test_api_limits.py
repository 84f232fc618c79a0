"""Every API list is paged with a ceiling, and every client is throttled (core.api_limits)."""

import pytest
from rest_framework.test import APIClient

from registry.tests.factories import MemberFactory


@pytest.fixture
def officer_api(personas):
    client = APIClient()
    client.force_authenticate(personas.province_officer)
    return client


def test_a_page_never_holds_more_than_the_maximum_whatever_limit_is_asked(personas, officer_api, settings):
    settings.HOPTAC_API_MAX_LIMIT = 3
    MemberFactory.create_batch(5, organization=personas.organization)
    page = officer_api.get("/api/v1/members/", {"limit": 100000}).json()
    assert page["count"] >= 5 and len(page["results"]) == 3


@pytest.mark.parametrize("limit", ["99999999999999999999", "100000", "-1", "abc", "1e9"])
def test_a_huge_or_malformed_limit_is_answered_anonymously_without_an_error(personas, limit):
    response = APIClient().get("/api/v1/organizations/", {"limit": limit, "offset": "99999999999999999999"})
    assert response.status_code == 200
    response = APIClient().get("/api/v1/organizations/", {"limit": limit})
    assert response.status_code == 200 and len(response.json()["results"]) <= 500


def test_anonymous_clients_are_throttled_per_address(personas, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/minute"}}
    statuses = [APIClient().get("/api/v1/organizations/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_signed_in_clients_are_throttled_per_account(personas, officer_api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "2/minute"}}
    assert [officer_api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
    other = APIClient()
    other.force_authenticate(personas.leader)
    assert other.get("/api/v1/me/").status_code == 200

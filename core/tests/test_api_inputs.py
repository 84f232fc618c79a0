"""The API's 500s of issue #15, each now a 4xx: unchecked ids in paths, years and ids in filters that are
fractional, zero or beyond the database's integers, and a repayment without its amount (whose refusal
for a user without the right comes before any validation)."""

import pytest
from rest_framework.test import APIClient

from support.models import LoanRepayment
from support.tests.factories import FundLoanFactory


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("pk", ["false", "null,null", "1.5", "-1"])
def test_a_target_id_that_is_not_a_number_is_not_found(personas, pk):
    officer = api(personas.province_officer)
    assert officer.get(f"/api/v1/indicators/targets/{pk}/").status_code == 404
    assert officer.delete(f"/api/v1/indicators/targets/{pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/ho-tro/ban-ghi/", "/api/v1/ho-tro/hoat-dong/"])
@pytest.mark.parametrize("year", ["0.0", "0", "2024.5", "1e308", "99999999999999999999", "-5"])
def test_a_year_that_is_no_calendar_year_is_a_400_naming_it(personas, url, year):
    response = api(personas.province_officer).get(url, {"year": year})
    assert response.status_code == 400 and "year" in response.json()


def test_a_whole_year_still_filters(personas):
    assert api(personas.province_officer).get("/api/v1/ho-tro/ban-ghi/", {"year": "2024.0"}).status_code == 200


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/evaluation/classifications/", "commune"),
        ("/api/v1/ho-tro/ban-ghi/", "commune"),
        ("/api/v1/admin-units/", "province"),
        ("/api/v1/unit-successions/", "new_unit"),
    ],
)
@pytest.mark.parametrize("value", ["-18446744073709551617", "99999999999999999999", "1e308", "1.5", "0"])
def test_an_id_filter_out_of_range_or_fractional_is_a_400(personas, url, name, value):
    response = api(personas.province_officer).get(url, {name: value})
    assert response.status_code == 400 and name in response.json()


def test_a_repayment_without_principal_is_refused_to_an_outsider_before_validation_and_explained_to_the_alliance(personas):
    loan = FundLoanFactory(borrower=personas.organization)
    url = f"/api/v1/ho-tro/lien-minh/khoan-vay/{loan.pk}/repayments/"
    assert api(personas.cooperative).post(url, {"paid_on": "2023-07-10"}, format="json").status_code == 403
    response = api(personas.alliance_officer).post(url, {"paid_on": "2023-07-10"}, format="json")
    assert response.status_code == 400 and "principal" in response.json()
    assert not LoanRepayment.objects.exists()

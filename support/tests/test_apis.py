import pytest
from rest_framework.test import APIClient

from support.models import FundLoan, SupportRecord
from support.tests.factories import FundLoanFactory, SupportRecordFactory

RECORDS = "/api/v1/ho-tro/ban-ghi/"
LOANS = "/api/v1/ho-tro/lien-minh/khoan-vay/"


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _payload(personas, policy, **overrides):
    return {
        "organization": personas.organization.pk,
        "policy": policy.pk,
        "supported_on": "2023-05-10",
        "amount": 45_000_000,
        **overrides,
    }


def test_an_agency_creates_a_record_through_the_api(personas, policy):
    response = api(personas.commune_officer).post(RECORDS, _payload(personas, policy), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["agency"] == personas.commune_officer.agency_id
    assert SupportRecord.objects.get().amount == 45_000_000


def test_bad_input_gets_vietnamese_messages_and_writes_nothing(personas, policy):
    response = api(personas.commune_officer).post(
        RECORDS, _payload(personas, policy, amount=-1, supported_on="2019-01-01"), format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["amount"] == ["Kinh phí hỗ trợ không được âm."]
    assert SupportRecord.objects.count() == 0


@pytest.mark.parametrize("persona", ["cooperative", "other_commune_officer", "leader"])
def test_the_wrong_people_are_refused_and_nothing_changes(personas, policy, persona):
    response = api(getattr(personas, persona)).post(RECORDS, _payload(personas, policy), format="json")
    assert response.status_code == 403
    assert SupportRecord.objects.count() == 0


def test_anonymous_visitors_get_nothing(personas, policy):
    SupportRecordFactory(organization=personas.organization, policy=policy)
    assert api(None).get(RECORDS).status_code in (401, 403)
    assert api(None).post(RECORDS, _payload(personas, policy), format="json").status_code in (401, 403)
    assert SupportRecord.objects.count() == 1


def test_lists_are_scoped_and_filterable(personas, policy):
    SupportRecordFactory(organization=personas.organization, policy=policy)
    SupportRecordFactory(organization=personas.other_organization, policy=policy)
    assert api(personas.province_officer).get(RECORDS).json()["count"] == 2
    assert api(personas.cooperative).get(RECORDS).json()["count"] == 1
    assert api(personas.province_officer).get(RECORDS, {"commune": personas.geo.commune_b.pk}).json()["count"] == 1


def test_an_update_with_a_stale_version_is_refused(personas, policy):
    client = api(personas.commune_officer)
    created = client.post(RECORDS, _payload(personas, policy), format="json").json()
    assert client.patch(f"{RECORDS}{created['id']}/", {"amount": 1_000_000, "version": 1}, format="json").status_code == 200
    stale = client.patch(f"{RECORDS}{created['id']}/", {"amount": 2_000_000, "version": 1}, format="json")
    assert stale.status_code == 409 and "người khác sửa" in stale.json()["detail"]
    assert SupportRecord.objects.get().amount == 1_000_000


def test_an_update_without_a_version_is_refused_with_428(personas, policy):
    client = api(personas.commune_officer)
    created = client.post(RECORDS, _payload(personas, policy), format="json").json()
    response = client.patch(f"{RECORDS}{created['id']}/", {"amount": 2_000_000}, format="json")
    assert response.status_code == 428 and "version" in response.json()
    assert SupportRecord.objects.get().amount == created["amount"]


def test_another_agency_cannot_delete(personas, policy):
    record = SupportRecordFactory(organization=personas.organization, policy=policy)
    assert api(personas.commune_officer).delete(f"{RECORDS}{record.pk}/").status_code == 403
    assert SupportRecord.objects.filter(pk=record.pk).exists()


def test_the_alliance_creates_a_loan_whose_schedule_must_add_up(personas):
    loan = {
        "contract_no": "07/2024",
        "borrower": personas.organization.pk,
        "principal": 200_000_000,
        "annual_rate": "6.5",
        "term_months": 12,
        "disbursed_on": "2024-01-15",
        "schedule": [{"due_on": "2024-07-15", "principal": 100_000_000}, {"due_on": "2025-01-15", "principal": 90_000_000}],
    }
    refused = api(personas.alliance_officer).post(LOANS, loan, format="json")
    assert refused.status_code == 400 and "schedule" in refused.json()
    assert FundLoan.objects.count() == 0
    loan["schedule"][1]["principal"] = 100_000_000
    assert api(personas.province_officer).post(LOANS, loan, format="json").status_code == 403
    created = api(personas.alliance_officer).post(LOANS, loan, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["position"]["outstanding"] == 200_000_000


def test_repayments_update_the_position(personas):
    loan = FundLoanFactory(borrower=personas.organization)
    url = f"{LOANS}{loan.pk}/repayments/"
    assert (
        api(personas.cooperative).post(url, {"paid_on": "2023-07-10", "principal": 75_000_000}, format="json").status_code == 403
    )
    assert (
        api(personas.alliance_officer).post(url, {"paid_on": "2023-07-10", "principal": 75_000_000}, format="json").status_code
        == 201
    )
    position = api(personas.cooperative).get(f"{LOANS}{loan.pk}/", {"on": "2024-02-01"}).json()["position"]
    assert position["outstanding"] == 225_000_000
    assert position["overdue_principal"] == 75_000_000  # the instalment of 10/01/2024 is unpaid
    assert position["status"] == "overdue"


def test_support_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/ho-tro/ban-ghi/", "/api/v1/ho-tro/hoat-dong/", "/api/v1/ho-tro/lien-minh/khoan-vay/{id}/repayments/"):
        assert path in schema

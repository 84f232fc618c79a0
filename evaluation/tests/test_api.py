"""API: rule sets, classifications, assessments and workflow actions; refusals change nothing."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.batch import evaluate_year
from evaluation.models import Assessment
from evaluation.tests.helpers import scores_totalling
from registry.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def state():
    return list(Assessment.objects.order_by("pk").values_list("status", "scores", "version"))


def test_rule_sets_are_readable(personas, client_for):
    client = client_for(personas.commune_officer)
    codes = {row["code"] for row in client.get("/api/v1/evaluation/rule-sets/").json()}
    assert {"ND113-2024", "TT01-2020", "TT01-2020-quy-mo", "TT01-2020-thoi-han"} <= codes
    detail = client.get("/api/v1/evaluation/rule-sets/TT01-2020/").json()
    assert detail["groups"][2]["verification"] == "provisional"
    assert detail["bands"][0] == {"code": "tot", "label": "Tốt", "min": 80.0, "verification": "secondary"}
    assert client.get("/api/v1/evaluation/rule-sets/khong-co/").status_code == 404
    assert client_for(None).get("/api/v1/evaluation/rule-sets/").status_code in (401, 403)


def test_classifications_are_scoped(personas, client_for):
    AnnualReportFactory(organization=personas.organization, year=YEAR, members_official=230, revenue=12_400_000_000)
    AnnualReportFactory(organization=personas.other_organization, year=YEAR)
    evaluate_year(YEAR)
    mine = client_for(personas.cooperative).get("/api/v1/evaluation/classifications/", {"year": YEAR}).json()["results"]
    assert [r["organization"] for r in mine] == [personas.organization.pk]
    assert mine[0]["size_class"] == "vua"
    province = client_for(personas.province_officer).get("/api/v1/evaluation/classifications/", {"year": YEAR}).json()
    assert province["count"] == 2


def test_the_workflow_through_the_api(personas, client_for):
    AnnualReportFactory(organization=personas.organization, year=YEAR)
    coop = client_for(personas.cooperative)
    created = coop.post(
        "/api/v1/evaluation/assessments/",
        {"organization": personas.organization.pk, "year": YEAR},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    url = f"/api/v1/evaluation/assessments/{pk}/"
    version = created.json()["version"]
    refused = coop.post(url + "scores/", {"scores": {"1a": "6.5"}, "version": version}, content_type="application/json")
    assert refused.status_code == 400 and "vượt điểm tối đa 6" in refused.json()["non_field_errors"][0]
    reasons = {code: "Theo sổ kế toán" for code in created.json()["prefills"]}
    saved = coop.post(
        url + "scores/",
        {"scores": scores_totalling(77), "override_reasons": reasons, "version": version},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.json()
    assert coop.post(url + "confirm/", {"supervisor_name": "Phạm Kiểm"}, content_type="application/json").status_code == 200
    # 15/12/2025 has passed: without a reason the submission is refused.
    late = coop.post(url + "submit/", {}, content_type="application/json")
    assert late.status_code == 400 and "Đã quá hạn gửi phiếu (15/12/2025)" in late.json()["late_reason"][0]
    assert (
        coop.post(url + "submit/", {"late_reason": "Đại hội thành viên họp muộn"}, content_type="application/json").status_code
        == 200
    )
    assert Assessment.objects.get(pk=pk).status == "submitted"
    before = state()
    assert client_for(personas.cooperative).post(url + "accept/", {}, content_type="application/json").status_code == 403
    assert (
        client_for(personas.other_commune_officer).post(url + "accept/", {}, content_type="application/json").status_code == 404
    )
    assert state() == before
    accepted = client_for(personas.commune_officer).post(url + "accept/", {"comment": "Đạt"}, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["rating"] == "kha"


def test_the_cooperative_sees_only_its_own_assessments(personas, client_for):
    services.assessment_start(user=personas.cooperative, organization=personas.organization, year=YEAR)
    services.assessment_start(user=personas.other_cooperative, organization=personas.other_organization, year=YEAR)
    mine = client_for(personas.cooperative).get("/api/v1/evaluation/assessments/").json()["results"]
    assert [a["organization"] for a in mine] == [personas.organization.pk]
    other_pk = Assessment.objects.get(organization=personas.other_organization).pk
    before = state()
    response = client_for(personas.cooperative).post(
        f"/api/v1/evaluation/assessments/{other_pk}/scores/", {"scores": {"1a": "1"}}, content_type="application/json"
    )
    assert response.status_code == 404
    response = client_for(personas.cooperative).post(
        "/api/v1/evaluation/assessments/",
        {"organization": personas.other_organization.pk, "year": YEAR},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert state() == before


def test_the_schema_lists_the_endpoints(personas, client_for):
    schema = client_for(personas.admin).get(reverse("api-schema")).content.decode()
    for path in (
        "/api/v1/evaluation/rule-sets/",
        "/api/v1/evaluation/classifications/",
        "/api/v1/evaluation/assessments/{id}/accept/",
    ):
        assert path in schema

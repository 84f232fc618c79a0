import pytest
from rest_framework.test import APIClient

from programs.models import ProgressReport, ReportState

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_workflow_runs_through_the_api(setup, personas):
    officer, reviewer = api(personas.commune_officer), api(personas.province_officer)
    created = officer.post("/api/v1/progress-reports/", {"assignment": setup.lead.pk, "period": "2024"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = officer.patch(
        f"/api/v1/progress-reports/{pk}/", {"results": "Đã làm", "percent_done": 40, "version": 1}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert officer.post(f"/api/v1/progress-reports/{pk}/submit/").json()["state"] == "submitted"
    refused = reviewer.post(f"/api/v1/progress-reports/{pk}/return/", {"comment": ""}, format="json")
    assert refused.status_code == 400 and "comment" in refused.json()
    returned = reviewer.post(f"/api/v1/progress-reports/{pk}/return/", {"comment": "Bổ sung"}, format="json").json()
    assert returned["state"] == "returned" and returned["review_comment"] == "Bổ sung"
    stale = officer.patch(f"/api/v1/progress-reports/{pk}/", {"results": "Bản cũ", "version": 1}, format="json")
    assert stale.status_code == 409  # someone saved since version 1
    fixed = officer.patch(
        f"/api/v1/progress-reports/{pk}/", {"results": "Đã làm đủ", "version": returned["version"]}, format="json"
    )
    assert fixed.status_code == 200, fixed.content
    officer.post(f"/api/v1/progress-reports/{pk}/submit/")
    approved = reviewer.post(f"/api/v1/progress-reports/{pk}/approve/", {}, format="json").json()
    assert approved["state"] == "approved"
    assert [t["to_state"] for t in approved["transitions"]] == ["draft", "submitted", "returned", "submitted", "approved"]
    locked = officer.patch(f"/api/v1/progress-reports/{pk}/", {"results": "Sửa", "version": approved["version"]}, format="json")
    assert locked.status_code == 400
    assert ProgressReport.objects.get(pk=pk).results == "Đã làm đủ"


def test_refusals_change_nothing(setup, personas):
    created = api(personas.commune_officer).post(
        "/api/v1/progress-reports/", {"assignment": setup.lead.pk, "period": "2024"}, format="json"
    )
    pk = created.json()["id"]
    before = ProgressReport.objects.values().get(pk=pk)
    assert (
        api(personas.alliance_officer)
        .patch(f"/api/v1/progress-reports/{pk}/", {"results": "x", "version": 1}, format="json")
        .status_code
        == 403
    )
    assert api(personas.alliance_officer).post(f"/api/v1/progress-reports/{pk}/submit/").status_code == 403
    assert api(personas.commune_officer).post(f"/api/v1/progress-reports/{pk}/approve/").status_code in (400, 403)
    assert api(personas.cooperative).get(f"/api/v1/progress-reports/{pk}/").status_code == 404
    assert api(None).get("/api/v1/progress-reports/").status_code in (401, 403)
    opened = api(personas.alliance_officer).post(
        "/api/v1/progress-reports/", {"assignment": setup.lead.pk, "period": "2023"}, format="json"
    )
    assert opened.status_code == 403
    assert ProgressReport.objects.values().get(pk=pk) == before
    assert ProgressReport.objects.count() == 1


def test_programs_are_listed_to_officers_and_to_the_public_only_when_published(setup, personas):
    assert api(personas.leader).get("/api/v1/programs/").json()["count"] == 1
    assert api(None).get("/api/v1/programs/").json()["count"] == 0
    assert api(None).get("/api/v1/program-tasks/").json()["count"] == 0
    setup.program.is_published = True
    setup.program.save()
    assert api(None).get("/api/v1/programs/").json()["count"] == 1
    tasks = api(None).get("/api/v1/program-tasks/").json()["results"]
    assert tasks[0]["number"] == "1.1" and {a["role"] for a in tasks[0]["assignments"]} == {"lead", "coordinating"}


def test_the_board_endpoint_gives_the_screens_counts(setup, personas):
    data = api(personas.leader).get(f"/api/v1/programs/{setup.program.pk}/board/?year=2024").json()
    assert data["task_total"] == 1 and data["status_counts"]["overdue"] == 1
    assert {c["agency"] for c in data["cells"]} == {setup.lead.agency_id, setup.coordinating.agency_id}
    assert api(personas.leader).get(f"/api/v1/programs/{setup.program.pk}/board/?year=2040").status_code == 400


def test_the_endpoints_are_in_the_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/programs/",
        "/api/v1/program-tasks/",
        "/api/v1/program-assignments/",
        "/api/v1/progress-reports/{id}/approve/",
    ):
        assert path in schema
    assert ReportState.RETURNED.value in schema


def test_a_report_update_without_a_version_is_refused_with_428(setup, personas):
    officer = api(personas.commune_officer)
    created = officer.post("/api/v1/progress-reports/", {"assignment": setup.lead.pk, "period": "2024"}, format="json")
    pk = created.json()["id"]
    response = officer.patch(f"/api/v1/progress-reports/{pk}/", {"results": "Không kèm phiên bản"}, format="json")
    assert response.status_code == 428 and "version" in response.json()
    assert officer.get(f"/api/v1/progress-reports/{pk}/").json()["results"] == created.json()["results"]


def test_the_board_endpoint_names_a_wrong_year_and_opens_on_the_default_one(setup, personas):
    wrong = api(personas.leader).get(f"/api/v1/programs/{setup.program.pk}/board/?year=abc")
    assert wrong.status_code == 400 and list(wrong.json()) == ["year"]
    assert api(personas.leader).get(f"/api/v1/programs/{setup.program.pk}/board/").status_code == 200

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import BatchStatus, ImportBatch
from imports.tests.helpers import REPORT_HEADER, xlsx
from registry.models import AnnualReport


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


def _book(code):
    return SimpleUploadedFile("bc.xlsx", xlsx({"S": [REPORT_HEADER, [1, code, "", "", 2024, 10, 2, 1]]}))


@pytest.mark.django_db
def test_the_api_uploads_commits_and_undoes(personas, client_for):
    client = client_for(personas.cooperative)
    created = client.post(
        "/api/v1/import-batches/", {"kind": "annual_reports", "file": _book(personas.organization.registration_code)}
    )
    assert created.status_code == 201 and created.json()["created_count"] == 1
    pk = created.json()["id"]
    assert client.get(f"/api/v1/import-batches/{pk}/").json()["rejected_rows"] == []
    assert [b["id"] for b in client.get("/api/v1/import-batches/").json()] == [pk]
    assert (
        client.post(f"/api/v1/import-batches/{pk}/commit/", {}, content_type="application/json").json()["status"] == "committed"
    )
    assert AnnualReport.objects.count() == 1
    assert client.post(f"/api/v1/import-batches/{pk}/undo/").json()["status"] == "undone"
    assert AnnualReport.objects.count() == 0


@pytest.mark.django_db
def test_the_api_refuses_others_and_anonymous(personas, client_for):
    client = client_for(personas.cooperative)
    pk = client.post(
        "/api/v1/import-batches/", {"kind": "annual_reports", "file": _book(personas.organization.registration_code)}
    ).json()["id"]
    assert client_for(personas.other_cooperative).post(f"/api/v1/import-batches/{pk}/commit/").status_code == 404
    assert client_for(None).get("/api/v1/import-batches/").status_code in (401, 403)
    assert (
        client_for(personas.leader).post("/api/v1/import-batches/", {"kind": "annual_reports", "file": _book("1")}).status_code
        == 403
    )
    assert ImportBatch.objects.get().status == BatchStatus.READY and not AnnualReport.objects.exists()


@pytest.mark.django_db
def test_the_endpoints_are_in_the_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/import-batches/", "/api/v1/import-batches/{id}/commit/", "/api/v1/import-batches/{id}/undo/"):
        assert path in schema


@pytest.mark.django_db
def test_the_api_refuses_a_commit_for_an_organization_the_user_no_longer_represents(personas, client_for):
    client = client_for(personas.cooperative)
    organization = personas.organization
    created = client.post("/api/v1/import-batches/", {"kind": "annual_reports", "file": _book(organization.registration_code)})
    assert created.json()["created_count"] == 1
    organization.representatives.remove(personas.cooperative)  # no longer theirs since the preview
    response = client.post(f"/api/v1/import-batches/{created.json()['id']}/commit/", {}, content_type="application/json")
    assert response.status_code == 400
    assert organization.name in response.json()["detail"][0] and "tải tệp lên lại" in response.json()["detail"][0]
    assert ImportBatch.objects.get(pk=created.json()["id"]).status == BatchStatus.READY
    assert not AnnualReport.objects.exists() and not AnnualReport.history.exists()

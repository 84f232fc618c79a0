"""The consolidated report built on the task queue: the page's button queues it, the real worker
(`manage.py worker`) builds and stores it, the status page offers it; only those who may read the
program's reports see the status page or download the file; a failed build shows its message;
old documents are deleted by the nightly retention."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from docx import Document

from accounts.tests.factories import AgencyFactory, UserFactory
from core.roles import Role
from programs import documents
from programs.consolidated import ReportOptions
from programs.models import DocumentStatus, GeneratedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def outsider(personas):
    """A province officer of another province, with an agency there."""
    province = personas.geo.other_province
    agency = AgencyFactory(code="so-khac", name="Sở Tài chính tỉnh khác", kind="so_nganh", province=province)
    return UserFactory(username="tinh_khac", roles=[Role.PROVINCE_OFFICER], province=province, agency=agency)


def _queue(client, program, fmt="docx", capture=None):
    url = reverse("programs:consolidated_request", args=[program.pk, fmt])
    with capture(execute=True):
        return client.post(url, {"year": 2024, "number": "12"})


def test_the_button_queues_the_report_and_the_worker_builds_the_file_offered_on_the_status_page(
    setup, personas, client_for, run_worker, django_capture_on_commit_callbacks
):
    client = client_for(personas.province_officer)
    response = _queue(client, setup.program, capture=django_capture_on_commit_callbacks)
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and response.url == reverse("programs:document_status", args=[document.pk])
    assert document.status == DocumentStatus.QUEUED and not document.file
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY and queued.task_path == documents.build_document_task.module_path
    waiting = client.get(response.url)
    assert "Đang chờ" in waiting.content.decode() and 'hx-trigger="load delay:3s"' in waiting.content.decode()
    assert client.get(reverse("programs:document_download", args=[document.pk])).status_code == 404

    run_worker()

    document.refresh_from_db()
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert document.status == DocumentStatus.DONE and document.finished_at is not None
    assert Path(document.file.path).is_relative_to(Path(document.file.storage.location) / "generated")
    ready = client.get(response.url, headers={"HX-Request": "true"})
    body = ready.content.decode()
    assert "Đã xong" in body and reverse("programs:document_download", args=[document.pk]) in body
    assert "hx-trigger" not in body  # polling stops once the file is there
    download = client.get(reverse("programs:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith(f'filename="bao-cao-chuong-trinh-{setup.program.pk}-2024.docx"')
    report = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert any(setup.program.title.lower() in p.text.lower() for p in report.paragraphs)


def test_the_status_page_reads_in_english_too(setup, personas, client_for, django_capture_on_commit_callbacks, db_tasks):
    client = client_for(personas.province_officer)
    response = _queue(client, setup.program, capture=django_capture_on_commit_callbacks)
    client.cookies["django_language"] = "en"
    body = client.get(response.url, headers={"Accept-Language": "en"}).content.decode()
    assert "Waiting" in body and "Building the consolidated report" in body


@pytest.mark.parametrize("who", ["outsider", "cooperative", "anonymous"])
def test_those_who_may_not_read_the_program_reports_get_no_status_no_file_and_create_nothing(
    who, setup, personas, outsider, client_for, run_worker, django_capture_on_commit_callbacks
):
    document = documents.document_request(
        user=personas.province_officer, program=setup.program, options=ReportOptions(year=2024), fmt="docx"
    )
    documents.document_build(document.pk)
    user = {"outsider": outsider, "cooperative": personas.cooperative, "anonymous": None}[who]
    client = client_for(user)
    refused = (302, 403, 404)
    assert client.get(reverse("programs:document_status", args=[document.pk])).status_code in refused
    assert client.get(reverse("programs:document_download", args=[document.pk])).status_code in refused
    response = _queue(client, setup.program, capture=django_capture_on_commit_callbacks)
    assert response.status_code in refused
    if who == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))
    assert GeneratedDocument.objects.count() == 1 and not DBTaskResult.objects.exists()


def test_a_get_of_the_build_address_is_refused_and_creates_nothing(setup, personas, client_for, db_tasks):
    response = client_for(personas.province_officer).get(
        reverse("programs:consolidated_request", args=[setup.program.pk, "docx"])
    )
    assert response.status_code == 405 and not GeneratedDocument.objects.exists()


def test_a_failed_build_shows_its_message(
    setup, personas, client_for, run_worker, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("LibreOffice không chạy được")

    monkeypatch.setitem(documents.BUILDERS, "pdf", broken)
    client = client_for(personas.province_officer)
    response = _queue(client, setup.program, fmt="pdf", capture=django_capture_on_commit_callbacks)
    run_worker()
    document = GeneratedDocument.objects.get()
    assert document.status == DocumentStatus.FAILED and not document.file
    body = client.get(response.url).content.decode()
    assert "Không lập được" in body and "LibreOffice không chạy được" in body and 'id="document-error"' in body
    assert client.get(reverse("programs:document_download", args=[document.pk])).status_code == 404


def test_documents_older_than_the_retention_are_deleted_with_their_files(setup, personas, settings, db_tasks):
    settings.HOPTAC_DOCUMENT_RETENTION_DAYS = 7
    old, recent = (
        documents.document_request(
            user=personas.province_officer, program=setup.program, options=ReportOptions(year=2024), fmt="docx"
        )
        for _ in range(2)
    )
    for document in (old, recent):
        documents.document_build(document.pk)
    GeneratedDocument.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    old_path = Path(GeneratedDocument.objects.get(pk=old.pk).file.path)
    assert old_path.exists()

    assert documents.documents_expire() == 1

    assert not old_path.exists()
    assert list(GeneratedDocument.objects.values_list("pk", flat=True)) == [recent.pk]
    assert Path(GeneratedDocument.objects.get(pk=recent.pk).file.path).exists()


def test_a_build_interrupted_by_a_dead_worker_is_marked_failed_by_the_sweep(
    setup, personas, client_for, db_tasks, django_capture_on_commit_callbacks
):
    client = client_for(personas.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        dead, waiting = (
            documents.document_request(
                user=personas.province_officer, program=setup.program, options=ReportOptions(year=2024), fmt="docx"
            )
            for _ in range(2)
        )
    GeneratedDocument.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    GeneratedDocument.objects.filter(pk=dead.pk).update(status=DocumentStatus.RUNNING)
    # The dead one's task was taken by a worker that no longer beats; the other still waits in the queue.
    task_of_dead = next(r for r in DBTaskResult.objects.all() if r.args_kwargs["args"] == [dead.pk])
    DBTaskResult.objects.filter(pk=task_of_dead.pk).update(status=TaskResultStatus.RUNNING, worker_ids=["gone"])

    assert documents.stale_documents_sweep() == 1

    dead.refresh_from_db()
    waiting.refresh_from_db()
    assert dead.status == DocumentStatus.FAILED and waiting.status == DocumentStatus.QUEUED
    body = client.get(reverse("programs:document_status", args=[dead.pk])).content.decode()
    assert "gián đoạn" in body and "hx-trigger" not in body


def test_the_retention_and_the_sweep_are_in_the_one_schedule():
    from crontask import scheduler

    from programs import tasks

    triggers = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='2', minute='45'" in triggers[tasks.expire_documents.name]
    assert "minute='*/10'" in triggers[tasks.sweep_stale_documents.name]

"""The consolidated report built on the task queue (reports.queued, kind programs-consolidated): the
page's button queues it, the real worker (`manage.py worker`) builds and stores it, the status page
offers it; everyone who may read the program's reports sees the status page and downloads the file,
not only the person who asked, and nobody else; a failed build shows its message; old documents are
deleted by the nightly retention and interrupted builds marked failed by the sweep, those of reports."""

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
from reports import queued
from reports.models import QueuedDocument, QueuedStatus
from reports.tests.helpers import assert_the_sweep_fails_the_interrupted_one

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
    document = QueuedDocument.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:queued_status", args=[document.pk])
    assert document.kind == documents.KIND and document.params["program"] == setup.program.pk
    assert document.status == QueuedStatus.QUEUED and not document.file
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.READY and task.task_path == queued.build_queued_document_task.module_path
    waiting = client.get(response.url)
    assert "Đang chờ" in waiting.content.decode() and 'hx-trigger="load delay:2s"' in waiting.content.decode()
    back = reverse("programs:program_detail", args=[setup.program.pk]) + "?year=2024"
    assert f'href="{back}"' in waiting.content.decode()  # the way back to the program's page
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404

    run_worker()

    document.refresh_from_db()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert document.status == QueuedStatus.DONE and document.finished_at is not None
    assert Path(document.file.path).is_relative_to(Path(document.file.storage.location) / "generated")
    ready = client.get(response.url, headers={"HX-Request": "true"})
    body = ready.content.decode()
    assert "Đã xong" in body and reverse("reports:queued_download", args=[document.pk]) in body
    assert "hx-trigger" not in body  # polling stops once the file is there
    download = client.get(reverse("reports:queued_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith(f'filename="bao-cao-chuong-trinh-{setup.program.pk}-2024.docx"')
    report = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert any(setup.program.title.lower() in p.text.lower() for p in report.paragraphs)


def test_the_status_page_reads_in_english_too(setup, personas, client_for, django_capture_on_commit_callbacks, db_tasks):
    client = client_for(personas.province_officer)
    response = _queue(client, setup.program, capture=django_capture_on_commit_callbacks)
    client.cookies["django_language"] = "en"
    body = client.get(response.url, headers={"Accept-Language": "en"}).content.decode()
    assert "Waiting" in body and "Consolidated report of the action program" in body


def _built(user, program, fmt="docx") -> QueuedDocument:
    document = documents.consolidated_request(user=user, program=program, options=ReportOptions(year=2024), fmt=fmt)
    queued.document_build(document.pk)
    document.refresh_from_db()
    return document


@pytest.mark.parametrize("who", ["outsider", "cooperative", "anonymous"])
def test_those_who_may_not_read_the_program_reports_get_no_status_no_file_and_create_nothing(
    who, setup, personas, outsider, client_for, run_worker, django_capture_on_commit_callbacks
):
    document = _built(personas.province_officer, setup.program)
    assert document.status == QueuedStatus.DONE
    user = {"outsider": outsider, "cooperative": personas.cooperative, "anonymous": None}[who]
    client = client_for(user)
    refused = (302, 403, 404)
    assert client.get(reverse("reports:queued_status", args=[document.pk])).status_code in refused
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code in refused
    response = _queue(client, setup.program, capture=django_capture_on_commit_callbacks)
    assert response.status_code in refused
    if who == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))
    assert QueuedDocument.objects.count() == 1 and not DBTaskResult.objects.exists()


@pytest.mark.parametrize("who", ["leader", "commune_officer", "admin"])
def test_everyone_who_may_read_the_program_reports_sees_the_status_and_downloads_the_file(
    who, setup, personas, client_for, db_tasks
):
    """The report is the program's, the same for all its readers: not only the person who asked."""
    document = _built(personas.province_officer, setup.program)
    client = client_for(getattr(personas, who))
    status = client.get(reverse("reports:queued_status", args=[document.pk]))
    assert status.status_code == 200 and reverse("reports:queued_download", args=[document.pk]) in status.content.decode()
    download = client.get(reverse("reports:queued_download", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == document.file.open("rb").read()


def test_a_program_moved_out_of_the_reader_scope_closes_its_documents(setup, personas, outsider, client_for, db_tasks):
    """The rule is read at each request, not when the document was built."""
    document = _built(personas.province_officer, setup.program)
    client = client_for(personas.leader)
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 200
    setup.program.province = personas.geo.other_province
    setup.program.save()
    assert client.get(reverse("reports:queued_status", args=[document.pk])).status_code == 404
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404
    assert client_for(outsider).get(reverse("reports:queued_download", args=[document.pk])).status_code == 200


def test_an_asker_who_lost_the_right_gets_a_failure_not_the_program(setup, personas, client_for, db_tasks):
    """The worker rebuilds as the person who asked: out of their scope by then, nothing is built."""
    document = documents.consolidated_request(
        user=personas.province_officer, program=setup.program, options=ReportOptions(year=2024), fmt="docx"
    )
    setup.program.province = personas.geo.other_province
    setup.program.save()
    queued.document_build(document.pk)
    document.refresh_from_db()
    assert document.status == QueuedStatus.FAILED and not document.file and "không còn quyền" in document.error


def test_a_get_of_the_build_address_is_refused_and_creates_nothing(setup, personas, client_for, db_tasks):
    response = client_for(personas.province_officer).get(
        reverse("programs:consolidated_request", args=[setup.program.pk, "docx"])
    )
    assert response.status_code == 405 and not QueuedDocument.objects.exists()


def test_a_failed_build_shows_its_message(
    setup, personas, client_for, run_worker, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("LibreOffice không chạy được")

    monkeypatch.setitem(documents.BUILDERS, "pdf", broken)
    client = client_for(personas.province_officer)
    response = _queue(client, setup.program, fmt="pdf", capture=django_capture_on_commit_callbacks)
    run_worker()
    document = QueuedDocument.objects.get()
    assert document.status == QueuedStatus.FAILED and not document.file
    body = client.get(response.url).content.decode()
    assert "Không lập được" in body and "LibreOffice không chạy được" in body and 'id="document-error"' in body
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404


def test_documents_older_than_the_retention_are_deleted_with_their_files(setup, personas, settings, db_tasks):
    settings.HOPTAC_DOCUMENT_RETENTION_DAYS = 7
    old, recent = (_built(personas.province_officer, setup.program) for _ in range(2))
    QueuedDocument.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    old_path = Path(QueuedDocument.objects.get(pk=old.pk).file.path)
    assert old_path.exists()

    assert queued.documents_expire() == 1

    assert not old_path.exists()
    assert list(QueuedDocument.objects.values_list("pk", flat=True)) == [recent.pk]
    assert Path(QueuedDocument.objects.get(pk=recent.pk).file.path).exists()


def test_a_build_interrupted_by_a_dead_worker_is_marked_failed_by_the_sweep(
    setup, personas, client_for, db_tasks, django_capture_on_commit_callbacks
):
    client = client_for(personas.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        dead, waiting = (
            documents.consolidated_request(
                user=personas.province_officer, program=setup.program, options=ReportOptions(year=2024), fmt="docx"
            )
            for _ in range(2)
        )
    assert_the_sweep_fails_the_interrupted_one(dead, waiting, client)


def test_the_retention_and_the_sweep_are_in_the_one_schedule_once():
    """The reports' jobs cover the program's documents; programs schedules no second copy of them."""
    from crontask import scheduler

    from programs import tasks as programs_tasks
    from reports import tasks

    jobs = scheduler.get_jobs()
    triggers = {job.name: str(job.trigger) for job in jobs}
    assert "hour='2', minute='50'" in triggers[tasks.expire_queued_documents.name]
    assert "minute='*/10'" in triggers[tasks.sweep_stale_queued_documents.name]
    scheduled = {job.func.__self__.module_path for job in jobs}  # each job enqueues its Task
    assert {path for path in scheduled if path.startswith("programs.")} == {programs_tasks.send_daily_reminders.module_path}

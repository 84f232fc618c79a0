"""Large documents on the task queue (reports.queued): the evaluation summary DOCX and the
plan-vs-actual DOCX. The page's button queues the build, the real worker (`manage.py worker`)
rebuilds it as the person who asked and stores it, the status page offers it to that person only,
unless the kind's `may_read` hook says otherwise; a failed build shows its message; the nightly retention deletes old files; the sweep marks
interrupted builds failed."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from docx import Document

from evaluation.batch import evaluate_year
from evaluation.tests.helpers import accepted, cooperative
from indicators.catalogue import load_catalogue
from indicators.tests.fixtures import build
from reports import queued
from reports.models import QueuedDocument, QueuedStatus
from reports.tests.helpers import assert_the_sweep_fails_the_interrupted_one

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rated(personas):
    organization = cooperative(personas.geo.commune_a, members=230, revenue=12_400_000_000)
    accepted(organization, YEAR, 80)
    evaluate_year(YEAR)
    return organization


def _post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_the_evaluation_summary_docx_is_built_by_the_worker_and_offered_on_its_status_page(
    personas, rated, client_for, run_worker, django_capture_on_commit_callbacks
):
    client = client_for(personas.province_officer)
    response = _post(client, reverse("evaluation:results_document"), {"year": YEAR}, django_capture_on_commit_callbacks)
    document = QueuedDocument.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:queued_status", args=[document.pk])
    assert document.status == QueuedStatus.QUEUED and document.params == {"year": YEAR, "commune": None, "group": "commune"}
    task = DBTaskResult.objects.get()
    assert task.task_path == queued.build_queued_document_task.module_path and task.status == TaskResultStatus.READY
    waiting = client.get(response.url).content.decode()
    assert "Đang chờ" in waiting and 'hx-trigger="load delay:2s"' in waiting
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404

    run_worker()

    document.refresh_from_db()
    assert document.status == QueuedStatus.DONE and document.finished_at is not None
    assert Path(document.file.path).is_relative_to(Path(document.file.storage.location) / "generated")
    body = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Đã xong" in body and "hx-trigger" not in body and reverse("reports:queued_download", args=[document.pk]) in body
    download = client.get(reverse("reports:queued_download", args=[document.pk]))
    assert download["Content-Disposition"].endswith(f'filename="Tong hop phan loai danh gia HTX {YEAR}.docx"')
    direct = client.get(reverse("evaluation:results"), {"year": YEAR, "format": "docx"}).content
    assert "1 hợp tác xã đạt loại tốt, khá" in _text(
        b"".join(download.streaming_content)
    ) and "1 hợp tác xã đạt loại tốt, khá" in _text(direct)


def test_the_worker_builds_the_document_as_the_person_who_asked(
    personas, rated, client_for, run_worker, django_capture_on_commit_callbacks
):
    """The commune B officer's summary holds commune B only, as their page does."""
    client = client_for(personas.other_commune_officer)
    _post(client, reverse("evaluation:results_document"), {"year": YEAR}, django_capture_on_commit_callbacks)
    run_worker()
    document = QueuedDocument.objects.get()
    text = _text(document.file.read())
    assert personas.geo.commune_b.full_name in text and personas.geo.commune_a.full_name not in text


def test_the_plan_actual_docx_is_built_by_the_worker_with_the_same_rows_as_the_direct_path(
    personas, client_for, run_worker, django_capture_on_commit_callbacks
):
    build(personas.geo)
    load_catalogue()
    client = client_for(personas.province_officer)
    response = _post(client, reverse("indicators:plan_actual_document"), {"year": 2025}, django_capture_on_commit_callbacks)
    document = QueuedDocument.objects.get()
    assert (
        response.url == reverse("reports:queued_status", args=[document.pk])
        and document.filename == "ke-hoach-thuc-hien-2025.docx"
    )
    run_worker()
    document.refresh_from_db()
    assert document.status == QueuedStatus.DONE
    table = Document(io.BytesIO(document.file.read())).tables[-2]
    assert any(row.cells[1].text.startswith("Số hợp tác xã thành lập mới") and row.cells[4].text == "2" for row in table.rows)


@pytest.mark.parametrize("who", ["cooperative", None])
def test_those_who_may_not_read_the_plan_get_nothing_queued(
    who, personas, client_for, django_capture_on_commit_callbacks, db_tasks
):
    client = client_for(getattr(personas, who) if who else None)
    response = _post(client, reverse("indicators:plan_actual_document"), {"year": 2025}, django_capture_on_commit_callbacks)
    assert response.status_code in (302, 403) and (who is None or response.status_code == 403)
    assert not QueuedDocument.objects.exists() and not DBTaskResult.objects.exists()


def test_an_anonymous_request_of_the_summary_queues_nothing(client, django_capture_on_commit_callbacks, db_tasks):
    response = _post(client, reverse("evaluation:results_document"), {"year": YEAR}, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and not QueuedDocument.objects.exists() and not DBTaskResult.objects.exists()


def test_a_commune_outside_the_scope_is_refused_and_queues_nothing(
    personas, client_for, django_capture_on_commit_callbacks, db_tasks
):
    client = client_for(personas.commune_officer)
    data = {"year": YEAR, "commune": personas.geo.commune_b.pk}
    response = _post(client, reverse("evaluation:results_document"), data, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and not QueuedDocument.objects.exists() and not DBTaskResult.objects.exists()


def test_a_get_of_the_build_addresses_is_refused(personas, client_for, db_tasks):
    client = client_for(personas.province_officer)
    assert client.get(reverse("evaluation:results_document")).status_code == 405
    assert client.get(reverse("indicators:plan_actual_document")).status_code == 405
    assert not QueuedDocument.objects.exists()


def test_only_the_person_who_asked_sees_the_status_and_the_file(personas, rated, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = queued.document_request(
            user=personas.province_officer,
            kind="evaluation-summary",
            params={"year": YEAR, "commune": None, "group": "commune"},
            filename="a.docx",
        )
    document.refresh_from_db()
    assert document.status == QueuedStatus.DONE  # the immediate backend of the tests built it at once
    for other in (personas.commune_officer, personas.admin, personas.leader):
        client = client_for(other)
        assert client.get(reverse("reports:queued_status", args=[document.pk])).status_code == 404
        assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404
    assert client_for(None).get(reverse("reports:queued_download", args=[document.pk])).status_code == 302


def _open_kind(monkeypatch, may_read, calls=None) -> queued.QueuedKind:
    """A kind whose file is a fixed text and whose readers `may_read` decides (each call recorded)."""

    def recorded(document, user):
        if calls is not None:
            calls.append((document.pk, user.username))
        return may_read(document, user)

    kind = queued.QueuedKind("test-open", "Văn bản thử", lambda params, user: b"noi dung", may_read=recorded)
    monkeypatch.setitem(queued._KINDS, kind.key, kind)
    return kind


def _asked(user, capture, kind="test-open") -> QueuedDocument:
    with capture(execute=True):
        document = queued.document_request(user=user, kind=kind, params={}, filename="thu.docx")
    document.refresh_from_db()
    assert document.status == QueuedStatus.DONE
    return document


def test_by_default_only_the_person_who_asked_may_read():
    kind = queued.QueuedKind("k", "l", lambda params, user: b"")
    assert kind.may_read is queued.requester_only


def test_a_kind_may_read_hook_opens_the_status_and_the_file_to_the_readers_it_names(
    personas, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    _open_kind(monkeypatch, lambda document, user: user.username in ("tinh", "lanhdao"), calls)
    document = _asked(personas.province_officer, django_capture_on_commit_callbacks)
    for reader in (personas.province_officer, personas.leader):
        client = client_for(reader)
        status = client.get(reverse("reports:queued_status", args=[document.pk]))
        assert status.status_code == 200 and reverse("reports:queued_download", args=[document.pk]) in status.content.decode()
        download = client.get(reverse("reports:queued_download", args=[document.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"noi dung"
    for other in (personas.commune_officer, personas.admin):
        client = client_for(other)
        assert client.get(reverse("reports:queued_status", args=[document.pk])).status_code == 404
        assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404
    # The hook is asked with the document and the signed-in reader, at every request.
    assert (document.pk, "lanhdao") in calls and (document.pk, "xa") in calls and len(calls) == 8


def test_the_hook_is_the_whole_rule_the_person_who_asked_is_not_implied(
    personas, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    """A kind that opens its document to a program's readers closes it to an asker who no longer is one."""
    _open_kind(monkeypatch, lambda document, user: user.username == "lanhdao")
    document = _asked(personas.province_officer, django_capture_on_commit_callbacks)
    client = client_for(personas.province_officer)
    assert client.get(reverse("reports:queued_status", args=[document.pk])).status_code == 404
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404
    assert client_for(personas.leader).get(reverse("reports:queued_download", args=[document.pk])).status_code == 200


def test_an_anonymous_visitor_never_reaches_the_hook(personas, client_for, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    _open_kind(monkeypatch, lambda document, user: True, calls)
    document = _asked(personas.province_officer, django_capture_on_commit_callbacks)
    anonymous = client_for(None)
    for name in ("reports:queued_status", "reports:queued_download"):
        response = anonymous.get(reverse(name, args=[document.pk]))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert calls == []
    assert not queued.may_read(document, AnonymousUser())


def test_a_document_of_a_kind_no_longer_registered_is_nobodys(
    personas, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    """Not a server error for its asker either (an app removed, a kind renamed)."""
    _open_kind(monkeypatch, lambda document, user: True)
    document = _asked(personas.province_officer, django_capture_on_commit_callbacks)
    monkeypatch.delitem(queued._KINDS, "test-open")
    client = client_for(personas.province_officer)
    assert client.get(reverse("reports:queued_status", args=[document.pk])).status_code == 404
    assert client.get(reverse("reports:queued_download", args=[document.pk])).status_code == 404


def test_a_failed_build_shows_its_message(personas, client_for, run_worker, monkeypatch, django_capture_on_commit_callbacks):
    def broken(params, user):
        raise RuntimeError("hết bộ nhớ")

    monkeypatch.setitem(queued._KINDS, "evaluation-summary", queued.QueuedKind("evaluation-summary", "x", broken))
    client = client_for(personas.province_officer)
    response = _post(client, reverse("evaluation:results_document"), {"year": YEAR}, django_capture_on_commit_callbacks)
    run_worker()
    document = QueuedDocument.objects.get()
    assert document.status == QueuedStatus.FAILED and not document.file
    body = client.get(response.url).content.decode()
    assert "Không lập được văn bản: hết bộ nhớ" in body and 'id="document-error"' in body


def test_documents_older_than_the_retention_are_deleted_with_their_files(
    personas, rated, settings, django_capture_on_commit_callbacks
):
    settings.HOPTAC_DOCUMENT_RETENTION_DAYS = 7
    params = {"year": YEAR, "commune": None, "group": "commune"}
    with django_capture_on_commit_callbacks(execute=True):
        old, recent = (
            queued.document_request(
                user=personas.province_officer, kind="evaluation-summary", params=params, filename=f"{n}.docx"
            )
            for n in ("old", "recent")
        )
    QueuedDocument.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    old_path = Path(QueuedDocument.objects.get(pk=old.pk).file.path)
    assert old_path.exists()
    assert queued.documents_expire() == 1
    assert not old_path.exists() and list(QueuedDocument.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_build_interrupted_by_a_dead_worker_is_marked_failed_by_the_sweep(
    personas, client_for, db_tasks, django_capture_on_commit_callbacks
):
    params = {"year": YEAR, "commune": None, "group": "commune"}
    with django_capture_on_commit_callbacks(execute=True):
        dead, waiting = (
            queued.document_request(
                user=personas.province_officer, kind="evaluation-summary", params=params, filename=f"{n}.docx"
            )
            for n in ("dead", "waiting")
        )
    assert_the_sweep_fails_the_interrupted_one(dead, waiting, client_for(personas.province_officer))


def test_the_retention_and_the_sweep_are_in_the_one_schedule():
    from crontask import scheduler

    from reports import tasks

    triggers = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='2', minute='50'" in triggers[tasks.expire_queued_documents.name]
    assert "minute='*/10'" in triggers[tasks.sweep_stale_queued_documents.name]

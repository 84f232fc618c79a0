"""Imports on the real queue: an upload is stored as a task, the worker (`manage.py worker`)
processes it; the scheduled sweep resumes or fails interrupted batches; old uploads are deleted."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from core import heartbeat
from imports import upkeep
from imports.liveness import is_processing, mark_processing
from imports.models import BatchStatus, ImportBatch, ImportRow
from imports.services import batch_process, batch_process_task, batch_upload
from imports.specs import ImportKind
from imports.tests.helpers import REPORT_HEADER, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HOPTAC_IMPORT_BACKGROUND = True


def _book(*codes) -> bytes:
    return xlsx({"Bao cao": [REPORT_HEADER] + [[i, code, "", "", 2024, 10, 2, 1] for i, code in enumerate(codes, start=1)]})


def _batch(personas, *, status=BatchStatus.PENDING, age=dt.timedelta(hours=1)) -> ImportBatch:
    content = _book(personas.organization.registration_code)
    batch = batch_upload(actor=personas.commune_officer, kind=ImportKind.ANNUAL_REPORTS, content=content, file_name="bc.xlsx")
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, created_at=timezone.now() - age)
    batch.refresh_from_db()
    return batch


def test_an_upload_waits_in_the_queue_until_the_worker_processes_it(
    run_worker, personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:batch_list"),
            {
                "kind": ImportKind.ANNUAL_REPORTS,
                "file": SimpleUploadedFile("bc.xlsx", _book(personas.organization.registration_code)),
            },
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == BatchStatus.PENDING
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY and queued.task_path == batch_process_task.module_path

    run_worker()

    batch.refresh_from_db()
    queued.refresh_from_db()
    assert batch.status == BatchStatus.READY and batch.created_count == 1
    assert queued.status == TaskResultStatus.SUCCESSFUL and queued.worker_ids == ["test-worker"]
    # The worker beat while it ran, and says it is idle now.
    state = heartbeat.latest_state()
    assert state["worker"] == "test-worker" and state["busy_since"] is None


def test_a_batch_whose_worker_died_is_processed_again_once_by_the_sweep(run_worker, personas):
    batch = _batch(personas, status=BatchStatus.VALIDATING)
    ImportRow.objects.create(batch=batch, sheet="Bao cao", row_number=2, action="create", data={})
    dead = batch_process_task.enqueue(batch.pk)
    DBTaskResult.objects.filter(pk=dead.id).update(status=TaskResultStatus.RUNNING, worker_ids=["gone"])

    assert upkeep.stale_batches_sweep() == {"resumed": 1, "failed": 0}

    batch.refresh_from_db()
    assert batch.status == BatchStatus.PENDING and "gián đoạn" in batch.message
    assert not batch.rows.exists()  # what the interrupted run staged is dropped
    assert DBTaskResult.objects.get(pk=dead.id).status == TaskResultStatus.FAILED
    run_worker()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and batch.created_count == 1 and batch.rows_total == 1


def test_a_batch_interrupted_twice_is_marked_failed_with_a_message(db_tasks, personas):
    batch = _batch(personas, status=BatchStatus.READING)
    for _ in range(upkeep.MAX_ATTEMPTS):
        attempt = batch_process_task.enqueue(batch.pk)
        DBTaskResult.objects.filter(pk=attempt.id).update(status=TaskResultStatus.RUNNING, worker_ids=["gone"])

    assert upkeep.stale_batches_sweep() == {"resumed": 0, "failed": 1}

    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert batch.message == "Việc xử lý lô bị gián đoạn (máy chủ khởi động lại) và không thể tiếp tục. Hãy tải tệp lên lại."
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


def test_the_sweep_leaves_batches_that_a_live_worker_runs_or_that_wait_in_the_queue(db_tasks, personas):
    running, queued = _batch(personas, status=BatchStatus.VALIDATING), _batch(personas)
    heartbeat.beat(worker_id="alive", busy_since=timezone.now().timestamp(), task=batch_process_task.module_path)
    attempt = batch_process_task.enqueue(running.pk)
    DBTaskResult.objects.filter(pk=attempt.id).update(status=TaskResultStatus.RUNNING, worker_ids=["alive"])
    batch_process_task.enqueue(queued.pk)
    recent = _batch(personas, status=BatchStatus.READING, age=dt.timedelta(minutes=1))
    inline = _batch(personas, status=BatchStatus.VALIDATING)  # `manage.py import_workbook` reading it, no task
    mark_processing(inline.pk)

    assert upkeep.stale_batches_sweep() == {"resumed": 0, "failed": 0}
    batches = [running, queued, recent, inline]
    assert [b.status for b in ImportBatch.objects.filter(pk__in=[b.pk for b in batches]).order_by("pk")] == [
        BatchStatus.VALIDATING,
        BatchStatus.PENDING,
        BatchStatus.READING,
        BatchStatus.VALIDATING,
    ]


def test_processing_keeps_its_batch_marked_as_being_worked_on(db, personas):
    batch = _batch(personas)
    assert not is_processing(batch.pk)
    batch_process(batch=batch)
    assert is_processing(batch.pk)


def test_the_scheduled_sweep_runs_through_the_worker(run_worker, personas):
    batch = _batch(personas, status=BatchStatus.READING)
    from imports.tasks import sweep_stale_batches

    sweep_stale_batches.enqueue()
    run_worker()  # runs the sweep, then the processing it queued

    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY


def _age(path: Path, days: int) -> None:
    moment = (timezone.now() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))


def test_uploads_of_finished_batches_are_deleted_after_the_retention_period(db, personas, settings):
    settings.HOPTAC_UPLOAD_RETENTION_DAYS = 30
    old = timezone.now() - dt.timedelta(days=31)
    committed = _batch(personas)
    ImportBatch.objects.filter(pk=committed.pk).update(status=BatchStatus.COMMITTED, committed_at=old)
    refused = _batch(personas, status=BatchStatus.REFUSED, age=dt.timedelta(days=31))
    undone = _batch(personas)
    ImportBatch.objects.filter(pk=undone.pk).update(status=BatchStatus.UNDONE, undone_at=old)
    recent = _batch(personas)
    ImportBatch.objects.filter(pk=recent.pk).update(status=BatchStatus.COMMITTED, committed_at=timezone.now())
    waiting = _batch(personas, status=BatchStatus.READY, age=dt.timedelta(days=60))
    orphan = Path(settings.MEDIA_ROOT) / "imports" / "2020" / "01" / "left.xlsx"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    _age(orphan, 40)
    paths = {b.pk: Path(b.file.path) for b in (committed, refused, undone, recent, waiting)}

    assert upkeep.uploads_expire() == 4

    assert not orphan.exists()
    for batch in (committed, refused, undone):
        batch.refresh_from_db()
        assert not batch.file and not paths[batch.pk].exists()
    for batch in (recent, waiting):
        batch.refresh_from_db()
        assert batch.file and paths[batch.pk].exists()


def test_the_schedule_sweeps_every_ten_minutes_and_expires_uploads_nightly():
    from crontask import scheduler

    from imports.tasks import expire_uploads, sweep_stale_batches

    triggers = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "minute='*/10'" in triggers[sweep_stale_batches.name]
    assert "hour='2', minute='30'" in triggers[expire_uploads.name]


def test_the_worker_writes_a_batchs_messages_in_the_language_of_the_person_who_uploaded_it(personas):
    """Row errors are stored as text: an officer reading English gets them in English, though the
    worker runs in the server's default language."""
    content = _book("0000000000")  # no such organization
    with translation.override("en"):
        batch = batch_upload(actor=personas.commune_officer, kind=ImportKind.ANNUAL_REPORTS, content=content, file_name="bc.xlsx")
    assert batch.options["language"] == "en"
    with translation.override("vi"):
        batch_process_task.call(batch.pk)
    errors = " ".join(row.reason for row in ImportRow.objects.filter(batch=batch))
    assert "Không tìm thấy" not in errors and "0000000000" in errors, errors
    with translation.override("vi"):
        batch_vi = batch_upload(
            actor=personas.commune_officer, kind=ImportKind.ANNUAL_REPORTS, content=content, file_name="bc.xlsx"
        )
    with translation.override("en"):
        batch_process_task.call(batch_vi.pk)
    assert "Không tìm thấy" in " ".join(row.reason for row in ImportRow.objects.filter(batch=batch_vi))

"""The upgrade that moved the program's consolidated reports onto reports.queued (programs 0004, 0005):
each stored GeneratedDocument becomes a QueuedDocument the program's readers can still open, with its
file where it was, its asker and its request time (so the retention deletes it on its day); a
document whose asker's account is gone is dropped with its file; one still waiting is marked failed by
the reports' sweep. Migrates the test database back and forth: transactional, so the schema changes
are real (SQLite and PostgreSQL)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from reports import queued
from reports.models import QueuedDocument, QueuedStatus

BEFORE = [("programs", "0003_generated_document"), ("reports", "0002_queued_document")]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_generated_documents_become_queued_documents_the_program_readers_still_open(setup, personas, media, client_for, db_tasks):
    old_apps = _migrate(BEFORE)
    try:
        GeneratedDocument = old_apps.get_model("programs", "GeneratedDocument")
        options = {"year": 2024, "number": "12", "signer_title": "", "signer_name": ""}
        asked = timezone.now() - dt.timedelta(days=2)

        def stored(name, **fields):
            document = GeneratedDocument.objects.create(program_id=setup.program.pk, fmt="docx", options=options, **fields)
            if name:  # the historical model keeps the old upload_to: generated/programs/<program>/<name>
                document.file.save(name, ContentFile(name.encode()), save=True)
            GeneratedDocument.objects.filter(pk=document.pk).update(created_at=asked)
            return GeneratedDocument.objects.get(pk=document.pk)

        done = stored(
            "bao-cao-chuong-trinh-2024.docx",
            filename="bao-cao-chuong-trinh-2024.docx",
            status="done",
            requested_by_id=personas.province_officer.pk,
            finished_at=asked,
        )
        stored("", filename="cho.docx", status="queued", requested_by_id=personas.province_officer.pk)
        orphan = stored("mo-coi.docx", filename="mo-coi.docx", status="done", requested_by_id=None, finished_at=asked)
        done_path, orphan_path = Path(done.file.path), Path(orphan.file.path)
        assert done_path.is_relative_to(media / "generated" / "programs") and orphan_path.exists()
    finally:
        _migrate(_leaves())

    moved = {document.filename: document for document in QueuedDocument.objects.all()}
    assert sorted(moved) == ["bao-cao-chuong-trinh-2024.docx", "cho.docx"]  # the orphan is gone…
    assert not orphan_path.exists()  # …with its file
    document = moved["bao-cao-chuong-trinh-2024.docx"]
    assert document.kind == "programs-consolidated" and document.status == QueuedStatus.DONE
    assert document.params == {"program": setup.program.pk, "fmt": "docx", "options": options}
    assert document.requested_by == personas.province_officer and document.created_at == asked
    assert Path(document.file.path) == done_path  # the file stays where it was

    # A reader of the program's reports other than the asker downloads it; an outsider does not.
    download = client_for(personas.leader).get(reverse("reports:queued_download", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"bao-cao-chuong-trinh-2024.docx"
    assert client_for(personas.cooperative).get(reverse("reports:queued_download", args=[document.pk])).status_code == 404

    # The one still waiting lost its task with the old code: the reports' sweep marks it failed.
    assert queued.stale_documents_sweep() == 1
    assert QueuedDocument.objects.get(filename="cho.docx").status == QueuedStatus.FAILED

    # The retention counts from the original request, and deletes the file at its old place.
    QueuedDocument.objects.filter(pk=document.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    assert queued.documents_expire() == 1 and not done_path.exists()

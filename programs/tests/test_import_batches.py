"""A task table import is recorded as an import batch that the batch pages undo (programs.import_batches)."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import BatchStatus, ImportBatch
from imports.services import ImportRefused, batch_undo
from programs.models import Assignment, ProgressReport, Task, TaskGroup
from programs.tests.test_task_table import GOOD, alliance, workbook  # noqa: F401  (alliance: a fixture)

pytestmark = pytest.mark.django_db


def _import(client, program, content: bytes, file_name="nhiem-vu.xlsx"):
    """The program's import page: upload (the batch page previews it), then commit on the batch page."""
    url = reverse("programs:task_import", args=[program.pk]) if program else reverse("programs:decision_import")
    response = client.post(url, {"file": SimpleUploadedFile(file_name, content)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.post(response["Location"] + "ghi/", follow=True)


def _state(program) -> tuple:
    """Everything a task table writes, to compare before and after."""
    tasks = sorted(Task.objects.filter(program=program).values_list("number", "content", "schedule", "version"))
    groups = sorted(TaskGroup.objects.filter(program=program).values_list("number", "title"))
    assignments = sorted(Assignment.objects.filter(task__program=program).values_list("task__number", "agency_id", "role"))
    return tasks, groups, assignments


@pytest.fixture
def imported(setup, personas, alliance, client_for, pipeline):  # noqa: F811
    client = client_for(personas.province_officer)
    before = _state(setup.program)
    content = workbook(GOOD)  # once: openpyxl stamps the time into each workbook it writes
    response = _import(client, setup.program, content)
    return client, before, response, ImportBatch.objects.get(), content


def test_committing_records_one_batch_with_counts_file_and_author(imported, personas):
    _client, _before, response, batch, content = imported
    assert (batch.kind, batch.status, batch.created_by, batch.committed_by) == (
        "program_tasks",
        BatchStatus.COMMITTED,
        personas.province_officer,
        personas.province_officer,
    )
    assert (batch.file_name, batch.file_hash, batch.file_size, batch.file_format) == (
        "nhiem-vu.xlsx",
        hashlib.sha256(content).hexdigest(),
        len(content),
        "xlsx",
    )
    # Group II and tasks 1.2, 2.1, 2.2 are new; group I is renamed and task 1.1 matched by its number.
    assert (batch.created_count, batch.updated_count, batch.unchanged_count, batch.rejected_count) == (4, 2, 0, 0)
    assert batch.rows_total == 6
    assert response.redirect_chain[-1][0] == reverse("imports:batch_detail", args=[batch.pk])
    page = response.content.decode()
    assert "Đã ghi 6 dòng" in page and reverse("imports:batch_undo", args=[batch.pk]) in page
    reason = f"Nhập Excel, lô #{batch.pk} (nhiem-vu.xlsx)"
    assert Task.history.filter(history_change_reason=reason).count() == 4


def test_the_batch_page_shows_what_the_import_changed(imported):
    client, _before, _response, batch, _content = imported
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    # Task 1.1's previous content, under the field's label, and the undo button.
    assert "Nội dung nhiệm vụ" in page and "Tuyên truyền về hợp tác xã kiểu mới" in page
    assert reverse("imports:batch_undo", args=[batch.pk]) in page


def test_undo_removes_created_tasks_and_restores_updated_ones_with_history(imported, setup, personas):
    client, before, _response, batch, _content = imported
    assert _state(setup.program) != before
    response = client.post(reverse("imports:batch_undo", args=[batch.pk]), follow=True)
    assert f"Đã hoàn tác lô nhập #{batch.pk}" in response.content.decode()
    tasks, groups, assignments = _state(setup.program)
    assert (groups, assignments) == (before[1], before[2])
    assert [(number, content, schedule) for number, content, schedule, _v in tasks] == [
        (number, content, schedule) for number, content, schedule, _v in before[0]
    ]
    batch.refresh_from_db()
    assert (batch.status, batch.undone_by) == (BatchStatus.UNDONE, personas.province_officer)
    reason = f"Hoàn tác lô nhập #{batch.pk}"
    undone = Task.history.filter(history_change_reason=reason)
    assert sorted(undone.values_list("number", "history_type")) == [("1.1", "~"), ("1.2", "-"), ("2.1", "-"), ("2.2", "-")]
    assert {entry.history_user for entry in undone} == {personas.province_officer}
    assert TaskGroup.history.filter(history_change_reason=reason, history_type="-").count() == 1


def test_someone_who_may_not_manage_the_program_cannot_see_or_undo_the_batch(imported, setup, personas, client_for):
    _client, _before, _response, batch, _content = imported
    after = _state(setup.program)
    response = client_for(personas.commune_officer).post(reverse("imports:batch_undo", args=[batch.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        batch_undo(actor=personas.commune_officer, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and _state(setup.program) == after


def test_undo_is_refused_when_a_task_was_changed_after_the_import(imported, setup, personas):
    _client, _before, _response, batch, _content = imported
    task = Task.objects.get(program=setup.program, number="2.1")
    task.content = "Sửa tay sau khi nhập"
    task.version += 1
    task.save()
    after = _state(setup.program)
    with pytest.raises(ImportRefused, match="đã được sửa hoặc xoá sau khi nhập"):
        batch_undo(actor=personas.province_officer, batch=batch)
    assert _state(setup.program) == after
    assert ImportBatch.objects.get().status == BatchStatus.COMMITTED


def test_importing_the_same_table_again_changes_nothing(imported, setup):
    client, _before, _response, _batch, content = imported
    after, history = _state(setup.program), Task.history.count()
    _import(client, setup.program, content)
    again = ImportBatch.objects.order_by("-pk").first()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 6)
    assert not again.rows.exists()
    assert (_state(setup.program), Task.history.count()) == (after, history)


def test_undo_is_refused_when_a_created_task_already_has_a_progress_report(imported, setup, personas):
    _client, _before, _response, batch, _content = imported
    assignment = Assignment.objects.filter(task__program=setup.program, task__number="2.2").first()
    ProgressReport.objects.create(assignment=assignment, period="2024-Q1", due_date=dt.date(2024, 4, 20))
    after = _state(setup.program)
    with pytest.raises(ImportRefused, match="đã có báo cáo tiến độ"):
        batch_undo(actor=personas.province_officer, batch=batch)
    assert _state(setup.program) == after

"""A program's task table on the one import pipeline, through the page and the command alike:
preview (a batch, nothing written) → commit → the same file again changes nothing → undo; a
decision imported with no program chosen creates the program its header describes; only those
who manage the program (or may create one) import; the size limit is the settings'."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from imports.models import BatchStatus, ImportBatch
from imports.services import batch_undo
from imports.tests.corpus.build import decision_docx
from programs.decision_header import decision_header
from programs.models import Assignment, Program, Task, TaskGroup
from programs.tests.test_import_batches import _import
from programs.tests.test_task_documents import agencies  # noqa: F401  (a fixture)
from programs.tests.test_task_table import GOOD, alliance, workbook  # noqa: F401  (alliance: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pipeline")]
DECISION = ("1234/QĐ-UBND", dt.date(2021, 12, 20))


def _everything() -> tuple:
    """All that a task table import may write, anywhere (undo moves a restored task's version on:
    versions are compared through the history's length instead)."""
    return (
        sorted(Program.objects.values_list("decision_number", "title")),
        sorted(TaskGroup.objects.values_list("program_id", "number", "title")),
        sorted(Task.objects.values_list("program_id", "number", "content", "schedule", "deadline", "timeframe_text")),
        sorted(Assignment.objects.values_list("task__number", "agency_id", "role")),
    )


def _histories() -> tuple:
    return Program.history.count(), TaskGroup.history.count(), Task.history.count(), Assignment.history.count()


def _command(path, *args, user, **options) -> ImportBatch:
    call_command("import_workbook", str(path), *args, "--user", user.username, verbosity=0, **options)
    return ImportBatch.objects.order_by("-pk").first()


def test_the_header_of_a_decision_is_read_for_a_new_program():
    header = decision_header(
        [
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
            "Số: 1234/QĐ-UBND",
            "Quảng Nam, ngày 20 tháng 12 năm 2021",
            "QUYẾT ĐỊNH",
            "Ban hành Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025",
        ]
    )
    assert (header.number, header.date, header.issuer) == ("1234/QĐ-UBND", dt.date(2021, 12, 20), "UBND tỉnh Quảng Nam")
    assert header.title == "Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025"
    assert header.period() == (2021, 2025) and header.complete
    assert not decision_header(["UBND TỈNH QUẢNG NAM", "PHỤ LỤC: NHIỆM VỤ"]).complete


def test_the_command_imports_into_a_chosen_program_twice_then_undoes(setup, personas, alliance, tmp_path):  # noqa: F811
    path = tmp_path / "nhiem-vu.xlsx"
    path.write_bytes(workbook(GOOD))
    officer = personas.province_officer
    before = _everything()
    dry = _command(path, "--kind", "program_tasks", "--program", setup.program.pk, "--dry-run", user=officer)
    assert (dry.status, dry.created_count, dry.updated_count) == (BatchStatus.READY, 4, 2)
    assert _everything() == before  # a dry run writes nothing
    batch = _command(path, "--program", setup.program.pk, user=officer)  # the kind from --program
    assert (batch.kind, batch.status, batch.rows_written) == ("program_tasks", BatchStatus.COMMITTED, 6)
    after = _everything()
    assert Task.objects.filter(program=setup.program, number="2.2").exists()
    histories = _histories()
    again = _command(path, "--kind", "program_tasks", "--program", setup.program.pk, user=officer)
    assert (again.unchanged_count, again.rows_written, _everything(), _histories()) == (6, 0, after, histories)
    batch_undo(actor=officer, batch=batch)
    assert _everything() == before


def test_a_decision_with_no_program_chosen_creates_the_program_through_the_command(agencies, personas, tmp_path):  # noqa: F811
    path = tmp_path / "qd-1234.docx"
    path.write_bytes(decision_docx())
    officer = personas.province_officer
    before = _everything()
    batch = _command(path, user=officer)  # .docx: program_tasks without --kind
    program = Program.objects.get(decision_number="1234/QĐ-UBND")
    assert (program.decision_date, program.issuer, program.start_date, program.end_date) == (
        dt.date(2021, 12, 20),
        "UBND tỉnh Quảng Nam",
        dt.date(2021, 12, 20),
        dt.date(2025, 12, 31),
    )
    assert program.title == "Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025"
    assert (program.lead_agency, program.history.first().history_user) == (officer.agency, officer)
    assert sorted(program.tasks.values_list("number", flat=True)) == ["3.1", "3.2", "4.1", "4.2"]
    assert (batch.status, batch.options["program_id"]) == (BatchStatus.COMMITTED, program.pk)
    after, histories = _everything(), _histories()
    again = _command(path, user=officer)  # the same decision: into the program it made, nothing new
    assert (again.options["program_id"], again.unchanged_count, again.rows_written) == (program.pk, 6, 0)
    assert (_everything(), _histories()) == (after, histories)
    batch_undo(actor=officer, batch=batch)
    assert _everything() == before and not Program.objects.filter(decision_number="1234/QĐ-UBND").exists()


def test_a_decision_with_no_program_chosen_creates_the_program_through_the_page(agencies, personas, client_for):  # noqa: F811
    client = client_for(personas.province_officer)
    assert client.get(reverse("programs:program_list")).content.decode().count(reverse("programs:decision_import")) == 1
    before = _everything()
    upload = SimpleUploadedFile("qd-1234.docx", decision_docx())
    preview = client.post(reverse("programs:decision_import"), {"file": upload}, follow=True)
    page = preview.content.decode()
    assert "tạo chương trình “Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025”" in page
    assert "số 1234/QĐ-UBND ngày 20/12/2021 của UBND tỉnh Quảng Nam" in page
    assert _everything() == before  # the preview writes nothing
    batch = preview.context["batch"]
    response = client.post(reverse("imports:batch_commit", args=[batch.pk]), follow=True)
    assert "Đã ghi 6 dòng" in response.content.decode()
    program = Program.objects.get(decision_number="1234/QĐ-UBND")
    assert program.tasks.count() == 4
    after, histories = _everything(), _histories()
    _import(client, None, decision_docx(), file_name="qd-1234.docx")
    assert ImportBatch.objects.order_by("-pk").first().unchanged_count == 6
    assert (_everything(), _histories()) == (after, histories)
    response = client.post(reverse("imports:batch_undo", args=[batch.pk]), follow=True)
    assert f"Đã hoàn tác lô nhập #{batch.pk}" in response.content.decode()
    assert _everything() == before


def test_a_workbook_without_a_decision_header_and_no_program_is_refused_with_what_to_do(personas, client_for):
    client = client_for(personas.province_officer)
    response = client.post(
        reverse("programs:decision_import"), {"file": SimpleUploadedFile("nv.xlsx", workbook(GOOD))}, follow=True
    )
    batch = response.context["batch"]
    assert batch.status == BatchStatus.REFUSED and "hãy chọn chương trình có sẵn" in batch.message.lower()
    assert not Program.objects.exists() and not Task.objects.exists()


def test_only_those_who_manage_the_program_import_its_tasks(setup, personas, alliance, client_for, tmp_path):  # noqa: F811
    before = _everything()
    for user in (personas.commune_officer, personas.cooperative, personas.alliance_officer):
        client = client_for(user)
        upload = SimpleUploadedFile("nhiem-vu.xlsx", workbook(GOOD))
        assert client.post(reverse("programs:task_import", args=[setup.program.pk]), {"file": upload}).status_code in (403, 404)
        upload = SimpleUploadedFile("qd.docx", decision_docx())
        assert client.post(reverse("programs:decision_import"), {"file": upload}).status_code == 403
    path = tmp_path / "nhiem-vu.xlsx"
    path.write_bytes(workbook(GOOD))
    with pytest.raises(CommandError, match="không có quyền"):
        _command(path, "--program", setup.program.pk, user=personas.commune_officer)
    assert _everything() == before and not ImportBatch.objects.exists()
    assert not any(tmp_path.rglob("imports/*"))  # nothing kept of a refused upload


def test_someone_else_cannot_commit_a_previewed_table(setup, personas, alliance, client_for):  # noqa: F811
    client = client_for(personas.province_officer)
    upload = SimpleUploadedFile("nhiem-vu.xlsx", workbook(GOOD))
    batch = client.post(reverse("programs:task_import", args=[setup.program.pk]), {"file": upload}, follow=True).context["batch"]
    before = _everything()
    other = client_for(personas.commune_officer)
    assert other.post(reverse("imports:batch_commit", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and _everything() == before


def test_the_five_megabyte_cap_is_now_the_settings_limit(setup, personas, client_for, settings, pipeline):
    client = client_for(personas.province_officer)
    url = reverse("programs:task_import", args=[setup.program.pk])
    big = SimpleUploadedFile("lon.xlsx", b"x" * (5 * 1024 * 1024 + 1))
    response = client.post(url, {"file": big}, follow=True)
    # Over the old 5 MB cap but within the settings' limit: read (and refused for what it is, not its size).
    batch = response.context["batch"]
    assert batch.status == BatchStatus.REFUSED and "quá lớn" not in batch.message
    settings.HOPTAC_IMPORT_MAX_BYTES = 1024 * 1024
    response = client.post(url, {"file": SimpleUploadedFile("lon.xlsx", b"x" * (1024 * 1024 + 1))})
    assert response.status_code == 200 and "giới hạn là 1 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_the_table_is_processed_in_the_background_with_progress(
    setup,
    personas,
    alliance,  # noqa: F811
    client_for,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.HOPTAC_IMPORT_BACKGROUND = True
    client = client_for(personas.province_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("programs:task_import", args=[setup.program.pk]), {"file": SimpleUploadedFile("nv.xlsx", workbook(GOOD))}
        )
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.PENDING and batch.file  # queued with its file
    assert 'id="batch-progress"' in client.get(response["Location"]).content.decode()
    for callback in callbacks:
        callback()  # the worker's turn (the test queue runs the task at once)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.updated_count, batch.progress_percent) == (BatchStatus.READY, 4, 2, 100)

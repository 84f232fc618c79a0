"""Support records and activities on the one import pipeline, through the page and the command
alike: preview (a batch, nothing written) → commit → the same file again changes nothing → undo;
a commune officer or a cooperative cannot import for others (nothing changes)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from imports.models import BatchStatus, ImportBatch, RowAction
from imports.services import ImportRefused, batch_commit, batch_undo
from imports.tests.helpers import xlsx
from support.models import Activity, SupportRecord
from support.tests.test_xlsx_import import _records_book, preview

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pipeline")]
ACTIVITY_HEADER = ["Số hiệu", "Loại hoạt động", "Tên hoạt động", "Ngày bắt đầu", "Tổng số người tham dự", "Kinh phí (đồng)"]


def _activities_book(cost=5_000_000) -> bytes:
    return xlsx(
        {
            "Hoat dong": [
                ["DANH SÁCH HOẠT ĐỘNG TUYÊN TRUYỀN, ĐÀO TẠO NĂM 2024"],
                ACTIVITY_HEADER,
                ["HD-01", "Lớp đào tạo, tập huấn, bồi dưỡng", "Tập huấn kế toán HTX", "12/09/2024", 50, cost],
                ["HD-02", "Hội nghị, hội thảo, quán triệt", "Hội nghị quán triệt", "15/10/2024", 30, 0],
            ]
        }
    )


def _records() -> list:
    return sorted(SupportRecord.objects.values_list("code", "organization_id", "amount", "content"))


def _activities() -> list:
    return sorted(Activity.objects.values_list("code", "title", "participants", "cost"))


def _command(path, *args, user) -> ImportBatch:
    call_command("import_workbook", str(path), *args, "--user", user.username, verbosity=0)
    return ImportBatch.objects.order_by("-pk").first()


def test_records_through_the_command_dry_run_commit_again_and_undo(personas, policy, tmp_path):
    path = tmp_path / "ho-tro.xlsx"
    path.write_bytes(_records_book(personas, policy))
    officer = personas.commune_officer
    dry = _command(path, "--dry-run", user=officer)  # the kind recognised by its columns
    assert (dry.kind, dry.status, dry.created_count) == ("support_records", BatchStatus.READY, 2)
    assert not SupportRecord.objects.exists()
    batch = _command(path, "--kind", "support_records", user=officer)
    assert (batch.status, batch.rows_written, len(_records())) == (BatchStatus.COMMITTED, 2, 2)
    after, history = _records(), SupportRecord.history.count()
    again = _command(path, "--kind", "support_records", user=officer)
    assert (again.unchanged_count, again.rows_written) == (2, 0)
    assert (_records(), SupportRecord.history.count()) == (after, history)
    batch_undo(actor=officer, batch=batch)
    assert not SupportRecord.objects.exists()


def test_activities_through_the_command_with_commit_valid(personas, tmp_path):
    rows = _activities_book()
    path = tmp_path / "hd.xlsx"
    bad = xlsx({"Hoat dong": [ACTIVITY_HEADER, ["HD-03", "Không có loại này", "Sai", "01/01/2024", 5, 0]]})
    path.write_bytes(bad)
    with pytest.raises(CommandError, match="bị từ chối"):
        _command(path, "--kind", "support_activities", user=personas.commune_officer)
    assert ImportBatch.objects.get().rows.get().errors[0]["column"] == "Loại hoạt động"
    path.write_bytes(rows)
    batch = _command(path, "--commit-valid", user=personas.commune_officer)  # recognised by its columns
    assert (batch.rows_written, len(_activities())) == (2, 2)
    assert set(Activity.objects.values_list("agency", flat=True)) == {personas.commune_officer.agency_id}


def test_activities_through_the_page_twice_then_undone_from_the_batch_page(personas, client_for):
    client = client_for(personas.commune_officer)
    url = reverse("support:import")

    def upload(content):
        response = client.post(url, {"kind": "support_activities", "file": SimpleUploadedFile("hd.xlsx", content)}, follow=True)
        return response.context["batch"], response.content.decode()

    batch, page = upload(_activities_book())
    assert (batch.status, batch.created_count) == (BatchStatus.READY, 2) and "Tập huấn kế toán HTX" in page
    assert not Activity.objects.exists()
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    after = _activities()
    assert [code for code, *_rest in after] == ["HD-01", "HD-02"]
    again, _page = upload(_activities_book())
    assert (again.unchanged_count, again.created_count, again.updated_count) == (2, 0, 0)
    changed, page = upload(_activities_book(cost=7_000_000))
    assert (changed.updated_count, changed.unchanged_count) == (1, 1) and 'id="update-rows"' in page
    client.post(reverse("imports:batch_commit", args=[changed.pk]))
    assert Activity.objects.get(code="HD-01").cost == 7_000_000
    client.post(reverse("imports:batch_undo", args=[changed.pk]))
    assert _activities() == after
    # HD-01 was written again since (by the second batch and its undo): the first batch no longer undoes.
    response = client.post(reverse("imports:batch_undo", args=[batch.pk]), follow=True)
    assert "dòng 3 đã được sửa hoặc xoá sau khi nhập" in response.content.decode() and _activities() == after


def test_a_commune_officer_cannot_import_records_for_another_communes_cooperative(personas, policy, client_for):
    other = personas.other_organization  # commune B: not the officer's
    rows = [[1, other.registration_code, other.name, "B-01", policy.code, "10/05/2023", 10, ""]]
    batch = preview("support_records", _records_book(personas, policy, *rows), personas.commune_officer)
    row = batch.rows.get()
    assert (row.action, row.sheet, row.row_number, row.errors[0]["column"]) == (RowAction.REJECT, "Ho tro 2023", 4, "Mã số HTX")
    with pytest.raises(ImportRefused):
        batch_commit(actor=personas.commune_officer, batch=batch)
    batch_commit(actor=personas.commune_officer, batch=batch, valid_only=True)
    assert not SupportRecord.objects.exists() and not SupportRecord.history.exists()


def test_a_cooperative_cannot_import_support_records_by_page_or_command(personas, policy, client_for, tmp_path, pipeline):
    content = _records_book(personas, policy)
    client = client_for(personas.cooperative)
    response = client.post(reverse("support:import"), {"kind": "support_records", "file": SimpleUploadedFile("a.xlsx", content)})
    assert response.status_code == 403
    path = tmp_path / "ho-tro.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="không có quyền"):
        _command(path, "--kind", "support_records", user=personas.cooperative)
    assert not SupportRecord.objects.exists() and not ImportBatch.objects.exists()
    assert not (pipeline / "imports").exists()


def test_another_commune_officer_cannot_commit_someone_elses_preview(personas, policy, client_for):
    batch = preview("support_records", _records_book(personas, policy), personas.commune_officer)
    other = client_for(personas.other_commune_officer)
    assert other.get(reverse("imports:batch_detail", args=[batch.pk])).status_code == 404
    assert other.post(reverse("imports:batch_commit", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and not SupportRecord.objects.exists()


def test_the_preview_reports_its_progress_row_by_row_as_the_registry_kinds_do(personas, policy):
    from imports import services

    content = _records_book(personas, policy)
    batch = services.batch_upload(actor=personas.commune_officer, kind="support_records", content=content, file_name="a.xlsx")
    seen = []
    batch = services.batch_process(batch=batch, content=content, progress=lambda **counts: seen.append(counts))
    assert seen == [{"read": 2, "total": 2}, {"validated": 1}, {"validated": 2}]
    assert (batch.status, batch.rows_total, batch.rows_validated, batch.progress_percent) == (BatchStatus.READY, 2, 2, 100)
    assert not SupportRecord.objects.exists()

"""Support imports are recorded as import batches that the batch pages undo (support.import_batches)."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import BatchStatus, ImportBatch
from imports.services import ImportRefused, batch_commit, batch_undo
from imports.tests.helpers import xlsx
from support import xlsx_import
from support.models import Activity, SupportRecord
from support.tests.test_xlsx_import import _records_book, preview

pytestmark = pytest.mark.django_db


def _rows(personas, policy, second_amount=12):
    org = personas.organization
    return (
        [1, org.registration_code, org.name, "XA-2023-01", policy.code, "10/05/2023", "45,5", "Học phí lớp giám đốc"],
        [2, org.registration_code, org.name, "XA-2023-02", policy.code, "01/06/2023", second_amount, "Hội chợ"],
    )


def _records() -> list:
    return sorted(SupportRecord.objects.values_list("code", "amount", "content", "version"))


def _import(client, content: bytes, file_name="ho-tro.xlsx"):
    """The import page: upload (the batch page previews it), then commit; the page the commit leads to."""
    upload = SimpleUploadedFile(file_name, content)
    batch_page = client.post(reverse("support:import"), {"kind": "support_records", "file": upload})
    return client.post(batch_page["Location"] + "ghi/", follow=True)


@pytest.fixture
def officer(personas, client_for, pipeline):
    return client_for(personas.commune_officer)


def test_committing_records_one_batch_with_counts_file_and_author(personas, policy, officer):
    content = _records_book(personas, policy, *_rows(personas, policy))
    response = _import(officer, content)
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.status, batch.created_by) == ("support_records", BatchStatus.COMMITTED, personas.commune_officer)
    assert (batch.file_name, batch.file_hash, batch.file_size) == (
        "ho-tro.xlsx",
        hashlib.sha256(content).hexdigest(),
        len(content),
    )
    assert (batch.created_count, batch.updated_count, batch.unchanged_count, batch.rejected_count) == (2, 0, 0, 0)
    assert sorted(batch.rows.values_list("target_id", flat=True)) == sorted(SupportRecord.objects.values_list("pk", flat=True))
    assert response.redirect_chain[-1][0] == reverse("imports:batch_detail", args=[batch.pk])
    page = response.content.decode()
    assert "Đã ghi 2 dòng" in page and reverse("imports:batch_undo", args=[batch.pk]) in page
    reason = f"Nhập Excel, lô #{batch.pk} (ho-tro.xlsx)"
    assert SupportRecord.history.filter(history_change_reason=reason, history_type="+").count() == 2


def test_undo_removes_the_records_the_batch_created(personas, policy, officer):
    _import(officer, _records_book(personas, policy, *_rows(personas, policy)))
    batch = ImportBatch.objects.get()
    response = officer.post(reverse("imports:batch_undo", args=[batch.pk]), follow=True)
    assert f"Đã hoàn tác lô nhập #{batch.pk}" in response.content.decode()
    assert not SupportRecord.objects.exists()
    deleted = SupportRecord.history.filter(history_type="-")
    assert deleted.count() == 2
    assert {(entry.history_change_reason, entry.history_user) for entry in deleted} == {
        (f"Hoàn tác lô nhập #{batch.pk}", personas.commune_officer)
    }
    batch.refresh_from_db()
    assert (batch.status, batch.undone_by) == (BatchStatus.UNDONE, personas.commune_officer)


def test_undo_gives_updated_records_their_previous_values(personas, policy, officer):
    _import(officer, _records_book(personas, policy, *_rows(personas, policy)))
    first = ImportBatch.objects.get()
    imported = _records()
    _import(officer, _records_book(personas, policy, *_rows(personas, policy, second_amount=20)), file_name="sua.xlsx")
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 1, 1)
    assert SupportRecord.objects.get(code="XA-2023-02").amount == 20_000_000

    batch_undo(actor=personas.commune_officer, batch=second)
    record = SupportRecord.objects.get(code="XA-2023-02")
    assert record.amount == 12_000_000
    assert [(code, amount, content) for code, amount, content, _v in _records()] == [
        (code, amount, content) for code, amount, content, _v in imported
    ]
    restored = record.history.first()
    assert (restored.history_type, restored.history_change_reason, restored.history_user) == (
        "~",
        f"Hoàn tác lô nhập #{second.pk}",
        personas.commune_officer,
    )
    # As for the registry's batches: a record written again since (here by the second batch and
    # its undo) is no longer the first batch's to take back.
    with pytest.raises(ImportRefused, match="dòng 5 đã được sửa hoặc xoá sau khi nhập"):
        batch_undo(actor=personas.commune_officer, batch=first)


def test_another_commune_officer_cannot_see_or_undo_the_batch(personas, policy, officer, client_for):
    _import(officer, _records_book(personas, policy, *_rows(personas, policy)))
    batch, before = ImportBatch.objects.get(), _records()
    other = client_for(personas.other_commune_officer)
    assert other.get(reverse("imports:batch_detail", args=[batch.pk])).status_code == 404
    assert other.post(reverse("imports:batch_undo", args=[batch.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        batch_undo(actor=personas.other_commune_officer, batch=batch)
    assert _records() == before
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED


def test_a_province_officer_who_may_edit_the_records_sees_the_batch(personas, policy, officer, client_for):
    _import(officer, _records_book(personas, policy, *_rows(personas, policy)))
    batch = ImportBatch.objects.get()
    response = client_for(personas.province_officer).get(reverse("imports:batch_detail", args=[batch.pk]))
    assert response.status_code == 200 and "Bản ghi hỗ trợ" in response.content.decode()


def test_undo_is_refused_when_a_record_was_changed_after_the_import(personas, policy, officer):
    _import(officer, _records_book(personas, policy, *_rows(personas, policy)))
    batch = ImportBatch.objects.get()
    record = SupportRecord.objects.get(code="XA-2023-01")
    record.content = "Sửa tay sau khi nhập"
    record.version += 1
    record.save()
    before = _records()
    with pytest.raises(ImportRefused, match="dòng 4 đã được sửa hoặc xoá sau khi nhập"):
        batch_undo(actor=personas.commune_officer, batch=batch)
    assert _records() == before


def test_importing_the_same_file_again_changes_nothing(personas, policy, officer):
    content = _records_book(personas, policy, *_rows(personas, policy))
    _import(officer, content)
    before, history = _records(), SupportRecord.history.count()
    _import(officer, content)
    again = ImportBatch.objects.order_by("-pk").first()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert (_records(), SupportRecord.history.count()) == (before, history)


def test_an_activities_import_is_a_batch_the_api_undoes(personas, client_for, pipeline):
    header = ["Loại hoạt động", "Tên hoạt động", "Ngày bắt đầu", "Tổng số người tham dự"]
    content = xlsx({"Hoat dong": [header, ["Lớp đào tạo, tập huấn, bồi dưỡng", "Tập huấn kế toán HTX", "12/09/2024", 50]]})
    batch = preview(xlsx_import.ACTIVITIES, content, personas.commune_officer, "hd.xlsx")
    batch = batch_commit(actor=personas.commune_officer, batch=batch)
    assert (batch.kind, batch.created_count, Activity.objects.count()) == ("support_activities", 1, 1)
    client = client_for(personas.commune_officer)
    assert client.post(f"/api/v1/import-batches/{batch.pk}/undo/").json()["status"] == "undone"
    assert not Activity.objects.exists()
    assert Activity.history.get(history_type="-").history_change_reason == f"Hoàn tác lô nhập #{batch.pk}"


def test_a_refused_commit_leaves_the_batch_uncommitted_and_writes_nothing(personas, policy, pipeline):
    org = personas.organization
    bad = [1, org.registration_code, org.name, "A1", policy.code, "10/05/2023", -4, ""]
    batch = preview(xlsx_import.RECORDS, _records_book(personas, policy, bad), personas.commune_officer, "x.xlsx")
    with pytest.raises(ImportRefused):
        batch_commit(actor=personas.commune_officer, batch=batch)
    batch.refresh_from_db()
    assert (batch.status, batch.committed_at, batch.rows.exclude(result="").count()) == (BatchStatus.READY, None, 0)
    assert not SupportRecord.objects.exists() and not SupportRecord.history.exists()

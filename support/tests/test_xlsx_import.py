"""Support records and activities through the one import pipeline: the batch is the preview
(rows, row errors by sheet/row/column), committed whole or its valid rows only, and undone."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import services
from imports.models import BatchStatus, ImportBatch, RowAction
from imports.tests.helpers import xlsx
from imports.upkeep import uploads_expire
from imports.workbooks import error_workbook_bytes
from support import xlsx_import
from support.models import Activity, SupportRecord

pytestmark = pytest.mark.usefixtures("pipeline")

RECORD_HEADER = ["STT", "Mã số HTX", "Tên HTX", "Số hiệu", "Chính sách", "Ngày hỗ trợ", "Kinh phí (triệu đồng)", "Nội dung"]


def _records_book(personas, policy, *rows):
    org = personas.organization
    default = [
        [1, org.registration_code, org.name, "XA-2023-01", policy.code, "10/05/2023", "45,5", "Học phí lớp giám đốc"],
        [2, None, org.name, "XA-2023-02", policy.name, dt.datetime(2023, 6, 1), 12, "Hội chợ"],
    ]
    return xlsx(
        {
            "Ho tro 2023": [
                ["DANH SÁCH HỖ TRỢ HTX NĂM 2023"],
                [],
                RECORD_HEADER,
                *(rows or default),
                [None, None, "Tổng cộng", None, None, None, "57,5"],
            ]
        }
    )


def preview(kind: str, content: bytes, user, file_name: str = "ho-tro.xlsx") -> ImportBatch:
    """What the page does on upload: a batch, its rows staged (nothing written)."""
    batch = services.batch_upload(actor=user, kind=kind, content=content, file_name=file_name)
    return services.batch_process(batch=batch, content=content)


def actions(batch: ImportBatch) -> dict[int, str]:
    """Row number → action of the rows the batch keeps (unchanged rows are only counted)."""
    return dict(batch.rows.values_list("row_number", "action"))


def test_a_workbook_of_support_records_is_previewed_then_committed_once(personas, policy):
    content = _records_book(personas, policy)
    batch = preview(xlsx_import.RECORDS, content, personas.commune_officer)
    assert batch.status == BatchStatus.READY
    assert actions(batch) == {4: "create", 5: "create"}
    assert not SupportRecord.objects.exists()  # the preview writes nothing
    assert any("tổng cộng" in notice for notice in batch.notices)
    result = services.batch_commit(actor=personas.commune_officer, batch=batch)
    assert (result.status, result.rows_written) == (BatchStatus.COMMITTED, 2)
    assert sorted(SupportRecord.objects.values_list("amount", flat=True)) == [
        12_000_000,
        45_500_000,
    ]  # "triệu đồng" in the header
    assert set(SupportRecord.objects.values_list("agency", flat=True)) == {personas.commune_officer.agency_id}
    history = SupportRecord.history.count()
    again = preview(xlsx_import.RECORDS, content, personas.commune_officer)
    assert (again.created_count, again.updated_count, again.unchanged_count, again.rows.count()) == (0, 0, 2, 0)
    assert services.batch_commit(actor=personas.commune_officer, batch=again).rows_written == 0
    assert (SupportRecord.objects.count(), SupportRecord.history.count()) == (2, history)


def test_bad_rows_are_shown_with_sheet_row_and_column_and_only_valid_rows_are_written_on_request(personas, policy):
    org = personas.organization
    content = _records_book(
        personas,
        policy,
        [1, org.registration_code, org.name, "A1", policy.code, "10/05/2023", 10, ""],
        [2, org.registration_code, org.name, "A2", policy.code, "10/05/2019", 10, ""],
        [3, org.registration_code, org.name, "A3", policy.code, "10/05/2023", -4, ""],
        [4, personas.other_organization.registration_code, "x", "A4", policy.code, "10/05/2023", 10, ""],
    )
    batch = preview(xlsx_import.RECORDS, content, personas.commune_officer)
    rejected = batch.rows.filter(action=RowAction.REJECT)
    errors = {row.row_number: row.errors for row in rejected}
    assert set(errors) == {5, 6, 7} and batch.rejected_count == 3
    assert {row.sheet for row in rejected} == {"Ho tro 2023"}
    assert errors[5][0]["column"] == "Chính sách" and "nằm ngoài thời gian" in errors[5][0]["message"]
    assert errors[6][0] == {"column": "Kinh phí (triệu đồng)", "message": "Kinh phí hỗ trợ không được âm."}
    assert "địa bàn bạn phụ trách" in errors[7][0]["message"]
    with pytest.raises(services.ImportRefused, match="3 dòng bị từ chối"):
        services.batch_commit(actor=personas.commune_officer, batch=batch)
    assert SupportRecord.objects.count() == 0  # nothing half-written
    sheet = error_workbook_bytes(batch, rejected)
    assert sheet[:2] == b"PK"
    services.batch_commit(actor=personas.commune_officer, batch=batch, valid_only=True)
    assert list(SupportRecord.objects.values_list("code", flat=True)) == ["A1"]


def test_activities_are_imported_with_their_groups(personas):
    header = [
        "Loại hoạt động",
        "Tên hoạt động",
        "Ngày bắt đầu",
        "Tổng số người tham dự",
        "Cán bộ quản lý HTX",
        "Thành viên HTX, THT",
        "Xã, phường tổ chức",
    ]
    content = xlsx(
        {
            "Hoat dong": [
                header,
                [
                    "Lớp đào tạo, tập huấn, bồi dưỡng",
                    "Tập huấn kế toán HTX",
                    "12/09/2024",
                    50,
                    20,
                    25,
                    personas.geo.commune_a.name,
                ],
                ["Hội nghị, hội thảo, quán triệt", "Hội nghị quán triệt", "15/10/2024", 30, 20, 25, ""],
            ]
        }
    )
    batch = preview(xlsx_import.ACTIVITIES, content, personas.commune_officer, "hd.xlsx")
    assert actions(batch) == {2: "create", 3: "reject"}
    assert "vượt quá tổng số người tham dự 30" in batch.rows.get(action="reject").errors[0]["message"]
    with pytest.raises(services.ImportRefused):
        services.batch_commit(actor=personas.commune_officer, batch=batch)
    assert Activity.objects.count() == 0
    content = xlsx(
        {
            "Hoat dong": [
                header,
                [
                    "Lớp đào tạo, tập huấn, bồi dưỡng",
                    "Tập huấn kế toán HTX",
                    "12/09/2024",
                    50,
                    20,
                    25,
                    personas.geo.commune_a.name,
                ],
            ]
        }
    )
    batch = preview(xlsx_import.ACTIVITIES, content, personas.commune_officer, "hd.xlsx")
    assert services.batch_commit(actor=personas.commune_officer, batch=batch).status == BatchStatus.COMMITTED
    activity = Activity.objects.get()
    assert (activity.participants, activity.commune, activity.agency) == (
        50,
        personas.geo.commune_a,
        personas.commune_officer.agency,
    )


def test_a_workbook_of_another_kind_is_refused_with_a_message(personas):
    content = xlsx({"Sheet1": [["Họ và tên", "Ngày sinh"], ["Nguyễn Văn A", "01/01/1990"]]})
    batch = preview(xlsx_import.RECORDS, content, personas.commune_officer, "x.xlsx")
    assert batch.status == BatchStatus.REFUSED and "Chính sách" in batch.message
    assert not batch.rows.exists()


def test_people_who_may_not_record_cannot_import(personas, policy):
    with pytest.raises(PermissionDenied):
        preview(xlsx_import.RECORDS, _records_book(personas, policy), personas.cooperative, "x.xlsx")
    assert SupportRecord.objects.count() == 0 and not ImportBatch.objects.exists()


def test_the_import_pages_preview_commit_and_refuse(personas, policy, client_for, pipeline):
    url = reverse("support:import")
    refused = client_for(personas.cooperative)
    assert refused.get(url).status_code == 403
    upload = SimpleUploadedFile("ho-tro.xlsx", _records_book(personas, policy))
    assert refused.post(url, {"kind": "support_records", "file": upload}).status_code == 403
    assert not ImportBatch.objects.exists() and not any(pipeline.rglob("*.*"))  # nothing kept of a refused upload
    client = client_for(personas.commune_officer)
    assert client.get(url, {"template": 1, "kind": "support_records"})["Content-Type"].startswith("application/vnd.openxml")
    upload = SimpleUploadedFile("ho-tro.xlsx", _records_book(personas, policy))
    response = client.post(url, {"kind": "support_records", "file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:batch_detail", args=[batch.pk])
    page = client.get(response["Location"])
    assert page.context["batch"].created_count == 2 and not SupportRecord.objects.exists()
    assert 'id="staged-rows"' in page.content.decode() and "XA-2023-01" in page.content.decode()
    done = client.post(reverse("imports:batch_commit", args=[batch.pk]))
    assert done.status_code == 302 and SupportRecord.objects.count() == 2
    assert "ho-tro" in client.get(url).content.decode()  # the page lists its imports (history)


def test_the_upload_limit_is_the_pipelines_setting(personas, policy, client_for, settings, pipeline):
    settings.HOPTAC_IMPORT_MAX_BYTES = 1024
    client = client_for(personas.commune_officer)
    upload = SimpleUploadedFile("ho-tro.xlsx", _records_book(personas, policy))
    response = client.post(reverse("support:import"), {"kind": "support_records", "file": upload})
    assert response.status_code == 200 and "giới hạn là 0 MB" in response.content.decode()
    assert not ImportBatch.objects.exists() and not any(pipeline.rglob("*.*"))


def test_an_uploaded_file_is_kept_only_as_long_as_the_retention_rules_say(personas, policy, client_for, pipeline):
    """The batch is the preview: no loose copy of the file beside it, and the batch's own copy
    goes with the pipeline's retention (imports.upkeep)."""
    client = client_for(personas.commune_officer)
    client.post(reverse("support:import"), {"kind": "support_records", "file": SimpleUploadedFile("a.xlsx", b"not a workbook")})
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.REFUSED
    assert [path.parent.parent.parent.name for path in pipeline.rglob("*.*")] == ["imports"]
    assert not (pipeline / "support-imports").exists()
    uploads_expire(now=batch.created_at + dt.timedelta(days=400))
    assert not any(pipeline.rglob("*.*"))


def test_previews_the_support_page_left_in_media_root_go_with_the_retention_rules(pipeline, db):
    """Before the support page went through the batches it kept each preview's file in
    MEDIA_ROOT/support-imports/: those orphans go once older than the retention."""
    import os

    legacy = pipeline / "support-imports"
    legacy.mkdir()
    old, recent = legacy / ("a" * 64 + ".xlsx"), legacy / ("b" * 64 + ".xlsx")
    old.write_bytes(b"x")
    recent.write_bytes(b"y")
    now = dt.datetime.now(dt.UTC)
    stamp = (now - dt.timedelta(days=400)).timestamp()
    os.utime(old, (stamp, stamp))
    assert uploads_expire(now=now) == 1
    assert (old.exists(), recent.exists()) == (False, True)

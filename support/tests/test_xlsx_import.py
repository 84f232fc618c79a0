import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from imports.tests.helpers import xlsx
from support import xlsx_import
from support.models import Activity, SupportRecord

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


def test_a_workbook_of_support_records_is_previewed_then_committed_once(personas, policy):
    content = _records_book(personas, policy)
    preview = xlsx_import.run(
        kind=xlsx_import.RECORDS, content=content, file_name="ho-tro.xlsx", user=personas.commune_officer, commit=False
    )
    assert [row.action for row in preview.rows] == ["create", "create"]
    assert not SupportRecord.objects.exists()  # the preview writes nothing
    assert any("tổng cộng" in notice for notice in preview.notices)
    result = xlsx_import.run(
        kind=xlsx_import.RECORDS, content=content, file_name="ho-tro.xlsx", user=personas.commune_officer, commit=True
    )
    assert result.committed
    assert sorted(SupportRecord.objects.values_list("amount", flat=True)) == [
        12_000_000,
        45_500_000,
    ]  # "triệu đồng" in the header
    assert set(SupportRecord.objects.values_list("agency", flat=True)) == {personas.commune_officer.agency_id}
    again = xlsx_import.run(
        kind=xlsx_import.RECORDS, content=content, file_name="ho-tro.xlsx", user=personas.commune_officer, commit=True
    )
    assert [row.action for row in again.rows] == ["unchanged", "unchanged"]
    assert SupportRecord.objects.count() == 2


def test_one_bad_row_rejects_the_file_with_sheet_row_and_column(personas, policy):
    org = personas.organization
    content = _records_book(
        personas,
        policy,
        [1, org.registration_code, org.name, "A1", policy.code, "10/05/2023", 10, ""],
        [2, org.registration_code, org.name, "A2", policy.code, "10/05/2019", 10, ""],
        [3, org.registration_code, org.name, "A3", policy.code, "10/05/2023", -4, ""],
        [4, personas.other_organization.registration_code, "x", "A4", policy.code, "10/05/2023", 10, ""],
    )
    result = xlsx_import.run(
        kind=xlsx_import.RECORDS, content=content, file_name="ho-tro.xlsx", user=personas.commune_officer, commit=True
    )
    assert not result.committed
    assert SupportRecord.objects.count() == 0  # nothing half-written
    errors = {row.number: row.errors for row in result.rejected}
    assert set(errors) == {5, 6, 7}
    assert errors[5][0][0] == "Chính sách" and "nằm ngoài thời gian" in errors[5][0][1]
    assert errors[6][0] == ("Kinh phí (triệu đồng)", "Kinh phí hỗ trợ không được âm.")
    assert "địa bàn bạn phụ trách" in errors[7][0][1]
    sheet = xlsx_import.errors_workbook(result)
    assert sheet[:2] == b"PK"


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
    result = xlsx_import.run(
        kind=xlsx_import.ACTIVITIES, content=content, file_name="hd.xlsx", user=personas.commune_officer, commit=True
    )
    assert [row.action for row in result.rows] == ["create", "reject"]
    assert "vượt quá tổng số người tham dự 30" in result.rejected[0].errors[0][1]
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
    assert xlsx_import.run(
        kind=xlsx_import.ACTIVITIES, content=content, file_name="hd.xlsx", user=personas.commune_officer, commit=True
    ).committed
    activity = Activity.objects.get()
    assert (activity.participants, activity.commune, activity.agency) == (
        50,
        personas.geo.commune_a,
        personas.commune_officer.agency,
    )


def test_a_workbook_of_another_kind_is_refused_with_a_message(personas):
    content = xlsx({"Sheet1": [["Họ và tên", "Ngày sinh"], ["Nguyễn Văn A", "01/01/1990"]]})
    with pytest.raises(xlsx_import.FileRefused, match="Chính sách"):
        xlsx_import.run(
            kind=xlsx_import.RECORDS, content=content, file_name="x.xlsx", user=personas.commune_officer, commit=False
        )


def test_people_who_may_not_record_cannot_import(personas, policy):
    with pytest.raises(PermissionDenied):
        xlsx_import.run(
            kind=xlsx_import.RECORDS,
            content=_records_book(personas, policy),
            file_name="x.xlsx",
            user=personas.cooperative,
            commit=True,
        )
    assert SupportRecord.objects.count() == 0


def test_the_import_pages_preview_commit_and_refuse(personas, policy, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("support:import")
    assert client_for(personas.cooperative).get(url).status_code == 403
    client = client_for(personas.commune_officer)
    assert client.get(url, {"template": 1, "kind": "support_records"})["Content-Type"].startswith("application/vnd.openxml")
    upload = SimpleUploadedFile("ho-tro.xlsx", _records_book(personas, policy))
    preview = client.post(url, {"kind": "support_records", "step": "preview", "file": upload})
    assert preview.context["counts"]["create"] == 2 and not SupportRecord.objects.exists()
    stored = preview.context["stored"]
    done = client.post(url, {"kind": "support_records", "step": "commit", "stored": stored, "file_name": "ho-tro.xlsx"})
    assert done.status_code == 302 and SupportRecord.objects.count() == 2
    assert (
        client.post(
            url, {"kind": "support_records", "step": "commit", "stored": "../../etc/passwd", "file_name": "x"}
        ).status_code
        == 200
    )
    assert SupportRecord.objects.count() == 2

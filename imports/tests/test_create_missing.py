"""One sheet, both kinds (#16 item 3): a district summary holding registry facts and one year's
figures creates the organizations the registry lacks (after the person confirms) and writes their
reports in one batch, previewed and undone together; page and command share the code."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports import services
from imports.models import BatchStatus, ImportBatch, RowAction
from imports.tests.helpers import xlsx
from registry.models import AnnualReport, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


def _summary(personas, *, commune=None) -> bytes:
    """The district's yearly summary: the year in the title, name, code and commune per row, one
    organization the registry has and two it lacks (one of them twice: two years' sheets)."""
    geo = personas.geo
    commune = commune or geo.commune_a
    header = ["STT", "Tên hợp tác xã", "Mã số HTX", "Xã, phường", "Thành viên chính thức", "Doanh thu (triệu đồng)"]
    rows = [
        ["UBND THỊ XÃ ĐIỆN BÀN"],
        ["BIỂU TỔNG HỢP TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM 2024"],
        header,
        [1, personas.organization.name, personas.organization.registration_code, geo.commune_a.full_name, 30, 1200],
        [2, "Hợp tác xã Nông nghiệp Điện Minh", "4001234560", commune.full_name, 25, 800],
        [3, "Hợp tác xã Mây tre đan Điện Phương", "", commune.full_name, 12, 300.5],
    ]
    return xlsx({"Nam 2024": rows})


def _upload(actor, content, **options):
    batch = services.batch_upload(actor=actor, kind="annual_reports", content=content, file_name="tong-hop.xlsx", **options)
    return services.batch_process(batch=batch, content=content)


def test_without_confirmation_unknown_organizations_are_row_errors_that_say_so(personas):
    batch = _upload(personas.province_officer, _summary(personas))
    assert batch.options["organizations_missing"] == 2
    assert (batch.created_count, batch.rejected_count) == (1, 2)
    reasons = [row.reason for row in batch.rows.filter(action=RowAction.REJECT).order_by("row_number")]
    assert "“Hợp tác xã Nông nghiệp Điện Minh” (mã số 4001234560)" in reasons[0]
    assert all("chưa có trong sổ đăng ký" in reason and "tạo mới" in reason for reason in reasons)
    assert not Organization.objects.filter(name__contains="Điện Minh").exists()


def test_the_preview_counts_the_organizations_to_create(personas, client_for):
    client = client_for(personas.province_officer)
    response = client.post(
        reverse("imports:batch_list"),
        {"kind": "annual_reports", "file": SimpleUploadedFile("tong-hop.xlsx", _summary(personas))},
    )
    batch = ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="organizations-missing"' in page and "Tạo mới 2 tổ chức" in page
    client.post(reverse("imports:batch_create_missing", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and batch.options["create_missing"] is True
    assert batch.options["organizations_new"] == 2 and batch.rejected_count == 0 and batch.created_count == 3
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="organizations-new"' in page and "Tạo mới 2 tổ chức cùng với báo cáo" in page
    assert 'id="organizations-missing"' not in page
    assert not Organization.objects.filter(name__contains="Điện Minh").exists()  # nothing written by the preview


def test_commit_creates_organizations_and_reports_in_one_batch_and_undo_removes_both(personas, client_for):
    organizations, reports = Organization.objects.count(), AnnualReport.objects.count()
    batch = _upload(personas.province_officer, _summary(personas), create_missing=True)
    client = client_for(personas.province_officer)
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    minh = Organization.objects.get(registration_code="4001234560")
    phuong = Organization.objects.get(name="Hợp tác xã Mây tre đan Điện Phương")
    assert (minh.kind, minh.field, minh.commune) == ("htx", "nong_nghiep", personas.geo.commune_a)
    assert (phuong.kind, phuong.field, phuong.registration_code) == ("htx", "thuong_mai", "")
    assert minh.history.get().history_change_reason.startswith("Nhập Excel, lô #")
    report = AnnualReport.objects.get(organization=phuong, year=2024)
    assert (report.members_official, report.revenue) == (12, 300_500_000)
    assert AnnualReport.objects.filter(organization=minh, year=2024, revenue=800_000_000).exists()
    assert (Organization.objects.count(), AnnualReport.objects.count()) == (organizations + 2, reports + 3)

    client.post(reverse("imports:batch_undo", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert (Organization.objects.count(), AnnualReport.objects.count()) == (organizations, reports)
    assert minh.history.latest().history_type == "-"


def test_the_command_creates_them_with_create_missing_and_a_second_run_changes_nothing(personas, tmp_path):
    path = tmp_path / "tong-hop-2024.xlsx"
    path.write_bytes(_summary(personas))
    call_command("import_workbook", str(path), "--user", "tinh", "--kind", "annual_reports", "--dry-run", verbosity=0)
    dry = ImportBatch.objects.latest("pk")
    assert dry.rejected_count == 2 and dry.options["organizations_missing"] == 2
    call_command("import_workbook", str(path), "--user", "tinh", "--create-missing", verbosity=0)
    first = ImportBatch.objects.latest("pk")
    assert (first.status, first.created_count, first.options["organizations_new"]) == (BatchStatus.COMMITTED, 3, 2)
    state = (list(Organization.objects.order_by("pk").values()), list(AnnualReport.objects.order_by("pk").values()))
    call_command("import_workbook", str(path), "--user", "tinh", "--create-missing", verbosity=0)
    again = ImportBatch.objects.latest("pk")
    assert (again.created_count, again.updated_count, again.unchanged_count, again.rejected_count) == (0, 0, 3, 0)
    assert again.options["organizations_new"] == 0 and again.options["organizations_missing"] == 0
    assert (list(Organization.objects.order_by("pk").values()), list(AnnualReport.objects.order_by("pk").values())) == state


def test_a_commune_officer_cannot_create_outside_their_commune(personas):
    organizations, reports = Organization.objects.count(), AnnualReport.objects.count()
    batch = _upload(personas.commune_officer, _summary(personas, commune=personas.geo.commune_b), create_missing=True)
    assert batch.options["organizations_new"] == 0
    refused = batch.rows.filter(action=RowAction.REJECT).order_by("row_number")
    assert [row.row_number for row in refused] == [5, 6]
    assert all("chỉ được nhập dữ liệu thuộc phạm vi của mình" in row.reason for row in refused)
    with pytest.raises(services.ImportRefused):
        services.batch_commit(actor=personas.commune_officer, batch=batch)
    services.batch_commit(actor=personas.commune_officer, batch=batch, valid_only=True)
    assert (Organization.objects.count(), AnnualReport.objects.count()) == (organizations, reports + 1)


def test_rows_all_naming_a_code_still_name_the_organizations_the_registry_lacks(personas):
    """Codes in every row: the name and commune columns are read only for the rows whose code the
    registry lacks (imports.staging), and those rows can still create their organization."""
    geo = personas.geo
    rows = [
        ["BIỂU TỔNG HỢP TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM 2024"],
        ["Mã số HTX", "Tên hợp tác xã", "Xã, phường", "Thành viên chính thức"],
        [personas.organization.registration_code, personas.organization.name, geo.commune_a.full_name, 30],
        ["4001234561", "Hợp tác xã Xây dựng Điện Nam", geo.commune_a.full_name, 9],
    ]
    content = xlsx({"2024": rows})
    batch = _upload(personas.province_officer, content)
    assert (batch.options["organizations_missing"], batch.rejected_count) == (1, 1)
    batch = _upload(personas.province_officer, content, create_missing=True)
    services.batch_commit(actor=personas.province_officer, batch=batch)
    created = Organization.objects.get(registration_code="4001234561")
    assert (created.name, created.field, created.kind) == ("Hợp tác xã Xây dựng Điện Nam", "cong_nghiep", "htx")
    assert AnnualReport.objects.get(organization=created, year=2024).members_official == 9

import io

import pytest
from python_calamine import CalamineWorkbook

from imports.tests.helpers import REPORT_HEADER, xlsx
from registry.models import AnnualReport

PASSWORD = "matkhau-demo-2025"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_upload_a_messy_workbook_preview_commit_valid_rows_and_download_errors(personas, live_server, page, screenshot, settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False
    org, other = personas.organization, personas.other_organization
    content = xlsx(
        {
            "Bao cao 2024": [
                ["BÁO CÁO TÌNH HÌNH HỢP TÁC XÃ NĂM 2024"],
                ["Đơn vị tính: triệu đồng"],
                [],
                REPORT_HEADER[:7] + ["Doanh thu"],
                [1, org.registration_code, org.name, "P. Điện Bàn Đông", 2024, "1.234", 12, "2.500,5"],
                [2, other.registration_code, other.name, "Xã Duy Xuyên", 2024, 10, 2, 100],
                [3, None, "Tổng cộng", None, None, 1244, 14, 2600.5],
            ]
        }
    )
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/nhap-excel/")
    page.fill("#id_username", personas.commune_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("#upload-form")
    screenshot(page, "import-home")
    page.select_option("#id_kind", "annual_reports")
    page.set_input_files(
        "#id_file", files=[{"name": "bao-cao-xa.xlsx", "mimeType": "application/octet-stream", "buffer": content}]
    )
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#batch-counts")
    screenshot(page, "preview")
    assert page.inner_text("[data-count=create]") == "1"
    assert page.inner_text("[data-count=reject]") == "1"
    cells = page.locator("#rejected-rows tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "Bao cao 2024" and cells[1] == "6" and "không có quyền" in cells[4]
    assert not AnnualReport.objects.exists()

    page.check("#id_valid_only")
    page.click("#commit-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    screenshot(page, "committed")
    report = AnnualReport.objects.get()
    assert report.organization_id == org.pk and report.revenue == 2_500_500_000 and report.members_official == 1234

    with page.expect_download() as download_info:
        page.click("#error-workbook")
    path = download_info.value.path()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(open(path, "rb").read())).get_sheet_by_index(0).to_python()
    assert rows[1][0] == 6 and rows[1][2] == other.registration_code and "không có quyền" in rows[1][-1]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_person_picks_the_field_of_an_unknown_column_and_the_file_is_read_again(
    personas, live_server, page, screenshot, settings
):
    settings.HOPTAC_IMPORT_BACKGROUND = False
    org = personas.organization
    content = xlsx({"BC": [["Mã số HTX", "Năm", "Doanh số (triệu đồng)"], [org.registration_code, 2024, 900]]})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/nhap-excel/")
    page.fill("#id_username", personas.province_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("#upload-form")
    page.select_option("#id_kind", "annual_reports")
    page.set_input_files("#id_file", files=[{"name": "doanh-so.xlsx", "mimeType": "application/octet-stream", "buffer": content}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#mapping-1")
    row = page.locator("#mapping-1 tr[data-column='2']")
    assert "Doanh số" in row.inner_text() and "900" in row.inner_text()
    assert row.locator("select").input_value() == ""  # not matched: skipped unless the person says otherwise
    screenshot(page, "mapping-before")
    row.locator("select").select_option("revenue")
    page.click("#mapping-1 button[type=submit]")
    page.wait_for_selector(".alert-success")
    screenshot(page, "mapping-confirmed")
    assert page.locator("#mapping-1 tr[data-column='2'] select").input_value() == "revenue"
    assert "theo cách đã xác nhận" in page.inner_text("#mapping-1 summary")
    page.click("#commit-form button[type=submit]")
    page.wait_for_selector("text=Đã ghi")
    assert AnnualReport.objects.get(organization=org, year=2024).revenue == 900_000_000

"""Browser: the whole cycle — self-assessment, supervisory confirmation, (late) submission, acceptance
by the commune officer — and the consolidated report with the accepted rating."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from evaluation.models import Assessment, YearResult
from evaluation.tests.helpers import scores_totalling
from registry.tests.factories import AnnualReportFactory

YEAR = 2025
PASSWORD = "matkhau-demo-2025"


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_from_self_assessment_to_the_consolidated_report(live_server, page, personas, screenshot):
    organization = personas.organization
    AnnualReportFactory(organization=organization, year=YEAR - 1, total_capital=1_500_000_000)
    AnnualReportFactory(
        organization=organization, year=YEAR, members_official=230, revenue=12_400_000_000, total_capital=1_800_000_000
    )
    sheet_url = f"{live_server.url}/danh-gia/to-chuc/{organization.pk}/{YEAR}/"

    sign_in(page, live_server, "htx")
    page.goto(f"{live_server.url}/danh-gia/")
    screenshot(page, "cooperative-home")
    page.goto(sheet_url)
    page.click("#lap-phieu")
    expect(page.locator("#trang-thai")).to_have_text("Đang tự chấm")
    expect(page.get_by_text("Tổng nguồn vốn năm 2025: 1,8 tỷ > năm 2024: 1,5 tỷ → 1 điểm")).to_be_visible()
    screenshot(page, "prefilled-sheet")

    # A score above the maximum is refused with the criterion named.
    page.fill("#diem_5", "9")
    page.click("#luu-diem")
    expect(
        page.get_by_text("Điểm ý 5 “Chấp hành pháp luật trong tổ chức, hoạt động của HTX” là 9, vượt điểm tối đa 8.")
    ).to_be_visible()
    screenshot(page, "refused-score")

    prefilled = Assessment.objects.get(organization=organization).prefills
    for code, value in scores_totalling(85).items():
        page.fill(f"#diem_{code}", value)
        if code in prefilled:
            page.fill(f"#lydo_{code}", "Đối chiếu sổ kế toán")
    page.click("#luu-diem")
    expect(page.locator("#tong-diem")).to_have_text("85")
    page.fill("#supervisor_name", "Trần Thị Kiểm")
    page.click("#xac-nhan")
    expect(page.locator("#trang-thai")).to_have_text("Ban kiểm soát đã xác nhận")
    screenshot(page, "confirmed")

    # 15/12/2025 has passed: without a reason the submission is refused, with one it goes through.
    page.click("#gui-phieu")
    expect(page.get_by_text(re.compile(r"Đã quá hạn gửi phiếu \(15/12/2025\)"))).to_be_visible()
    page.fill("#late_reason", "Đại hội thành viên họp muộn")
    page.click("#gui-phieu")
    expect(page.locator("#trang-thai")).to_have_text("Đã gửi, chờ xem xét")
    screenshot(page, "submitted")

    sign_in(page, live_server, "xa")
    page.goto(f"{live_server.url}/danh-gia/?year={YEAR}")
    expect(page.get_by_text("Phiếu chờ xem xét")).to_be_visible()
    screenshot(page, "officer-home")
    page.get_by_role("link", name=organization.name).first.click()
    page.fill("#comment", "Đủ hồ sơ")
    page.click("#chap-nhan")
    expect(page.locator("#trang-thai")).to_have_text("Đã chấp nhận")
    expect(page.locator("#lich-su")).to_contain_text("Trạng thái: Đã gửi, chờ xem xét → Đã chấp nhận")
    screenshot(page, "accepted")
    assert YearResult.objects.get(organization=organization, year=YEAR).rating == "tot"

    page.goto(f"{live_server.url}/danh-gia/ket-qua/?year={YEAR}")
    table = page.locator("#bang-tong-hop")
    expect(table).to_contain_text("Phường Điện Bàn Đông")
    expect(table.locator("tbody tr").last).to_contain_text("100,0 %")
    screenshot(page, "consolidated")
    with page.expect_download() as download:
        page.click("#tai-xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Xã, phường")
    total = next(r for r in rows if r and r[0] == "Tổng cộng")
    assert total[header.index("Tốt")] == 1
    assert total[header.index("Tỷ lệ tốt, khá trên số HTX được xếp loại (%)")] == 100.0
    page.click("#tai-docx")  # built on the task queue: its status page offers the file
    expect(page.locator("#document-status")).to_have_text("Đã xong", timeout=15_000)
    with page.expect_download() as document:
        page.click("#download-document")
    assert document.value.suggested_filename.endswith(".docx")

    page.goto(f"{live_server.url}/danh-gia/to-chuc/{organization.pk}/")
    expect(page.locator("#xu-huong")).to_contain_text("vừa: 230 thành viên chính thức ≥ 200 và doanh thu 12,4 tỷ ≥ 10 tỷ")
    screenshot(page, "organization-trend")

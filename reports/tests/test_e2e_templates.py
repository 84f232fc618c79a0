"""Browser test: a province officer opens "Mẫu văn bản" from the menu, sets the Sở Tài chính's
document settings, uploads a new wording for the plan-vs-actual report, and sees it in the history."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from reports.models import ReportTemplate


def _template() -> bytes:
    document = Document()
    for line in ("BÁO CÁO NHANH", "Chỉ tiêu năm {{ year }} tại {{ scope }}.", "{{p plan_table }}", "{{p closing }}"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_province_officer_sets_the_letterhead_and_replaces_a_template(live_server, page, personas, screenshot, tmp_path):
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "tinh")
    page.fill("#id_password", "matkhau-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/viec-cua-toi/")  # sign-in lands on the home of the role

    page.locator("#menu-admin").click()  # the "Quản trị" dropdown of the menu
    page.locator("#mainnav a[href='/bao-cao/mau/']").click()
    expect(page.locator("h1")).to_have_text("Mẫu lời văn báo cáo")
    page.get_by_role("link", name="Thông tin văn bản của cơ quan").click()
    page.locator("#agency-table tr", has_text="Sở Tài chính").get_by_role("link", name="Sửa").click()
    page.fill("#id_symbol", "stc")
    page.fill("#id_place_name", "Đà Nẵng")
    page.fill("#id_signer_title", "Phó Giám đốc")
    page.fill("#id_signer_name", "Nguyễn Văn An")
    screenshot(page, "thong-tin-van-ban")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#agency-table")).to_contain_text("…/BC-STC")

    page.goto(f"{live_server.url}/bao-cao/mau/plan_actual/")
    upload = tmp_path / "mau-moi.docx"
    upload.write_bytes(_template())
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="Lưu làm mẫu đang dùng").click()
    expect(page.locator("#template-history")).to_contain_text("Tải lên mau-moi.docx")
    screenshot(page, "mau-da-thay")
    assert ReportTemplate.objects.get().changed_by == personas.province_officer

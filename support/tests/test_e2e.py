import pytest

from support.models import SupportRecord
from support.tests.factories import SupportPolicyFactory

PASSWORD = "matkhau-demo-2025"


def pick(page, select_id, value):
    """Choose in a tom-select picker once its script has attached it (it loads after the form is visible)."""
    page.wait_for_function(f"document.getElementById('{select_id}')?.tomselect !== undefined")
    page.evaluate("([id, value]) => document.getElementById(id).tomselect.setValue(value)", [select_id, str(value)])


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_agency_officer_records_support_and_sees_it_in_the_register_and_totals(personas, live_server, page, screenshot):
    policy = SupportPolicyFactory(
        code="qnam-tm", name="Hỗ trợ xúc tiến thương mại (Quảng Nam)", support_type="xuc_tien_thuong_mai"
    )
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", personas.commune_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "dang-nhap" not in url)
    page.goto(f"{live_server.url}/ho-tro/")
    screenshot(page, "support-home")
    page.click("text=Ghi nhận hỗ trợ")
    page.wait_for_selector("#id_supported_on")
    # The organization and policy pickers are tom-select widgets over the real <select>s.
    pick(page, "id_organization", personas.organization.pk)
    pick(page, "id_policy", policy.pk)
    page.fill("#id_supported_on", "2024-05-10")
    page.fill("#id_amount", "-3.000.000")
    screenshot(page, "form-filled-wrong")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector(".invalid-feedback")
    assert "không được âm" in page.inner_text("#record-form")
    assert not SupportRecord.objects.exists()
    screenshot(page, "refused")

    pick(page, "id_organization", personas.organization.pk)
    pick(page, "id_policy", policy.pk)
    page.fill("#id_amount", "45.000.000")
    page.fill("#id_content", "Gian hàng hội chợ OCOP 2024")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("text=Đã lưu bản ghi hỗ trợ")
    screenshot(page, "saved")
    record = SupportRecord.objects.get()
    assert record.amount == 45_000_000 and record.agency == personas.commune_officer.agency

    page.goto(f"{live_server.url}/ho-tro/ban-ghi/?year=2024")
    page.wait_for_selector("#record-table")
    assert personas.organization.name in page.inner_text("#record-table")
    assert "45.000.000 đồng" in page.inner_text("#record-total")
    assert "Xúc tiến thương mại, mở rộng thị trường" in page.inner_text("#record-totals")
    screenshot(page, "register-with-totals")
    page.goto(f"{live_server.url}/ho-tro/")
    assert page.inner_text("#total-amount") == "45 triệu"
    screenshot(page, "home-total")

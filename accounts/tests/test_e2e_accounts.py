"""Browser test: a province officer opens "Tài khoản" from the menu, creates a commune officer
account (first forgetting the commune, reading the Vietnamese error), reads the generated password
once, and the new officer signs in with it, replaces it with their own and finds their commune."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from core.roles import Role


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_province_officer_creates_a_commune_officer_account(live_server, page, personas, screenshot):
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)  # two shared cores: a request can take seconds under load

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "tinh")
    page.fill("#id_password", "matkhau-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/viec-cua-toi/")  # sign-in lands on the home of the role

    page.locator("#menu-admin").click()  # the "Quản trị" dropdown of the menu
    page.locator("#mainnav a[href='/tai-khoan/quan-ly/']").click()
    expect(page.locator("h1")).to_have_text("Quản lý tài khoản")
    page.fill("#id_q", "lanhdao")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#result-count")).to_contain_text("1–1 / 1 tài khoản")
    screenshot(page, "danh-sach")

    page.click("#account-create")
    page.fill("#id_username", "xa_hai_chau")
    page.fill("#id_full_name", "Hồ Thị Hạnh")
    page.fill("#id_position", "Công chức Phòng Kinh tế")
    page.get_by_label("Cán bộ UBND xã, phường").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#form-errors")).to_contain_text("phải có xã, phường phụ trách")
    screenshot(page, "loi-thieu-xa")
    assert not User.objects.filter(username="xa_hai_chau").exists()

    # The commune picker is searchable without diacritics.
    page.locator(".ts-wrapper:has(#id_commune-ts-control) .ts-control").click()
    page.locator("#id_commune-ts-control").press_sequentially("hai chau")  # its own search box, not "whatever has focus"
    page.locator(".ts-dropdown .option").filter(has_text="Phường Hải Châu").click()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tạo tài khoản “xa_hai_chau”")
    password = page.locator("#new-password code").inner_text().strip()
    expect(page.locator("#lich-su")).to_be_visible()
    expect(page.locator(".history-table")).to_contain_text(str(personas.province_officer))
    screenshot(page, "mat-khau-mot-lan")
    account = User.objects.get(username="xa_hai_chau")
    assert account.roles == {Role.COMMUNE_OFFICER} and account.commune == personas.geo.commune_c
    page.reload()
    expect(page.locator("#new-password")).to_have_count(0)  # shown once only

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "xa_hai_chau")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    # A generated password was seen by the officer who made it: it is replaced first.
    page.wait_for_url(f"{live_server.url}/tai-khoan/doi-mat-khau/?next=%2Fviec-cua-toi%2F")
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Cua-rieng-Hanh-2025")
    page.fill("#id_new_password2", "Cua-rieng-Hanh-2025")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.wait_for_url(f"{live_server.url}/viec-cua-toi/")
    page.goto(f"{live_server.url}/tai-khoan/")
    expect(page.locator("main")).to_contain_text("Phường Hải Châu")
    screenshot(page, "dang-nhap-tai-khoan-moi")

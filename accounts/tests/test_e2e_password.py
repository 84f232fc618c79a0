"""Browser test: an administrator gives a leader a new password; the leader signs in with it, is
sent to "Đổi mật khẩu" whatever page they open, chooses their own password (first mistyping the
repetition) and lands on the dashboard."""

import pytest
from playwright.sync_api import expect

from accounts import services
from accounts.models import User


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_leader_replaces_the_password_an_administrator_gave(live_server, page, personas, screenshot):
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)  # two shared cores: a request can take seconds under load
    given = services.account_set_password(actor=personas.admin, account=personas.leader)

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "lanhdao")
    page.fill("#id_password", given)
    page.click("button[type=submit]")
    # sign-in leads to the home of the role, which sends a must-change account here first
    page.wait_for_url(f"{live_server.url}/tai-khoan/doi-mat-khau/?next=%2Fviec-cua-toi%2F")
    expect(page.locator("h1")).to_have_text("Đổi mật khẩu")
    expect(page.locator(".alert-warning")).to_contain_text("Mật khẩu này do người quản trị cấp")
    screenshot(page, "bi-chuyen-den-doi-mat-khau")

    # Another page leads back here until the password is changed.
    page.goto(f"{live_server.url}/to-chuc/")
    page.wait_for_url(f"{live_server.url}/tai-khoan/doi-mat-khau/?next=%2Fto-chuc%2F")
    page.goto(f"{live_server.url}/tai-khoan/doi-mat-khau/?next=%2F")

    page.fill("#id_old_password", given)
    page.fill("#id_new_password1", "Lanh-dao-rieng-2025")
    page.fill("#id_new_password2", "Lanh-dao-rieng-2026")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator("#form-errors")).to_contain_text("Hai lần nhập mật khẩu mới không giống nhau.")
    screenshot(page, "nhap-lai-khong-khop")
    assert User.objects.get(pk=personas.leader.pk).check_password(given)

    page.fill("#id_old_password", given)
    page.fill("#id_new_password1", "Lanh-dao-rieng-2025")
    page.fill("#id_new_password2", "Lanh-dao-rieng-2025")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".alert-success")).to_contain_text("Đã đổi mật khẩu.")
    expect(page.locator("h1")).to_contain_text("Tổng quan kinh tế tập thể")
    screenshot(page, "tong-quan-sau-khi-doi")
    leader = User.objects.get(pk=personas.leader.pk)
    assert leader.check_password("Lanh-dao-rieng-2025") and not leader.must_change_password

    page.goto(f"{live_server.url}/to-chuc/")
    expect(page).to_have_url(f"{live_server.url}/to-chuc/")

"""Browser tests: an officer clicks a dashboard figure and lands on the list behind it; an officer
sets a target and finds it in the plan-versus-actual table."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from core.roles import Role
from geo.tests.factories import build_geography
from indicators.catalogue import load_catalogue
from indicators.tests.fixtures import build


def signed_in_province_officer(live_server, page):
    """The hand-built fixture, and a province officer signed in in the browser."""
    geo = build_geography()
    load_catalogue()  # transaction=True flushed the rows the migration loaded
    build(geo)
    UserFactory(username="tinh_e2e", roles=[Role.PROVINCE_OFFICER], province=geo.province)

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "tinh_e2e")
    page.fill("#id_password", "matkhau-demo-2025")
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").last.click()
    return geo


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_officer_clicks_a_dashboard_figure_and_lands_on_the_matching_list(live_server, page, screenshot):
    geo = signed_in_province_officer(live_server, page)
    page.goto(f"{live_server.url}/")
    card = page.locator('[data-figure="htx_total"]')
    expect(card).to_be_visible()
    expect(page.locator("#chart-counts svg")).to_be_visible()  # ECharts drew from the local bundle
    screenshot(page, "dashboard")

    figure = card.locator(".fs-4").inner_text().split()[0]
    card.click()
    expect(page).to_have_url(re.compile(rf"/to-chuc/\?kind=htx&province={geo.province.pk}&exists_year=\d{{4}}$"))
    screenshot(page, "list")
    # The list counts exactly the cooperatives the figure counts (dissolved ones left out).
    expect(page.locator("#result-count")).to_contain_text(f"/ {figure} tổ chức")
    # The list behind the figure shows the city's cooperatives, not the other province's.
    expect(page.get_by_text("HTX A1").first).to_be_visible()
    expect(page.get_by_text("HTX tỉnh khác")).to_have_count(0)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_province_officer_sets_a_target_and_sees_it_in_the_plan_actual_table(live_server, page, screenshot):
    geo = signed_in_province_officer(live_server, page)
    page.goto(f"{live_server.url}/chi-tieu/muc-tieu/")
    page.get_by_role("link", name="Giao chỉ tiêu").click()
    page.select_option("#id_indicator", label="Số hợp tác xã")
    page.select_option("#id_scope", value=str(geo.province.pk))
    page.fill("#id_start_year", "2024")
    page.fill("#id_year", "2030")
    page.fill("#id_value", "250–200")  # reversed: refused with a message
    page.fill("#id_document", "KH 15/KH-UBND")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("cận trên phải lớn hơn hoặc bằng cận dưới")).to_be_visible()
    page.fill("#id_value", "200–250")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#targets")).to_contain_text("KH 15/KH-UBND")
    screenshot(page, "targets")

    page.goto(f"{live_server.url}/chi-tieu/?scope={geo.province.pk}&year=2030")
    row = page.locator("#plan-actual tr", has_text="KH 15/KH-UBND")
    expect(row).to_contain_text("200–250")
    screenshot(page, "plan-actual")

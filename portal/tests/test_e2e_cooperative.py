"""Browser test: the cooperative signs in, lands on its home, sees the annual report due, files it
and sees the item done — at 1366×768 and on a 390×844 phone, never scrolling sideways."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry.models import AnnualReport

VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def assert_no_horizontal_overflow(page):
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page is {width} px wide on a {inner} px screen"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_the_cooperative_goes_from_sign_in_to_its_home_and_files_its_annual_report(
    live_server, page, personas, screenshot, screen
):
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)  # two shared cores: a request can take seconds under load
    page.set_viewport_size(VIEWPORTS[screen])
    year = timezone.localdate().year

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "htx")
    page.fill("#id_password", "matkhau-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/viec-cua-toi/")
    expect(page.locator("h1")).to_have_text("Việc của tôi")
    expect(page.locator("#work-total")).to_contain_text("2 việc đang chờ")
    assert_no_horizontal_overflow(page)
    screenshot(page, f"{screen}-viec-cua-toi")

    page.get_by_role("link", name=f"Báo cáo năm {year}: chưa nộp").click()
    expect(page.locator("#id_year")).to_have_value(str(year))
    assert_no_horizontal_overflow(page)
    screenshot(page, f"{screen}-bao-cao-nam")
    page.fill("#id_members_official", "42")
    page.fill("#id_regular_workers", "9")
    page.fill("#id_revenue", "1500000000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Đã lưu báo cáo năm {year}")
    report = AnnualReport.objects.get(organization=personas.organization, year=year)
    assert report.members_official == 42 and report.revenue == 1_500_000_000

    page.goto(f"{live_server.url}/viec-cua-toi/")
    expect(page.get_by_role("link", name=f"Báo cáo năm {year}: đã nộp")).to_be_visible()
    expect(page.locator("#work-total")).to_contain_text("1 việc đang chờ")
    expect(page.locator("[data-menu-badge]").first).to_have_text("1")
    assert_no_horizontal_overflow(page)
    screenshot(page, f"{screen}-da-nop")

"""Browser test: a province officer opens the queue from the home, ticks two reports, approves
them at once and sees them gone — at 1366×768 and 390×844, never scrolling sideways."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import AgencyFactory
from portal.tests.test_e2e_cooperative import VIEWPORTS, assert_no_horizontal_overflow
from portal.tests.test_work import submitted_report
from programs.models import ProgressReport, ReportState


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_a_province_officer_approves_reports_from_the_queue(live_server, page, personas, screenshot, screen):
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)  # two shared cores: a request can take seconds under load
    page.set_viewport_size(VIEWPORTS[screen])
    agency = AgencyFactory(province=personas.geo.province, name="Sở Nông nghiệp và Môi trường")
    reports = [submitted_report(personas.province_officer.agency, agency) for _ in range(3)]

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "tinh")
    page.fill("#id_password", "matkhau-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/viec-cua-toi/")
    expect(page.locator("#section-reports [data-count]")).to_have_text("3")
    assert_no_horizontal_overflow(page)
    screenshot(page, f"{screen}-viec-cua-toi")

    page.locator("#queue-link").click()
    expect(page.locator("#queue-reports li")).to_have_count(3)
    page.check(f"#reports-{reports[0].pk}")
    page.check(f"#reports-{reports[1].pk}")
    assert_no_horizontal_overflow(page)
    screenshot(page, f"{screen}-chon")
    page.get_by_role("button", name="Duyệt các báo cáo đã chọn").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã duyệt 2 mục.")
    expect(page.locator("#queue-reports li")).to_have_count(1)
    assert_no_horizontal_overflow(page)
    screenshot(page, f"{screen}-da-duyet")
    states = dict(ProgressReport.objects.values_list("pk", "state"))
    assert [states[r.pk] for r in reports] == [ReportState.APPROVED, ReportState.APPROVED, ReportState.SUBMITTED]

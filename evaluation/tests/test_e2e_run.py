"""Browser (1366×768): a province officer accepts a self-assessment from the queue "Chờ tôi xử lý",
then runs the year's classification and rating from the year page: the confirmation of the year,
the progress page while the task waits for the worker, the real worker's run, and the summary
the page updates itself to (agreeing with the queue), then a re-run that names what changed."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Assessment, AssessmentStatus, EvaluationRun, RunStatus
from evaluation.tests.helpers import CURRENT_SET, scores_totalling
from evaluation.tests.test_e2e import sign_in
from registry.tests.factories import AnnualReportFactory

YEAR = 2025


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_province_officer_accepts_from_the_queue_and_runs_the_years_rating(live_server, page, personas, screenshot, run_worker):
    page.set_viewport_size({"width": 1366, "height": 768})
    organization = personas.organization
    AnnualReportFactory(organization=organization, year=YEAR, members_official=230, revenue=12_400_000_000)
    now = timezone.now()
    sheet = Assessment.objects.create(
        organization=organization,
        year=YEAR,
        criteria_set=CURRENT_SET,
        status=AssessmentStatus.SUBMITTED,
        scores=scores_totalling(80),
        total=80,
        submitted_at=now,
        first_submitted_at=now,
    )

    sign_in(page, live_server, "tinh")
    page.goto(f"{live_server.url}/danh-gia/?year={YEAR}")
    expect(page.locator("#unevaluated-sheets")).to_be_visible()  # the sheet counts before any run (was 0/0)
    page.goto(f"{live_server.url}/viec-cua-toi/cho-xu-ly/")
    page.check(f"#sheets-{sheet.pk}")
    screenshot(page, "queue")
    page.get_by_role("button", name="Chấp nhận các phiếu đã chọn").click()
    expect(page.get_by_text("Đã duyệt 1 mục.")).to_be_visible()
    sheet.refresh_from_db()
    assert sheet.status == AssessmentStatus.ACCEPTED

    page.goto(f"{live_server.url}/danh-gia/?year={YEAR}")
    page.fill("#confirm_year", "2024")  # a slip: refused, nothing queued
    page.click("#run-button")
    expect(page.get_by_text(f"Năm xác nhận phải trùng với năm {YEAR}")).to_be_visible()
    assert not EvaluationRun.objects.exists()
    page.fill("#confirm_year", str(YEAR))
    screenshot(page, "year-page")
    page.click("#run-button")
    expect(page.locator("#run-status")).to_have_text("Đang chờ")
    expect(page.locator("#run-state .progress")).to_be_visible()
    screenshot(page, "run-waiting")
    page.goto(f"{live_server.url}/danh-gia/?year={YEAR}")
    expect(page.get_by_role("link", name="Xem tiến độ")).to_be_visible()  # one run at a time: no second button
    page.get_by_role("link", name="Xem tiến độ").click()

    run_worker()

    expect(page.locator("#run-status")).to_have_text("Đã xong", timeout=15_000)  # the page polled itself
    expect(page.locator("#run-sheets")).to_have_text("1/2")  # the accepted sheet; the personas' two HTX must submit
    expect(page.locator("#run-waiting")).to_have_text("0")  # nothing left in the queue
    screenshot(page, "run-summary")
    assert EvaluationRun.objects.get().status == RunStatus.DONE

    # Re-run after the sheet is rescored (by an administrator's correction): the change is named.
    Assessment.objects.filter(pk=sheet.pk).update(scores=scores_totalling(40), total=40)
    page.goto(f"{live_server.url}/danh-gia/?year={YEAR}")
    page.fill("#confirm_year", str(YEAR))
    page.click("#run-button")
    run_worker()
    expect(page.locator("#run-changes")).to_contain_text("Tốt → Yếu", timeout=15_000)
    expect(page.locator("#run-changes")).to_contain_text(organization.name)
    screenshot(page, "rerun-changes")

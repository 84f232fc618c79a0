"""In Chromium: an agency officer submits a report, the reviewer returns it with a comment, the
officer fixes and resubmits, the reviewer approves, and the consolidated report downloads."""

import io

import pytest
from docx import Document

from programs.models import ProgressReport, ReportState

PASSWORD = "matkhau-demo-2025"


def sign_in(page, live_server, username, path):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_submit_return_fix_approve_and_download(setup, personas, live_server, page, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # evidence and the built report
    task_path = f"/chuong-trinh/nhiem-vu/{setup.task.pk}/"

    # The commune's officer opens the task and starts the 2024 report.
    sign_in(page, live_server, "xa", task_path)
    page.click("button[data-period='2024']")
    page.wait_for_selector("#report-form")
    page.select_option("#id_progress", "in_progress")
    page.fill("#id_percent_done", "60")
    page.fill("#id_results", "Đã đăng 12 tin bài về hợp tác xã kiểu mới.")
    page.fill("#id_difficulties", "Thiếu kinh phí.")
    screenshot(page, "officer-fills-report")
    page.click("#submit-report")
    page.wait_for_selector("#report-state")
    assert page.inner_text("#report-state") == "Đã gửi"
    screenshot(page, "officer-submitted")
    report_path = page.url.removeprefix(live_server.url)

    # The lead department's reviewer returns it with a comment.
    sign_in(page, live_server, "tinh", report_path)
    page.fill("#id_comment", "Đề nghị bổ sung số liệu hội nghị.")
    screenshot(page, "reviewer-comments")
    page.click("#return-report")
    page.wait_for_selector("#report-state")
    assert page.inner_text("#report-state") == "Trả lại"

    # The officer sees the comment, fixes and resubmits.
    sign_in(page, live_server, "xa", report_path)
    assert "Đề nghị bổ sung số liệu hội nghị." in page.inner_text("#review-comment")
    screenshot(page, "officer-sees-comment")
    page.fill("#id_results", "Đã đăng 12 tin bài; tổ chức 2 hội nghị với 150 đại biểu.")
    page.click("#submit-report")
    page.wait_for_selector("#report-state")
    assert page.inner_text("#report-state") == "Đã gửi"

    # The reviewer approves: the report is locked.
    sign_in(page, live_server, "tinh", report_path)
    page.click("#approve-report")
    page.wait_for_selector("#report-state")
    assert page.inner_text("#report-state") == "Đã duyệt"
    assert page.locator("#report-form").count() == 0
    assert page.locator("#transitions li").count() == 5
    screenshot(page, "reviewer-approved")
    report = ProgressReport.objects.get(assignment=setup.lead, period="2024")
    assert report.state == ReportState.APPROVED and "150 đại biểu" in report.results

    # The consolidated report of 2024 downloads and contains the approved result.
    page.goto(f"{live_server.url}/chuong-trinh/{setup.program.pk}/?year=2024")
    screenshot(page, "program-page")
    # The button queues the build (run where it is enqueued in tests) and lands on its status page.
    page.click("#download-docx")
    page.wait_for_selector("#download-document")
    assert page.inner_text("#document-status") == "Đã xong"
    screenshot(page, "document-ready")
    with page.expect_download() as download_info:
        page.click("#download-document")
    download = download_info.value
    assert download.suggested_filename.endswith("2024.docx")
    document = Document(io.BytesIO(open(download.path(), "rb").read()))
    assert any("150 đại biểu" in p.text for p in document.paragraphs)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_department_attaches_evidence_without_losing_what_it_typed(
    setup, personas, live_server, page, screenshot, settings, tmp_path
):
    from accounts.tests.factories import AgencyFactory
    from programs.tests.test_evidence import PDF

    settings.MEDIA_ROOT = tmp_path
    department = AgencyFactory(
        code="so-nong-nghiep", name="Sở Nông nghiệp và Môi trường", kind="so_nganh", province=personas.geo.province
    )
    personas.department_officer.agency = department
    personas.department_officer.save()
    setup.lead.agency = department
    setup.lead.save()

    sign_in(page, live_server, "so", f"/chuong-trinh/nhiem-vu/{setup.task.pk}/")
    page.click("button[data-period='2024']")
    page.wait_for_selector("#report-form")
    page.select_option("#id_progress", "in_progress")
    page.fill("#id_percent_done", "70")
    page.fill("#id_results", "Hỗ trợ 5 HTX xây dựng chuỗi giá trị.")
    page.fill("#id_difficulties", "Vốn đối ứng của HTX còn ít.")
    page.fill("#id_proposals", "Tăng mức hỗ trợ lãi suất.")
    page.set_input_files("#id_file", files=[{"name": "bien-ban-nghiem-thu.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("#attach-button")
    page.wait_for_selector("#attachments >> text=bien-ban-nghiem-thu.pdf")
    # What was typed is still there, saved as a draft with the attachment.
    assert page.input_value("#id_results") == "Hỗ trợ 5 HTX xây dựng chuỗi giá trị."
    assert page.input_value("#id_difficulties") == "Vốn đối ứng của HTX còn ít."
    assert page.input_value("#id_proposals") == "Tăng mức hỗ trợ lãi suất."
    screenshot(page, "evidence-attached-text-kept")
    page.click("#submit-report")
    page.wait_for_selector("#report-state")
    assert page.inner_text("#report-state") == "Đã gửi"
    report = ProgressReport.objects.get(assignment=setup.lead, period="2024")
    assert report.state == ReportState.SUBMITTED and report.proposals == "Tăng mức hỗ trợ lãi suất."
    assert [a.original_name for a in report.attachments.all()] == ["bien-ban-nghiem-thu.pdf"]

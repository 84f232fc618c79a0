"""The page of an upload while the task worker processes it: it waits, then shows the preview."""

import pytest

from imports.models import BatchStatus, ImportBatch
from imports.tests.helpers import REPORT_HEADER, xlsx

PASSWORD = "matkhau-demo-2025"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_upload_shows_progress_until_the_worker_has_processed_it(
    personas, live_server, page, screenshot, settings, tmp_path, run_worker
):
    settings.HOPTAC_IMPORT_BACKGROUND = True
    settings.MEDIA_ROOT = tmp_path
    org = personas.organization
    content = xlsx({"Bao cao": [REPORT_HEADER, [1, org.registration_code, org.name, "", 2024, 10, 2, 1]]})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/nhap-excel/")
    page.fill("#id_username", personas.commune_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("#upload-form")
    page.select_option("#id_kind", "annual_reports")
    page.set_input_files("#id_file", files=[{"name": "bc.xlsx", "mimeType": "application/octet-stream", "buffer": content}])
    page.click("#upload-form button[type=submit]")

    page.wait_for_selector("#batch-progress")
    screenshot(page, "waiting-for-the-worker")
    assert ImportBatch.objects.get().status == BatchStatus.PENDING  # nothing processes it in the web process
    run_worker()
    page.wait_for_selector("#batch-counts")  # the page polls, then reloads with the preview
    screenshot(page, "processed-by-the-worker")
    assert page.inner_text("[data-count=create]") == "1"

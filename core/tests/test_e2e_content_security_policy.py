"""Browser test: under the Content-Security-Policy every page still works and nothing is refused."""

import pytest
from playwright.sync_api import expect


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_pages_charts_and_api_docs_work_with_no_policy_violation(live_server, page, personas, screenshot):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", personas.province_officer.username)
    page.fill("#id_password", "matkhau-demo-2025")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()

    page.goto(f"{live_server.url}/")  # the dashboard: ECharts draws
    screenshot(page, "dashboard")
    page.goto(f"{live_server.url}/to-chuc/")  # the list's inline script (nonce) and htmx
    page.fill("#filter-form input[name=q]", "HTX")
    expect(page.locator("#results")).to_contain_text(personas.organization.name)
    screenshot(page, "list")
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("hoptac API", timeout=30_000)
    screenshot(page, "swagger")
    page.goto(f"{live_server.url}/api/redoc/")
    expect(page.get_by_role("heading", name="hoptac API").first).to_be_visible(timeout=30_000)  # the schema takes a while
    screenshot(page, "redoc")
    page.goto(f"{live_server.url}/quan-tri/login/")
    expect(page.locator("#login-form")).to_be_visible()

    # Redoc's "API docs by Redocly" badge points at its CDN: the policy blocks it, which is its job.
    assert [text for text in violations if "https://cdn.redoc.ly/" not in text] == []

"""axe-core on the most used pages of every role, at 1366×768 and 390×844 (issue #17 item 9).

axe-core is a test-only npm package (devDependencies): it is injected into each page from
node_modules, never collected into static. A serious or critical violation fails the test, listed
with its rule, page, screen and element. The menu must also stay on one line at 1366 px.
"""

from collections import Counter

import pytest
from django.conf import settings

from tests.inprocess_site import ORIGIN, InProcessSite
from tests.site_pages import site_pages

AXE = settings.NODE_MODULES / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
FAILING = {"serious", "critical"}

pytestmark = [pytest.mark.xdist_group("site"), pytest.mark.e2e]

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 8).map(n => {
      const data = (n.any[0] || {}).data || {};
      const colours = data.contrastRatio ? ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1)` : "";
      return n.target.join(" ") + colours;
    }),
  }));
}"""


def run_axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.fixture
def browser_page(browser, demo_client):
    """One browser context for every page; the site answers from the test thread."""
    context = browser.new_context(bypass_csp=True, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    site = InProcessSite(demo_client("anonymous"))
    site.attach(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page, site
    context.close()


def test_the_detector_sees_a_violation_on_a_page_built_to_fail(browser_page):
    page, _ = browser_page
    page.set_content(
        '<html lang="vi"><body><main><input type="file"><p style="color:#888;background:#999">mờ</p></main></body></html>'
    )
    found = {v["id"] for v in run_axe(page) if v["impact"] in FAILING}
    assert {"label", "color-contrast"} <= found


def test_the_most_used_pages_have_no_serious_accessibility_violation(browser_page, demo_client, record_property):
    page, site = browser_page
    pages = site_pages(demo_client)
    assert len(pages) >= 20
    clients = {}
    failures, minor = [], Counter()
    for screen, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for site_page in pages:
            site.client = clients.get(site_page.role) or clients.setdefault(site_page.role, demo_client(site_page.role))
            response = page.goto(ORIGIN + site_page.path, wait_until="load")
            assert response.status == 200, f"{site_page.name} ({site_page.path}): {response.status}"
            for violation in run_axe(page):
                if violation["impact"] in FAILING:
                    failures.append(
                        f"{violation['id']} ({violation['impact']}) on {site_page.name} {site_page.path} [{screen}]: "
                        f"{violation['help']}; {', '.join(violation['targets'])}"
                    )
                else:
                    minor[violation["id"]] += 1
    record_property("axe_minor", dict(minor))
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("role, language", [("admin", "vi"), ("admin", "en"), ("tinh", "vi"), ("anonymous", "en")])
def test_the_menu_stays_on_one_line_at_1366_px(browser_page, demo_client, role, language):
    """The widest menus (the administrator's, the province officer's with a badge) fit the navbar's
    one line at 1366 px, in both languages, without running off the right edge."""
    page, site = browser_page
    page.set_viewport_size(VIEWPORTS["desktop"])
    site.client = demo_client(role, language)
    page.goto(ORIGIN + "/")
    boxes = page.evaluate("[...document.querySelectorAll('#mainnav > ul > li')].map(li => li.getBoundingClientRect().toJSON())")
    brand = page.locator(".navbar-brand").bounding_box()
    navbar = page.locator("nav.navbar").bounding_box()
    assert len(boxes) >= 4
    tops = sorted({round(box["top"]) for box in boxes})
    assert tops[-1] - tops[0] < 4, f"menu items start at {tops} px: the menu wraps"
    assert max(box["right"] for box in boxes) <= VIEWPORTS["desktop"]["width"], "the menu runs off the screen"
    assert navbar["height"] <= brand["height"] + 24, f"the navbar is {navbar['height']} px high"


def test_the_keyboard_reaches_a_skip_link_first_and_sees_where_its_focus_is(browser_page, demo_client):
    page, site = browser_page
    page.set_viewport_size(VIEWPORTS["desktop"])
    site.client = demo_client("tinh")
    page.goto(ORIGIN + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert focused == ["Bỏ qua đến nội dung chính", "#main"]
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Tab")  # the brand, then the menu's links
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.classList.contains('nav-link'), s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style == [True, "solid", "3px"], f"the focused menu link shows no ring: {style}"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

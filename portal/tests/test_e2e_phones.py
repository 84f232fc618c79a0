"""Browser walks on a 390×844 phone (issue #17, item 6): the cooperative files its annual report,
a member and its self-assessment, and the leader reads the dashboard; on each, every page the
role uses is visited and none may scroll sideways. Screenshots under test-output/screenshots/.

Two walks only (a browser test costs tens of seconds on the shared machine): each visits its
role's pages in one signed-in session."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Assessment
from registry.models import AnnualReport, Member
from registry.tests.factories import AnnualReportFactory

PHONE = {"width": 390, "height": 844}
PASSWORD = "matkhau-demo-2025"


def sign_in(page, live_server, username):
    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)  # two shared cores: a request can take seconds under load
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(re.compile("dang-nhap"))  # the role's home (the leader's: the dashboard)


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scrolling)."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return max(0, width - inner)


WIDEST = """() => {
  const over = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1);
  const leaf = over.filter(e => ![...e.children].some(c => over.includes(c)));
  return leaf.slice(0, 3).map(e => e.tagName + "." + e.className + " " + (e.textContent || "").trim().slice(0, 40)).join(" | ");
}"""


def widest(page) -> str:
    """The innermost elements reaching past the screen's right edge, to say what to fix."""
    return page.evaluate(WIDEST)


def visit_all(page, live_server, paths) -> list[str]:
    """Each path's problems: an error status or sideways scrolling."""
    problems = []
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response.status if response else '?'}")
        elif excess := overflow(page):
            problems.append(f"{path}: {excess} px wider than the screen ({widest(page)})")
    return problems


def _reports(personas, year):
    for organization in (personas.organization, personas.other_organization):
        AnnualReportFactory(organization=organization, year=year - 2, revenue=3_200_000_000, revenue_from_members=0)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_cooperative_files_its_report_member_and_self_assessment_on_a_phone(live_server, page, personas, screenshot):
    organization = personas.organization
    year = timezone.localdate().year
    _reports(personas, year)
    sign_in(page, live_server, "htx")
    assert overflow(page) == 0
    screenshot(page, "viec-cua-toi")

    # The annual report, amounts typed the way people write them.
    page.get_by_role("link", name=f"Báo cáo năm {year}: chưa nộp").click()
    assert overflow(page) == 0
    page.fill("#id_members_official", "42")
    page.fill("#id_regular_workers", "9")
    page.fill("#id_revenue", "1.500.000.000")
    page.fill("#id_total_capital", "hai tỷ")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_total_capital")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_total_capital")).to_be_focused()  # the page opens on the field in error
    expect(page.locator("#id_revenue")).to_have_value("1.500.000.000")  # nothing typed is lost
    screenshot(page, "bao-cao-loi")
    page.fill("#id_total_capital", "2.000.000.000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Đã lưu báo cáo năm {year}")
    report = AnnualReport.objects.get(organization=organization, year=year)
    assert (report.revenue, report.total_capital) == (1_500_000_000, 2_000_000_000)

    # A member, the date typed dd/mm/yyyy whatever the browser's locale.
    page.goto(f"{live_server.url}/to-chuc/{organization.pk}/thanh-vien/them/")
    page.fill("#id_name", "Nguyễn Văn Bình")
    page.fill("#id_capital_contribution", "20.000.000")
    page.fill("#id_joined_on", "05/06/2024")
    page.locator("main form button[type=submit]").last.click()
    member = Member.objects.get(organization=organization, name="Nguyễn Văn Bình")
    assert (member.capital_contribution, member.joined_on.isoformat()) == (20_000_000, "2024-06-05")

    # The self-assessment: one criterion per card, the total follows the typing.
    page.goto(f"{live_server.url}/danh-gia/to-chuc/{organization.pk}/{year - 1}/")
    page.click("#lap-phieu")
    expect(page.locator(".criterion").first).to_be_visible()
    page.fill("#diem_5", "7,5")
    page.fill("#diem_1a", "2")
    expect(page.locator("#tong-diem")).to_contain_text(",5")
    assert page.locator(".score-total").is_visible()  # the bar with the total stays in view
    assert overflow(page) == 0
    screenshot(page, "phieu-tu-cham")
    page.click("#luu-diem")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu điểm tự chấm")
    assert Assessment.objects.get(organization=organization).scores["5"] == "7.5"

    problems = visit_all(
        page,
        live_server,
        [
            "/viec-cua-toi/",
            "/",
            "/to-chuc/",
            f"/to-chuc/{organization.pk}/",
            f"/to-chuc/{organization.pk}/bao-cao-nam/{report.pk}/sua/",
            f"/to-chuc/{organization.pk}/thanh-vien/{member.pk}/sua/",
            "/danh-gia/",
            f"/danh-gia/to-chuc/{organization.pk}/",
            f"/danh-gia/to-chuc/{organization.pk}/{year - 1}/",
            "/ho-tro/",
            "/nhap-excel/",
            "/cong-khai/du-lieu-mo/",
            "/dia-ban/",
            "/chuong-trinh/thong-bao/",
            "/tai-khoan/",
        ],
    )
    assert problems == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_leader_reads_the_dashboard_on_a_phone(live_server, page, personas, screenshot):
    from indicators.catalogue import load_catalogue

    load_catalogue()  # transaction=True: an earlier test's flush removed the rows the migration loaded
    year = timezone.localdate().year
    _reports(personas, year)
    sign_in(page, live_server, "lanhdao")
    page.goto(f"{live_server.url}/")
    figures = page.locator("#figures .figure-card")
    expect(figures.first).to_be_visible()
    # The headline figures come first; the others wait behind one button.
    assert page.locator("#figures .figure-more").count() > 0
    expect(page.locator("#figures .figure-more").first).to_be_hidden()
    first = page.locator("#figures").bounding_box()
    chart = page.locator("#chart-counts").bounding_box()
    assert first["y"] < chart["y"] and first["y"] < 844
    assert overflow(page) == 0
    screenshot(page, "tong-quan")
    page.get_by_role("button", name="Xem tất cả số liệu").click()
    expect(page.locator("#figures .figure-more").first).to_be_visible()

    organization = personas.organization
    problems = visit_all(
        page,
        live_server,
        [
            "/viec-cua-toi/",
            "/chi-tieu/",
            "/chi-tieu/danh-muc/",
            "/chi-tieu/bang-tong-hop/",
            "/chi-tieu/muc-tieu/",
            "/to-chuc/",
            f"/to-chuc/{organization.pk}/",
            "/danh-gia/",
            "/danh-gia/ket-qua/",
            "/chuong-trinh/",
            "/ho-tro/",
            "/ho-tro/ban-ghi/",
            "/ho-tro/hoat-dong/",
            "/cong-khai/du-lieu-mo/",
            "/dia-ban/",
        ],
    )
    assert problems == []
    page.goto(f"{live_server.url}/to-chuc/")
    screenshot(page, "danh-ba")

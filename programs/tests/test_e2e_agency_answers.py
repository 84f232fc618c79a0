"""In Chromium at 1366×768: a province officer uploads a decision naming Sở LĐ-TB&XH (divided in
2025) and an agency found nowhere, answers the two questions on the batch page (picking Sở Nội vụ,
creating the other), and commits."""

import pytest

from accounts.models import Agency
from accounts.tests.factories import AgencyFactory
from programs.models import Task
from programs.tests.test_agency_answers import LDTBXH, UNKNOWN, decision_docx
from programs.tests.test_e2e import sign_in


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_province_officer_answers_the_agency_questions_and_commits(
    setup, personas, live_server, page, screenshot, settings, tmp_path
):
    settings.HOPTAC_IMPORT_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path
    noi_vu = AgencyFactory(code="so-noi-vu", name="Sở Nội vụ", kind="so_nganh", province=personas.geo.province)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "tinh", f"/chuong-trinh/{setup.program.pk}/nhap-bang-nhiem-vu/")
    page.set_input_files(
        "#id_file", files=[{"name": "qd-phu-luc.docx", "mimeType": "application/octet-stream", "buffer": decision_docx()}]
    )
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#agency-questions")
    screenshot(page, "two-questions")
    assert page.locator("#agency-questions [data-question]").count() == 2
    assert page.inner_text("[data-count=reject]") == "3"

    # Sở LĐ-TB&XH: Sở Nội vụ (offered first) for every row naming it.
    question = page.locator(f'[data-question="{LDTBXH}"]')
    question.locator("form[data-answer=pick] select[name=agency]").select_option(str(noi_vu.pk))
    question.locator("form[data-answer=pick] button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert page.locator("#agency-questions [data-question]").count() == 1

    # The unknown agency: created under the prefilled name, as "Khác".
    question = page.locator(f'[data-question="{UNKNOWN}"]')
    assert question.locator("form[data-answer=create] input[name=name]").input_value() == UNKNOWN
    question.locator("form[data-answer=create] select[name=kind]").select_option("khac")
    screenshot(page, "create-the-unknown-agency")
    question.locator("form[data-answer=create] button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert page.locator("#agency-questions").count() == 0
    assert page.inner_text("[data-count=reject]") == "0"
    screenshot(page, "answered")

    page.click("#commit-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    screenshot(page, "committed")
    assert "Đã ghi 4 dòng" in page.inner_text("main")
    created = Agency.objects.get(name=UNKNOWN)
    lead = {
        number: Task.objects.get(program=setup.program, number=number).assignments.get(role="lead").agency
        for number in ("2.1", "2.2")
    }
    assert lead == {"2.1": noi_vu, "2.2": created}
    # Without horizontal scrolling at 1366 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_province_officer_narrows_a_related_group_to_the_agencies_concerned(
    setup, personas, live_server, page, screenshot, settings, tmp_path
):
    """ "Các sở, ban, ngành liên quan" as the coordinating agencies of two tasks: two departments
    ticked for every row naming it, then the commit assigns them."""
    from programs.tests.test_agency_groups import RELATED, ROWS

    settings.HOPTAC_IMPORT_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path
    province = personas.geo.province
    noi_vu = AgencyFactory(code="so-noi-vu", name="Sở Nội vụ", kind="so_nganh", province=province)
    y_te = AgencyFactory(code="so-y-te", name="Sở Y tế", kind="so_nganh", province=province)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "tinh", f"/chuong-trinh/{setup.program.pk}/nhap-bang-nhiem-vu/")
    page.set_input_files(
        "#id_file", files=[{"name": "qd-phu-luc.docx", "mimeType": "application/octet-stream", "buffer": decision_docx(ROWS)}]
    )
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#agency-groups")
    group = page.locator(f'[data-group="{RELATED}"]')
    group.locator(f'input[name=agencies][value="{noi_vu.pk}"]').check()
    group.locator(f'input[name=agencies][value="{y_te.pk}"]').check()
    screenshot(page, "narrow-the-related-group")
    group.locator("button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert page.locator("#agency-groups").count() == 0
    assert "Sở Nội vụ; Sở Y tế" in page.inner_text("#agency-rows")
    screenshot(page, "group-narrowed")
    page.click("#commit-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    task = Task.objects.get(program=setup.program, number="2.1")
    assert sorted(a.agency.name for a in task.assignments.filter(role="coordinating")) == ["Sở Nội vụ", "Sở Y tế"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

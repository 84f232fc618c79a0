"""Each role's home ("Việc của tôi"): what is waiting, one click from being done, and a badge that agrees."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AgencyFactory, UserFactory
from core.roles import Role
from evaluation.models import Assessment, AssessmentStatus
from evaluation.services import assessment_accept
from indicators.demo import HEADLINE_CODES, publish_headline
from indicators.models import Indicator
from portal.work import evaluation_year, last_closed_report_year, work_count, work_sections
from programs.models import ProgressReport, ReportState
from programs.services import report_approve
from programs.tests.factories import AssignmentFactory, ProgramFactory, ProgressReportFactory, TaskFactory
from registry.reporting import reporting_period
from registry.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db
HOME = reverse("work:home")


def section(user, key):
    return next((s for s in work_sections(user) if s.key == key), None)


def submitted_sheet(organization, year=None):
    return Assessment.objects.create(
        organization=organization,
        year=year or evaluation_year(timezone.localdate()),
        criteria_set="TT01-2020-v2",
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def submitted_report(lead_agency, agency):
    program = ProgramFactory(lead_agency=lead_agency)
    assignment = AssignmentFactory(task=TaskFactory(group__program=program), agency=agency)
    return ProgressReportFactory(assignment=assignment, state=ReportState.SUBMITTED, submitted_at=timezone.now())


def test_signing_in_leads_to_the_persons_home(personas, client):
    personas.cooperative.set_password("mật-khẩu-thử-1")
    personas.cooperative.save()
    response = client.post(reverse("accounts:login"), {"username": "htx", "password": "mật-khẩu-thử-1"})
    assert response.status_code == 302
    assert response.url == HOME


def test_the_cooperative_sees_its_annual_report_due_with_its_deadline_and_a_link_to_file_it(personas, client_for):
    year = timezone.localdate().year
    response = client_for(personas.cooperative).get(HOME)
    text = response.content.decode()
    assert personas.organization.name in text
    assert personas.other_organization.name not in text
    assert f"Báo cáo năm {year}: chưa nộp" in text
    assert reporting_period(year).due_on.strftime("%d/%m/%Y") in text
    create_url = reverse("registry:annual_report_create", args=[personas.organization.pk]) + f"?year={year}"
    assert create_url in text
    form = client_for(personas.cooperative).get(create_url)
    assert str(form.context["form"]["year"].value()) == str(year)  # the link fills in the year due


def test_the_badge_counts_the_items_listed_and_drops_once_the_report_is_filed(personas, client_for):
    client = client_for(personas.cooperative)
    response = client.get(HOME)
    todo = response.content.decode().count("work-todo")
    assert todo == 2  # the annual report and the self-assessment not started
    assert response.context["total"] == todo == work_count(personas.cooperative)
    assert f"data-menu-badge>{todo}<" in response.content.decode()
    AnnualReportFactory(organization=personas.organization, year=timezone.localdate().year)
    assert work_count(personas.cooperative) == todo - 1
    assert f"Báo cáo năm {timezone.localdate().year}: đã nộp" in client.get(HOME).content.decode()


def test_a_returned_self_assessment_shows_why_and_is_waiting_again(personas):
    sheet = submitted_sheet(personas.organization)
    sheet.status, sheet.review_comment = AssessmentStatus.RETURNED, "Thiếu xác nhận của ban kiểm soát"
    sheet.save()
    item = section(personas.cooperative, f"org-{personas.organization.pk}").items[1]
    assert item.todo and item.late
    assert item.detail == "Thiếu xác nhận của ban kiểm soát"
    assert item.url == reverse("evaluation:assessment", args=[personas.organization.pk, sheet.year])


def test_the_commune_officer_sees_sheets_of_the_commune_only_and_the_count_clears_on_acceptance(personas):
    own = submitted_sheet(personas.organization)
    submitted_sheet(personas.other_organization)
    sheets = section(personas.commune_officer, "sheets")
    assert [item.label for item in sheets.items] == [personas.organization.name]
    assert sheets.count == 1
    before = work_count(personas.commune_officer)
    assessment_accept(user=personas.commune_officer, assessment=own)
    assert section(personas.commune_officer, "sheets") is None
    assert work_count(personas.commune_officer) == before - 1


def test_progress_reports_wait_for_the_lead_agencys_officer_only(personas):
    report = submitted_report(personas.province_officer.agency, AgencyFactory(province=personas.geo.province))
    reports = section(personas.province_officer, "reports")
    assert reports.count == 1 and reports.items[0].url == reverse("programs:report_detail", args=[report.pk])
    assert section(personas.department_officer, "reports") is None
    assert section(personas.commune_officer, "reports") is None
    report_approve(actor=personas.province_officer, report=report)
    assert section(personas.province_officer, "reports") is None


def test_officers_see_the_organizations_whose_annual_report_is_missing(personas):
    year = last_closed_report_year(timezone.localdate())
    AnnualReportFactory(organization=personas.other_organization, year=year)
    missing = section(personas.province_officer, "missing")
    names = [item.label for item in missing.items]
    assert personas.organization.name in names
    assert personas.other_organization.name not in names
    assert personas.outside_organization.name not in names
    assert [item.label for item in section(personas.commune_officer, "missing").items] == [personas.organization.name]


def test_a_department_sees_what_its_agency_owes_and_what_came_back(personas):
    agency = AgencyFactory(province=personas.geo.province)
    officer = UserFactory(roles=[Role.DEPARTMENT_OFFICER], province=personas.geo.province, agency=agency)
    today = timezone.localdate()
    program = ProgramFactory(lead_agency=personas.province_officer.agency, start_date=dt.date(today.year - 1, 1, 1))
    program.end_date = dt.date(today.year + 1, 12, 31)
    program.save()
    task = TaskFactory(group__program=program, deadline=today - dt.timedelta(days=10))
    assignment = AssignmentFactory(task=task, agency=agency)
    owed = section(officer, "owed")
    assert owed.items[0].late
    open_prefix = reverse("programs:report_open", args=[assignment.pk, "KY"]).removesuffix("KY/")
    assert owed.items[0].url.startswith(open_prefix)
    assert owed.items[0].post  # starting a report creates it: a form, never a plain link


def test_the_home_starts_an_owed_report_with_a_form_and_links_to_a_started_one(personas, client_for):
    agency = AgencyFactory(province=personas.geo.province)
    officer = UserFactory(roles=[Role.DEPARTMENT_OFFICER], province=personas.geo.province, agency=agency)
    today = timezone.localdate()
    program = ProgramFactory(lead_agency=personas.province_officer.agency, start_date=dt.date(today.year - 1, 1, 1))
    program.end_date = dt.date(today.year + 1, 12, 31)
    program.save()
    assignment = AssignmentFactory(
        task=TaskFactory(group__program=program, deadline=today - dt.timedelta(days=10)), agency=agency
    )
    client = client_for(officer)
    page = client.get(HOME).content.decode()
    open_prefix = reverse("programs:report_open", args=[assignment.pk, "KY"]).removesuffix("KY/")
    assert f'<form method="post" action="{open_prefix}' in page
    assert f'href="{open_prefix}' not in page  # a crawler or a prefetch following links creates nothing
    action = page.split(f'action="{open_prefix}', 1)[1].split('"', 1)[0]
    response = client.post(open_prefix + action)
    assert response.status_code == 302
    report = ProgressReport.objects.get(assignment=assignment)
    item = section(officer, "owed").items[0]
    assert item.url == reverse("programs:report_detail", args=[report.pk]) and not item.post
    ProgressReportFactory(
        assignment=AssignmentFactory(task=TaskFactory(group__program=program), agency=agency),
        state=ReportState.RETURNED,
        review_comment="Bổ sung số liệu",
    )
    returned = section(officer, "returned")
    assert returned.items[0].detail == "Bổ sung số liệu"


def test_a_leader_is_taken_to_the_dashboard(personas, client_for):
    response = client_for(personas.leader).get(HOME)
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_home_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_no_one_sees_another_cooperatives_items(personas, client_for):
    submitted_sheet(personas.organization)
    text = client_for(personas.other_cooperative).get(HOME).content.decode()
    assert personas.organization.name not in text
    assert personas.other_organization.name in text


def test_the_public_home_names_the_province_and_shows_the_published_headline_figures(personas, client):
    from indicators.catalogue import load_catalogue

    load_catalogue()
    AnnualReportFactory(organization=personas.organization, year=timezone.localdate().year - 1)
    assert client.get(reverse("home")).context["tables"] == []
    assert publish_headline() == len(HEADLINE_CODES)
    assert publish_headline() == 0
    assert set(Indicator.objects.filter(is_published=True).values_list("code", flat=True)) == set(HEADLINE_CODES)
    response = client.get(reverse("home"))
    text = response.content.decode()
    assert "Kinh tế tập thể Thành phố Đà Nẵng – số liệu công khai" in text
    assert "Chưa có chỉ tiêu nào được công khai" not in text
    assert len(response.context["tables"]) >= 1


def test_the_home_speaks_english_when_asked(personas, client_for):
    client = client_for(personas.cooperative)
    client.post(reverse("set_language"), {"language": "en", "next": HOME})
    text = client.get(HOME).content.decode()
    assert "My work" in text
    assert f"Annual report {timezone.localdate().year}: not filed" in text
    assert "Việc của tôi" not in text


def test_the_alliance_reaches_its_registers_from_its_home(personas, client_for):
    response = client_for(personas.alliance_officer).get(HOME)
    text = response.content.decode()
    for name in ("support:member_list", "support:service_list", "support:loan_list"):
        assert reverse(name) in text
    assert response.context["total"] == 0  # links, not waiting work


def test_the_notice_of_a_submitted_report_clears_once_the_report_is_decided(personas):
    from programs.services import report_submit

    agency = AgencyFactory(province=personas.geo.province)
    writer = UserFactory(roles=[Role.DEPARTMENT_OFFICER], province=personas.geo.province, agency=agency)
    report = submitted_report(personas.province_officer.agency, agency)
    report.state, report.progress, report.results = ReportState.DRAFT, "in_progress", "Đã tổ chức 3 lớp tập huấn"
    report.save()
    report_submit(actor=writer, report=report)
    assert section(personas.province_officer, "notifications").count == 1
    before = work_count(personas.province_officer)
    report_approve(actor=personas.province_officer, report=report)
    assert section(personas.province_officer, "notifications") is None
    assert work_count(personas.province_officer) == before - 2  # the report and its notice


def test_the_home_lists_the_documents_the_person_asked_for_without_counting_them_as_work(personas, client_for):
    from reports.models import QueuedDocument, QueuedStatus

    officer = personas.province_officer
    before = work_count(officer)
    mine = QueuedDocument.objects.create(
        kind="evaluation-summary",
        params={"year": 2025},
        filename="tong-hop-2025.docx",
        requested_by=officer,
        status=QueuedStatus.DONE,
    )
    QueuedDocument.objects.create(
        kind="evaluation-summary", params={}, filename="cua-nguoi-khac.docx", requested_by=personas.commune_officer
    )
    QueuedDocument.objects.create(kind="a-kind-no-longer-registered", params={}, filename="cu.docx", requested_by=officer)
    documents = section(officer, "documents")
    assert [item.label for item in documents.items] == ["Báo cáo tổng hợp phân loại, đánh giá HTX (DOCX)"]
    assert documents.items[0].detail.startswith("tong-hop-2025.docx: Đã xong, yêu cầu lúc ")
    assert documents.items[0].url == reverse("reports:queued_status", args=[mine.pk])
    assert documents.count == 0 and work_count(officer) == before
    page = client_for(officer).get(HOME).content.decode()
    assert 'id="section-documents"' in page and "tong-hop-2025.docx" in page and "cua-nguoi-khac.docx" not in page
    assert section(personas.commune_officer, "documents").items[0].detail.startswith("cua-nguoi-khac.docx")
    assert section(personas.department_officer, "documents") is None

import pytest
from django.urls import reverse

from accounts.tests.factories import AgencyFactory
from programs.models import Notification, Program, ProgressReport, ReportState, Task
from programs.services import report_start

pytestmark = pytest.mark.django_db


def state_of(report):
    report.refresh_from_db()
    return (report.state, report.results, report.version, report.transitions.count())


@pytest.fixture
def report(setup, personas):
    return report_start(actor=personas.commune_officer, assignment=setup.lead, period_key="2024")


def test_officers_see_the_program_page_with_the_matrix(setup, personas, client_for):
    response = client_for(personas.department_officer).get(
        reverse("programs:program_detail", args=[setup.program.pk]) + "?year=2024"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ma trận nhiệm vụ" in body and "Tuyên truyền về hợp tác xã kiểu mới" in body
    # 2024's due date (15/12/2024) is past on the real clock, and nothing was approved.
    assert response.context["board"].rows[0].status == "overdue"


def test_the_public_sees_nothing_unless_the_program_is_published(setup, client_for):
    anonymous = client_for(None)
    url = reverse("programs:program_detail", args=[setup.program.pk])
    assert anonymous.get(url).status_code == 404
    assert setup.program.title not in anonymous.get(reverse("programs:program_list")).content.decode()
    Program.objects.filter(pk=setup.program.pk).update(is_published=True)
    response = anonymous.get(url)
    assert response.status_code == 200
    assert "bao-cao-tong-hop" not in response.content.decode()  # no reports for the public
    assert anonymous.get(reverse("programs:consolidated", args=[setup.program.pk, "docx"])).status_code == 302


def test_cooperatives_do_not_see_unpublished_programs(setup, personas, client_for):
    assert client_for(personas.cooperative).get(reverse("programs:program_detail", args=[setup.program.pk])).status_code == 404


def test_the_officer_saves_and_submits_through_the_page(report, personas, client_for):
    url = reverse("programs:report_detail", args=[report.pk])
    data = {
        "progress": "in_progress",
        "percent_done": 50,
        "results": "Đã đăng 10 tin bài",
        "difficulties": "",
        "proposals": "",
        "version": report.version,
    }
    response = client_for(personas.commune_officer).post(url, {**data, "submit": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.results == "Đã đăng 10 tin bài"
    assert Notification.objects.filter(user=report.assignment.task.program.lead_agency.users.first()).exists()


def test_a_draft_posted_after_the_report_was_sent_says_why_it_was_not_saved(report, personas, client_for):
    # A second tab still showing the draft form: the form is no longer on the page, so its errors
    # were not shown and the page came back without a word (the form attack found it).
    client = client_for(personas.commune_officer)
    url = reverse("programs:report_detail", args=[report.pk])
    data = {"progress": "in_progress", "percent_done": 50, "results": "Bản thứ nhất", "version": report.version}
    assert client.post(url, {**data, "submit": "1"}).status_code == 302
    before = state_of(report)
    response = client.post(url, {**data, "results": "Bản từ tab cũ", "version": before[2], "save": ""})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Báo cáo đã gửi, đang chờ duyệt: không thể sửa." in page
    assert state_of(report) == before


@pytest.mark.parametrize("who", ["other_commune_officer", "alliance_officer", "province_officer", "leader"])
def test_other_agencies_cannot_write_the_report_through_the_page(report, personas, client_for, who):
    before = state_of(report)
    url = reverse("programs:report_detail", args=[report.pk])
    data = {"progress": "in_progress", "percent_done": 90, "results": "Ghi đè", "version": report.version, "submit": "1"}
    assert client_for(getattr(personas, who)).post(url, data).status_code == 403
    assert state_of(report) == before


def test_the_public_and_cooperatives_cannot_open_reports(report, personas, client_for):
    url = reverse("programs:report_detail", args=[report.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(personas.cooperative).get(url).status_code == 404


def test_a_non_reviewer_cannot_approve_through_the_page(report, personas, client_for):
    client_for(personas.commune_officer).post(
        reverse("programs:report_detail", args=[report.pk]),
        {"progress": "in_progress", "percent_done": 50, "results": "Kết quả", "version": report.version, "submit": "1"},
    )
    before = state_of(report)
    response = client_for(personas.department_officer).post(reverse("programs:report_approve", args=[report.pk]))
    assert response.status_code == 403
    assert state_of(report) == before


def test_an_agency_opens_only_its_own_reports(setup, personas, client_for):
    url = reverse("programs:report_open", args=[setup.lead.pk, "2024"])
    assert client_for(personas.alliance_officer).post(url).status_code == 403
    assert not ProgressReport.objects.exists()
    response = client_for(personas.commune_officer).post(url)
    assert response.status_code == 302 and ProgressReport.objects.count() == 1


def test_the_inbox_lists_what_the_agency_owes(setup, personas, client_for):
    response = client_for(personas.alliance_officer).get(reverse("programs:inbox"))
    owed = response.context["owed"]
    assert {o.assignment.pk for o in owed} == {setup.coordinating.pk}
    assert [o.period.key for o in owed][:2] == ["2021", "2022"]


def test_only_the_lead_department_edits_tasks(setup, personas, client_for):
    url = reverse("programs:task_edit", args=[setup.task.pk])
    data = {
        "group": setup.group.pk,
        "number": "1.1",
        "content": "Khác",
        "schedule": "yearly",
        "due_month": 12,
        "due_day": 15,
        "lead_agency": setup.alliance.pk,
    }
    assert client_for(personas.commune_officer).post(url, data).status_code == 403
    assert Task.objects.get(pk=setup.task.pk).content == "Tuyên truyền về hợp tác xã kiểu mới"
    response = client_for(personas.province_officer).post(url, {**data, "version": setup.task.version})
    assert response.status_code == 302
    assert Task.objects.get(pk=setup.task.pk).content == "Khác"


def test_the_task_form_shows_vietnamese_errors(setup, personas, client_for):
    url = reverse("programs:task_create", args=[setup.program.pk])
    data = {"group": setup.group.pk, "number": "1.2", "content": "Việc", "schedule": "yearly", "lead_agency": setup.alliance.pk}
    response = client_for(personas.province_officer).post(url, data)
    assert response.status_code == 200
    assert "phải có ngày đến hạn của mỗi kỳ" in response.content.decode()
    assert not Task.objects.filter(number="1.2").exists()


def test_notifications_page_lists_and_marks_read(setup, personas, client_for):
    Notification.objects.create(user=personas.commune_officer, message="Nhắc hạn báo cáo")
    client = client_for(personas.commune_officer)
    assert "Nhắc hạn báo cáo" in client.get(reverse("programs:notifications")).content.decode()
    client.post(reverse("programs:notifications"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_report_history_shows_who_changed_what(report, personas, client_for):
    client = client_for(personas.commune_officer)
    url = reverse("programs:report_detail", args=[report.pk])
    client.post(url, {"progress": "in_progress", "percent_done": 40, "results": "Bản đầu", "version": report.version})
    report.refresh_from_db()
    client.post(url, {"progress": "in_progress", "percent_done": 70, "results": "Bản sửa", "version": report.version})
    entries = client.get(url).context["history"]
    change = next(c for e in entries for c in e.changes if c.name == "results" and c.new == "Bản sửa")
    assert change.old == "Bản đầu"
    assert entries[0].who == str(personas.commune_officer)


def test_task_and_program_pages_show_history(setup, personas, client_for):
    client = client_for(personas.province_officer)
    assert client.get(reverse("programs:task_detail", args=[setup.task.pk])).status_code == 200
    assert client.get(reverse("programs:program_edit", args=[setup.program.pk])).status_code == 200


def test_evidence_from_other_modules_shows_on_the_report_page(report, personas, client_for, monkeypatch):
    from dataclasses import dataclass

    from programs.hooks import task_evidence

    @dataclass
    class Evidence:
        label: str
        url: str = ""
        detail: str = ""

    calls = []

    def provider(*, task, period, user):
        calls.append((task.pk, period, user.pk))
        return [Evidence("Lớp tập huấn ngày 12/5/2024", "/ho-tro/1/", "45 học viên")]

    monkeypatch.setattr(task_evidence, "_providers", [provider])
    body = client_for(personas.commune_officer).get(reverse("programs:report_detail", args=[report.pk])).content.decode()
    assert "Lớp tập huấn ngày 12/5/2024" in body and "45 học viên" in body
    assert calls == [(report.assignment.task_id, "2024", personas.commune_officer.pk)]


def test_a_program_is_created_by_a_province_officer_only(personas, client_for):
    data = {
        "title": "Chương trình hành động thực hiện Nghị quyết 20-NQ/TW",
        "decision_number": "100/QĐ-UBND",
        "decision_date": "2023-01-10",
        "issuer": "UBND thành phố Đà Nẵng",
        "start_date": "2023-01-01",
        "end_date": "2022-12-31",
        "lead_agency": personas.province_officer.agency_id,
        "province": personas.geo.province.pk,
        "report_due_month": 12,
        "report_due_day": 15,
    }
    url = reverse("programs:program_create")
    assert client_for(personas.commune_officer).post(url, data).status_code == 403
    response = client_for(personas.province_officer).post(url, data)
    assert response.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert not Program.objects.exists()
    response = client_for(personas.province_officer).post(url, {**data, "end_date": "2030-12-31"})
    assert response.status_code == 302 and Program.objects.get().decision_number == "100/QĐ-UBND"


@pytest.mark.parametrize(
    ("change", "refused"),
    [({"province": "other"}, "province"), ({"province": ""}, "province"), ({"lead_agency": "other"}, "lead_agency")],
)
def test_a_province_officer_makes_programs_only_for_their_province_and_its_agencies(personas, client_for, change, refused):
    # Another province's program, a national one or another province's lead agency were accepted:
    # the page offered every province and every agency of the country (the form attack found it).
    other_agency = AgencyFactory(code="so-tinh-khac", name="Sở Tài chính tỉnh khác", province=personas.geo.other_province)
    other = {"province": personas.geo.other_province.pk, "lead_agency": other_agency.pk}
    data = {
        "title": "Chương trình hành động",
        "decision_number": "101/QĐ-UBND",
        "decision_date": "2023-01-10",
        "issuer": "UBND thành phố Đà Nẵng",
        "start_date": "2023-01-01",
        "end_date": "2030-12-31",
        "lead_agency": personas.province_officer.agency_id,
        "province": personas.geo.province.pk,
        "report_due_month": 12,
        "report_due_day": 15,
    } | {name: other[name] if value == "other" else value for name, value in change.items()}
    client = client_for(personas.province_officer)
    page = client.get(reverse("programs:program_create")).context["form"]
    assert list(page.fields["province"].queryset) == [personas.geo.province]
    assert other_agency not in page.fields["lead_agency"].queryset
    response = client.post(reverse("programs:program_create"), data)
    assert response.status_code == 200 and list(response.context["form"].errors) == [refused]
    assert not Program.objects.exists()


def test_the_service_keeps_programs_and_their_tasks_in_the_province(setup, personas):
    from django.core.exceptions import ValidationError

    from programs import services

    other_agency = AgencyFactory(code="so-tinh-khac", name="Sở Tài chính tỉnh khác", province=personas.geo.other_province)
    program = Program.objects.get(pk=setup.program.pk)
    program.province = personas.geo.other_province
    with pytest.raises(ValidationError) as moved:
        services.program_update(actor=personas.province_officer, program=program, expected_version=program.version)
    assert "province" in moved.value.message_dict
    task = Task(
        program=setup.program, group=setup.group, number="1.2", content="Tập huấn", schedule="yearly", due_month=12, due_day=15
    )
    with pytest.raises(ValidationError) as outside:
        services.task_save(
            actor=personas.province_officer, task=task, lead_agency=setup.lead.agency, coordinating_agencies=[other_agency]
        )
    assert "không thuộc tỉnh, thành phố của chương trình" in outside.value.message_dict["coordinating_agencies"][0]
    assert not Task.objects.filter(number="1.2").exists()


@pytest.mark.parametrize(
    ("params", "named"), [({"year": "2040"}, "năm"), ({"status": "xong"}, "tình trạng"), ({"group": "abc"}, "nhóm")]
)
def test_a_wrong_filter_of_the_program_board_is_a_400_naming_it(setup, personas, client_for, params, named):
    response = client_for(personas.department_officer).get(reverse("programs:program_detail", args=[setup.program.pk]), params)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_the_program_board_opens_on_the_default_year_and_keeps_its_filter_labels(setup, personas, client_for):
    response = client_for(personas.department_officer).get(reverse("programs:program_detail", args=[setup.program.pk]))
    assert response.status_code == 200
    assert response.context["filters"]["status"].field.choices[0] == ("", "Tất cả")

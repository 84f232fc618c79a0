"""The review queue ("Chờ tôi xử lý"): filters, bulk approval, and refusal of anyone else."""

import pytest
from django.urls import reverse

from accounts.tests.factories import AgencyFactory
from evaluation.models import AssessmentStatus
from imports.models import BatchStatus, ImportBatch
from portal.tests.test_work import submitted_report, submitted_sheet
from programs.models import ProgressReport, ReportState

pytestmark = pytest.mark.django_db
QUEUE = reverse("work:queue")
APPROVE = reverse("work:queue_approve")


@pytest.fixture
def reports(personas):
    other = AgencyFactory(province=personas.geo.province)
    return [submitted_report(personas.province_officer.agency, other) for _ in range(3)]


def test_the_queue_lists_reports_sheets_and_batches_waiting_for_the_officer(personas, client_for, reports):
    sheet = submitted_sheet(personas.organization)
    ImportBatch.objects.create(
        kind="organizations", created_by=personas.province_officer, file_name="htx-2026.xlsx", status=BatchStatus.READY
    )
    ImportBatch.objects.create(
        kind="organizations", created_by=personas.province_officer, file_name="da-ghi.xlsx", status=BatchStatus.COMMITTED
    )
    response = client_for(personas.province_officer).get(QUEUE)
    text = response.content.decode()
    assert response.context["queue"].total == 5
    assert all(reverse("programs:report_detail", args=[r.pk]) in text for r in reports)
    assert reverse("evaluation:assessment", args=[sheet.organization_id, sheet.year]) in text
    assert "htx-2026.xlsx" in text and "da-ghi.xlsx" not in text


def test_the_queue_filters_by_kind_and_year(personas, client_for, reports):
    submitted_sheet(personas.organization, year=2024)
    client = client_for(personas.province_officer)
    only_sheets = client.get(QUEUE, {"kind": "sheets"}).context["queue"]
    assert only_sheets.reports.count() == 0 and only_sheets.sheets.count() == 1
    assert client.get(QUEUE, {"kind": "sheets", "year": 2025}).context["queue"].total == 0
    assert client.get(QUEUE, {"year": 2023}).context["queue"].reports.count() == 3  # the factories' period
    # A value the form refuses is a 400 naming it (core.query), not the whole queue shown silently.
    assert client.get(QUEUE, {"kind": "bogus"}).status_code == 400


def test_bulk_approval_approves_every_chosen_report_and_clears_the_queue(personas, client_for, reports):
    client = client_for(personas.province_officer)
    chosen = [r.pk for r in reports[:2]]
    response = client.post(APPROVE, {"kind": "reports", "ids": chosen})
    assert response.status_code == 302
    states = dict(ProgressReport.objects.values_list("pk", "state"))
    assert [states[pk] for pk in chosen] == [ReportState.APPROVED, ReportState.APPROVED]
    assert states[reports[2].pk] == ReportState.SUBMITTED
    assert client.get(QUEUE).context["queue"].reports.count() == 1


def test_bulk_acceptance_accepts_the_communes_sheets(personas, client_for):
    sheet = submitted_sheet(personas.organization)
    response = client_for(personas.commune_officer).post(APPROVE, {"kind": "sheets", "ids": [sheet.pk]})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == AssessmentStatus.ACCEPTED and sheet.reviewed_by == personas.commune_officer


@pytest.mark.parametrize("persona", ["department_officer", "commune_officer", "leader", "cooperative"])
def test_others_cannot_approve_the_reports_and_nothing_changes(personas, client_for, reports, persona):
    response = client_for(getattr(personas, persona)).post(APPROVE, {"kind": "reports", "ids": [r.pk for r in reports]})
    assert response.status_code == 403
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {ReportState.SUBMITTED}


def test_an_item_outside_the_officers_area_refuses_the_whole_request(personas, client_for):
    own = submitted_sheet(personas.organization)
    elsewhere = submitted_sheet(personas.other_organization)
    response = client_for(personas.commune_officer).post(APPROVE, {"kind": "sheets", "ids": [own.pk, elsewhere.pk]})
    assert response.status_code == 403
    own.refresh_from_db()
    elsewhere.refresh_from_db()
    assert own.status == elsewhere.status == AssessmentStatus.SUBMITTED


@pytest.mark.parametrize("wrong", ["99999999999999999999", "-1", "abc", "²"])
def test_an_id_that_is_no_row_id_is_refused_with_a_message_and_nothing_changes(personas, client_for, reports, wrong):
    # A 20-digit id reached the query and SQLite could not bind it: a 500 (the form attack found it).
    client = client_for(personas.province_officer)
    response = client.post(APPROVE, {"kind": "reports", "ids": [reports[0].pk, wrong]})
    assert response.status_code == 302
    assert [m.level_tag for m in response.wsgi_request._messages] == ["error"]
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {ReportState.SUBMITTED}


def test_import_batches_are_not_committed_in_bulk(personas, client_for):
    batch = ImportBatch.objects.create(
        kind="organizations", created_by=personas.province_officer, file_name="a.xlsx", status=BatchStatus.READY
    )
    response = client_for(personas.province_officer).post(APPROVE, {"kind": "imports", "ids": [batch.pk]})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY


def test_the_queue_asks_anonymous_visitors_to_sign_in_and_they_cannot_approve(client, reports):
    assert client.get(QUEUE).url.startswith(reverse("accounts:login"))
    assert client.post(APPROVE, {"kind": "reports", "ids": [reports[0].pk]}).status_code == 302
    assert ProgressReport.objects.filter(state=ReportState.APPROVED).count() == 0


def test_the_home_links_reviewers_to_the_queue_and_the_count_agrees(personas, client_for, reports):
    client = client_for(personas.province_officer)
    home = client.get(reverse("work:home"))
    assert QUEUE in home.content.decode()
    reports_section = next(s for s in home.context["sections"] if s.key == "reports")
    assert reports_section.count == client.get(QUEUE).context["queue"].reports.count() == 3
    assert QUEUE not in client_for(personas.cooperative).get(reverse("work:home")).content.decode()


def test_a_wrong_filter_of_the_queue_is_a_400_naming_it_and_a_good_one_keeps_the_form(personas, client_for):
    client = client_for(personas.province_officer)
    wrong = client.get(QUEUE, {"year": "abc"})
    assert wrong.status_code == 400 and "Năm" in wrong.content.decode()
    assert "Loại việc" in client.get(QUEUE, {"kind": "khong-co"}).content.decode()
    good = client.get(QUEUE, {"year": "2024"})
    assert good.status_code == 200 and good.context["form"]["kind"].field.choices[0] == ("", "Tất cả")

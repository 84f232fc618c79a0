import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from support.models import Activity, AllianceMembership, FundLoan, LoanRepayment, SupportPolicy, SupportRecord
from support.tests.factories import ActivityFactory, FundLoanFactory, MembershipFactory, ServiceFactory, SupportRecordFactory


def _post_record(client, personas, policy, **overrides):
    data = {
        "organization": personas.organization.pk,
        "policy": policy.pk,
        "supported_on": "2023-05-10",
        "amount": "45.000.000",
        "content": "Hỗ trợ học phí",
    }
    data.update(overrides)
    return client.post(reverse("support:record_create"), data)


class TestRecordPages:
    def test_a_commune_officer_records_support_and_sees_it_in_the_register(self, personas, policy, client_for):
        client = client_for(personas.commune_officer)
        response = _post_record(client, personas, policy)
        record = SupportRecord.objects.get()
        assert response.status_code == 302
        assert record.amount == 45_000_000
        assert record.agency == personas.commune_officer.agency
        page = client.get(reverse("support:record_list"), {"year": 2023}).content.decode()
        assert personas.organization.name in page
        assert "45.000.000" in page

    def test_bad_input_is_shown_on_the_form_and_nothing_is_written(self, personas, policy, client_for):
        response = _post_record(client_for(personas.commune_officer), personas, policy, amount="-500.000")
        assert response.status_code == 200
        assert "Kinh phí hỗ trợ không được âm." in response.content.decode()
        assert SupportRecord.objects.count() == 0

    def test_a_policy_outside_its_period_is_named_in_the_message(self, personas, policy, client_for):
        response = _post_record(client_for(personas.commune_officer), personas, policy, supported_on="2020-05-10")
        assert "chỉ áp dụng trong thời gian 01/01/2021 – 31/12/2025" in response.content.decode()
        assert SupportRecord.objects.count() == 0

    @pytest.mark.parametrize("persona", ["cooperative", "leader", "department_officer"])
    def test_people_without_an_implementing_agency_are_refused(self, personas, policy, client_for, persona):
        client = client_for(getattr(personas, persona))
        assert client.get(reverse("support:record_create")).status_code == 403
        assert _post_record(client, personas, policy).status_code == 403
        assert SupportRecord.objects.count() == 0

    def test_an_officer_of_another_commune_cannot_pick_this_organization(self, personas, policy, client_for):
        personas.other_commune_officer.agency = personas.commune_officer.agency
        personas.other_commune_officer.save()
        response = _post_record(client_for(personas.other_commune_officer), personas, policy)
        assert response.status_code == 200  # the organization is not among the choices
        assert SupportRecord.objects.count() == 0

    def test_anonymous_visitors_are_sent_to_sign_in(self, personas, policy, client_for):
        response = _post_record(client_for(None), personas, policy)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
        assert SupportRecord.objects.count() == 0

    def test_records_of_other_communes_are_not_even_confirmed_to_exist(self, personas, policy, client_for):
        record = SupportRecordFactory(organization=personas.other_organization, policy=policy)
        client = client_for(personas.commune_officer)
        assert client.get(reverse("support:record_detail", args=[record.pk])).status_code == 404
        assert client.post(reverse("support:record_delete", args=[record.pk])).status_code == 404
        assert SupportRecord.objects.filter(pk=record.pk).exists()

    def test_a_cooperative_sees_what_it_received_and_nothing_else(self, personas, policy, client_for):
        mine = SupportRecordFactory(organization=personas.organization, policy=policy, amount=12_000_000)
        SupportRecordFactory(organization=personas.other_organization, policy=policy, amount=99_000_000)
        page = client_for(personas.cooperative).get(reverse("support:record_list")).content.decode()
        assert "12.000.000" in page and "99.000.000" not in page
        assert client_for(personas.cooperative).get(reverse("support:record_detail", args=[mine.pk])).status_code == 200

    def test_the_register_totals_by_type_year_commune_and_field(self, personas, policy, client_for):
        SupportRecordFactory(
            organization=personas.organization, policy=policy, amount=10_000_000, supported_on=dt.date(2022, 3, 1)
        )
        SupportRecordFactory(
            organization=personas.other_organization, policy=policy, amount=25_000_000, supported_on=dt.date(2023, 3, 1)
        )
        response = client_for(personas.province_officer).get(reverse("support:record_list"))
        assert response.context["grand"] == {"count": 2, "organizations": 2, "amount": 35_000_000}
        by_year = {row.key: row.amount for row in response.context["totals"]["year"]}
        assert by_year == {2022: 10_000_000, 2023: 25_000_000}
        by_commune = {row.label: row.amount for row in response.context["totals"]["commune"]}
        assert by_commune == {personas.geo.commune_a.full_name: 10_000_000, personas.geo.commune_b.full_name: 25_000_000}

    def test_the_register_exports_to_xlsx(self, personas, policy, client_for):
        SupportRecordFactory(organization=personas.organization, policy=policy, amount=10_000_000)
        response = client_for(personas.province_officer).get(reverse("support:record_list"), {"format": "xlsx"})
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        assert personas.organization.name in values and 10_000_000 in values
        assert len(book.worksheets) == 6

    def test_the_agency_that_entered_a_record_edits_it_and_history_shows_the_change(self, personas, policy, client_for):
        client = client_for(personas.commune_officer)
        _post_record(client, personas, policy)
        record = SupportRecord.objects.get()
        data = {
            "organization": record.organization_id,
            "policy": policy.pk,
            "supported_on": "2023-05-10",
            "amount": "40000000",
            "version": 1,
        }
        assert client.post(reverse("support:record_edit", args=[record.pk]), data).status_code == 302
        page = client.get(reverse("support:record_detail", args=[record.pk])).content.decode()
        assert "45.000.000" in page and "40.000.000" in page  # old → new in the history
        other = client_for(personas.province_officer)
        other_data = dict(data, amount="1", version=2)
        personas.province_officer.agency = None
        personas.province_officer.save()
        assert other.post(reverse("support:record_edit", args=[record.pk]), other_data).status_code == 403
        record.refresh_from_db()
        assert record.amount == 40_000_000


class TestActivityPages:
    def test_an_agency_records_an_activity_and_the_register_totals_it(self, personas, client_for):
        client = client_for(personas.commune_officer)
        data = {
            "kind": "tap_huan",
            "title": "Tập huấn Luật HTX 2023",
            "started_on": "2024-09-12",
            "commune": personas.geo.commune_a.pk,
            "participants": "80",
            "participants_managers": "30",
            "participants_members": "40",
            "participants_officials": "10",
        }
        assert client.post(reverse("support:activity_create"), data).status_code == 302
        response = client.get(reverse("support:activity_list"))
        [year] = response.context["by_year"]
        assert (year.year, year.activities, year.participants, year.trained) == (2024, 1, 80, 80)
        assert client.get(reverse("support:activity_list"), {"format": "xlsx"}).status_code == 200

    def test_groups_larger_than_the_total_are_refused(self, personas, client_for):
        data = {
            "kind": "hoi_nghi",
            "title": "Hội nghị",
            "started_on": "2024-09-12",
            "participants": "10",
            "participants_managers": "30",
        }
        response = client_for(personas.commune_officer).post(reverse("support:activity_create"), data)
        assert "vượt quá tổng số người tham dự 10" in response.content.decode()
        assert Activity.objects.count() == 0

    def test_a_cooperative_cannot_record_or_see_activities(self, personas, client_for):
        ActivityFactory(agency=personas.commune_officer.agency)
        client = client_for(personas.cooperative)
        assert client.get(reverse("support:activity_list")).context["page"].paginator.count == 0
        assert client.post(reverse("support:activity_create"), {"title": "x"}).status_code == 403
        assert Activity.objects.count() == 1

    def test_another_agency_cannot_delete_an_activity(self, personas, client_for):
        activity = ActivityFactory(
            agency=personas.commune_officer.agency, commune=personas.geo.commune_a, province=personas.geo.province
        )
        response = client_for(personas.alliance_officer).post(reverse("support:activity_delete", args=[activity.pk]))
        assert response.status_code == 403
        assert Activity.objects.filter(pk=activity.pk).exists()


class TestAlliancePages:
    def test_the_alliance_admits_a_member(self, personas, client_for):
        client = client_for(personas.alliance_officer)
        response = client.post(
            reverse("support:member_create"), {"organization": personas.organization.pk, "joined_on": "2021-04-01"}
        )
        assert response.status_code == 302
        assert personas.organization.name in client.get(reverse("support:member_list")).content.decode()

    @pytest.mark.parametrize("persona", ["province_officer", "commune_officer", "cooperative"])
    def test_others_cannot_manage_the_alliance(self, personas, client_for, persona):
        client = client_for(getattr(personas, persona))
        assert (
            client.post(
                reverse("support:member_create"), {"organization": personas.organization.pk, "joined_on": "2021-04-01"}
            ).status_code
            == 403
        )
        assert client.post(reverse("support:service_create"), {"organization": personas.organization.pk}).status_code == 403
        assert client.post(reverse("support:loan_create"), {"contract_no": "X"}).status_code == 403
        assert AllianceMembership.objects.count() == 0 and FundLoan.objects.count() == 0

    def test_a_loan_with_an_automatic_schedule_is_created(self, personas, client_for):
        data = {
            "contract_no": "05/2024/HĐ",
            "borrower": personas.organization.pk,
            "principal": "400.000.000",
            "annual_rate": "6",
            "term_months": "24",
            "disbursed_on": "2024-02-01",
            "every_months": "6",
            "schedule-TOTAL_FORMS": "12",
            "schedule-INITIAL_FORMS": "0",
        }
        response = client_for(personas.alliance_officer).post(reverse("support:loan_create"), data)
        loan = FundLoan.objects.get()
        assert response.status_code == 302
        assert [(r.due_on, r.principal) for r in loan.schedule.all()] == [
            (dt.date(2024, 8, 1), 100_000_000),
            (dt.date(2025, 2, 1), 100_000_000),
            (dt.date(2025, 8, 1), 100_000_000),
            (dt.date(2026, 2, 1), 100_000_000),
        ]

    def test_a_hand_made_schedule_that_does_not_add_up_is_refused(self, personas, client_for):
        data = {
            "contract_no": "05/2024/HĐ",
            "borrower": personas.organization.pk,
            "principal": "400.000.000",
            "annual_rate": "6",
            "term_months": "24",
            "disbursed_on": "2024-02-01",
            "schedule-TOTAL_FORMS": "2",
            "schedule-INITIAL_FORMS": "0",
            "schedule-0-due_on": "2025-02-01",
            "schedule-0-principal": "200.000.000",
            "schedule-1-due_on": "2026-02-01",
            "schedule-1-principal": "150.000.000",
        }
        response = client_for(personas.alliance_officer).post(reverse("support:loan_create"), data)
        assert "phải bằng số tiền vay (400.000.000 đồng)" in response.content.decode()
        assert FundLoan.objects.count() == 0

    def test_the_fund_list_shows_overdue_loans_at_a_date(self, personas, client_for):
        FundLoanFactory(borrower=personas.organization)  # 75 million due 10/7/2023, nothing paid
        response = client_for(personas.province_officer).get(reverse("support:loan_list"), {"on": "2023-08-01"})
        assert response.context["fund"].overdue == 75_000_000
        assert response.context["fund"].outstanding == 300_000_000
        assert client_for(personas.province_officer).get(reverse("support:loan_list"), {"format": "xlsx"}).status_code == 200

    def test_a_cooperative_cannot_record_a_repayment_on_its_own_loan(self, personas, client_for):
        loan = FundLoanFactory(borrower=personas.organization)
        client = client_for(personas.cooperative)
        assert client.get(reverse("support:loan_detail", args=[loan.pk])).status_code == 200
        response = client.post(reverse("support:loan_detail", args=[loan.pk]), {"paid_on": "2023-07-01", "principal": "75000000"})
        assert response.status_code == 403
        assert LoanRepayment.objects.count() == 0

    def test_lists_export_to_xlsx(self, personas, client_for):
        MembershipFactory(organization=personas.organization)
        ServiceFactory(organization=personas.organization)
        client = client_for(personas.alliance_officer)
        for name in ("support:member_list", "support:service_list", "support:policy_list"):
            response = client.get(reverse(name), {"format": "xlsx"})
            assert response.status_code == 200
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")


class TestPolicyPages:
    def test_a_province_officer_edits_a_policy_and_a_commune_officer_cannot(self, personas, policy, client_for):
        data = {
            "name": "Hỗ trợ đào tạo (sửa)",
            "legal_basis": policy.legal_basis,
            "support_type": policy.support_type,
            "funding_source": policy.funding_source,
            "valid_from": "2021-01-01",
            "valid_to": "2025-12-31",
            "verification": "verified",
        }
        assert (
            client_for(personas.commune_officer).post(reverse("support:policy_edit", args=[policy.pk]), data).status_code == 403
        )
        assert SupportPolicy.objects.get(pk=policy.pk).name == policy.name
        assert (
            client_for(personas.province_officer).post(reverse("support:policy_edit", args=[policy.pk]), data).status_code == 302
        )
        assert SupportPolicy.objects.get(pk=policy.pk).name == "Hỗ trợ đào tạo (sửa)"

    def test_a_policy_period_cannot_shrink_below_records_using_it(self, personas, policy, client_for):
        SupportRecordFactory(organization=personas.organization, policy=policy, supported_on=dt.date(2021, 3, 1))
        data = {
            "name": policy.name,
            "legal_basis": policy.legal_basis,
            "support_type": policy.support_type,
            "funding_source": policy.funding_source,
            "valid_from": "2022-01-01",
            "verification": "verified",
        }
        response = client_for(personas.province_officer).post(reverse("support:policy_edit", args=[policy.pk]), data)
        assert "01/03/2021" in response.content.decode()
        assert SupportPolicy.objects.get(pk=policy.pk).valid_from == dt.date(2021, 1, 1)


def test_the_home_page_sums_up_for_each_persona(personas, policy, client_for):
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=12_000_000)
    for persona in ("province_officer", "commune_officer", "alliance_officer", "cooperative", "leader"):
        response = client_for(getattr(personas, persona)).get(reverse("support:home"))
        assert response.status_code == 200
    assert client_for(personas.other_cooperative).get(reverse("support:home")).context["totals"]["amount"] == 0
    assert client_for(personas.cooperative).get(reverse("support:home")).context["totals"]["amount"] == 12_000_000


def test_the_home_breaks_down_the_latest_year_with_records(personas, policy, client_for):
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=12_000_000, supported_on=dt.date(2023, 5, 10))
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=7_000_000, supported_on=dt.date(2024, 8, 1))
    response = client_for(personas.province_officer).get(reverse("support:home"))
    assert response.context["type_year"] == 2024  # not the current year, which has none yet
    assert sum(row.amount for row in response.context["by_type"]) == 7_000_000
    assert "Theo nội dung hỗ trợ, năm 2024" in response.content.decode()

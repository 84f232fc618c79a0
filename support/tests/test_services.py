import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from support import services
from support.loans import ScheduleRow
from support.models import Activity, ActivityKind, AllianceMembership, FundLoan, LoanInstallment, SupportRecord
from support.tests.factories import FundLoanFactory, MembershipFactory, SupportRecordFactory


def _record(personas, policy, **overrides):
    values = {
        "organization": personas.organization,
        "policy": policy,
        "supported_on": dt.date(2023, 5, 10),
        "amount": 45_000_000,
        "content": "Hỗ trợ 70% học phí lớp giám đốc HTX",
    }
    values.update(overrides)
    return SupportRecord(**values)


def _messages(error: ValidationError) -> str:
    return " ".join(m for messages in error.message_dict.values() for m in messages)


class TestSupportRecords:
    def test_a_commune_officer_records_support_for_their_agency(self, personas, policy):
        record = services.support_record_save(actor=personas.commune_officer, record=_record(personas, policy))
        record.refresh_from_db()
        assert record.agency == personas.commune_officer.agency
        assert record.created_by == personas.commune_officer
        assert record.history.first().history_user == personas.commune_officer

    def test_the_agency_cannot_be_chosen_by_a_commune_officer(self, personas, policy):
        other_agency = personas.province_officer.agency
        record = services.support_record_save(
            actor=personas.commune_officer, record=_record(personas, policy, agency=other_agency)
        )
        assert record.agency == personas.commune_officer.agency

    @pytest.mark.parametrize(
        ("overrides", "field", "fragment"),
        [
            ({"amount": -5_000_000}, "amount", "không được âm"),
            ({"amount": 900_000_000_000}, "amount", "vượt mức hợp lý"),
            ({"amount": 0}, "amount", "hiện vật"),
            ({"supported_on": dt.date(2020, 12, 31)}, "policy", "chỉ áp dụng trong thời gian 01/01/2021 – 31/12/2025"),
            ({"supported_on": dt.date(2014, 6, 1)}, "policy", "nằm ngoài thời gian"),
            ({"supported_on": dt.date.today() + dt.timedelta(days=3)}, "supported_on", "tương lai"),
        ],
    )
    def test_it_refuses_bad_input_with_a_vietnamese_message(self, personas, policy, overrides, field, fragment):
        with pytest.raises(ValidationError) as error:
            services.support_record_save(actor=personas.commune_officer, record=_record(personas, policy, **overrides))
        assert field in error.value.message_dict
        assert fragment in _messages(error.value)
        assert SupportRecord.objects.count() == 0

    def test_it_refuses_support_before_the_organization_was_founded(self, personas, policy):
        org = personas.organization
        org.founded_on = dt.date(2022, 8, 1)
        org.registered_on = dt.date(2022, 8, 1)
        org.save()
        with pytest.raises(ValidationError) as error:
            services.support_record_save(
                actor=personas.commune_officer, record=_record(personas, policy, supported_on=dt.date(2022, 3, 1))
            )
        assert "trước ngày thành lập" in error.value.message_dict["supported_on"][0]
        assert "01/08/2022" in error.value.message_dict["supported_on"][0]
        assert SupportRecord.objects.count() == 0

    def test_it_refuses_support_after_the_organization_dissolved(self, personas, policy, dissolved):
        with pytest.raises(ValidationError) as error:
            services.support_record_save(
                actor=personas.province_officer,
                record=_record(personas, policy, organization=dissolved, supported_on=dt.date(2023, 6, 1)),
            )
        assert "Đã giải thể" in error.value.message_dict["supported_on"][0], error.value.message_dict
        # Before the dissolution it was fine.
        services.support_record_save(
            actor=personas.province_officer,
            record=_record(personas, policy, organization=dissolved, supported_on=dt.date(2023, 2, 1)),
        )
        assert SupportRecord.objects.count() == 1

    @pytest.mark.parametrize("persona", ["other_commune_officer", "cooperative", "leader", "department_officer"])
    def test_it_refuses_people_who_may_not_record_and_writes_nothing(self, personas, policy, persona):
        with pytest.raises(PermissionDenied):
            services.support_record_save(actor=getattr(personas, persona), record=_record(personas, policy))
        assert SupportRecord.objects.count() == 0

    def test_another_agency_cannot_edit_a_record(self, personas, policy):
        record = SupportRecordFactory(organization=personas.organization, policy=policy, agency=personas.province_officer.agency)
        record.amount = 1
        with pytest.raises(PermissionDenied):
            services.support_record_save(actor=personas.commune_officer, record=record, expected_version=record.version)
        record.refresh_from_db()
        assert record.amount == 50_000_000

    def test_a_stale_edit_is_refused(self, personas, policy):
        record = services.support_record_save(actor=personas.commune_officer, record=_record(personas, policy))
        first = SupportRecord.objects.get(pk=record.pk)
        second = SupportRecord.objects.get(pk=record.pk)
        first.amount = 40_000_000
        services.support_record_save(actor=personas.commune_officer, record=first, expected_version=1)
        second.amount = 30_000_000
        with pytest.raises(ValidationError):
            services.support_record_save(actor=personas.commune_officer, record=second, expected_version=1)
        assert SupportRecord.objects.get(pk=record.pk).amount == 40_000_000


class TestActivities:
    def _activity(self, personas, **overrides):
        values = {
            "kind": ActivityKind.TRAINING,
            "title": "Tập huấn Luật HTX 2023",
            "started_on": dt.date(2024, 9, 12),
            "commune": personas.geo.commune_a,
            "participants": 80,
            "participants_managers": 30,
            "participants_members": 40,
            "participants_officials": 10,
        }
        values.update(overrides)
        return Activity(**values)

    def test_an_agency_records_an_activity_in_its_province(self, personas):
        activity = services.activity_save(actor=personas.commune_officer, activity=self._activity(personas))
        assert activity.province == personas.geo.province
        assert activity.agency == personas.commune_officer.agency

    def test_groups_cannot_exceed_the_total(self, personas):
        with pytest.raises(ValidationError) as error:
            services.activity_save(actor=personas.commune_officer, activity=self._activity(personas, participants=50))
        assert "vượt quá tổng số người tham dự 50" in error.value.message_dict["participants"][0]
        assert Activity.objects.count() == 0

    def test_a_policy_outside_its_period_is_refused(self, personas, policy):
        with pytest.raises(ValidationError) as error:
            services.activity_save(
                actor=personas.commune_officer, activity=self._activity(personas, policy=policy, started_on=dt.date(2020, 5, 1))
            )
        assert "policy" in error.value.message_dict

    def test_a_cooperative_cannot_record_activities(self, personas):
        with pytest.raises(PermissionDenied):
            services.activity_save(actor=personas.cooperative, activity=self._activity(personas))
        assert Activity.objects.count() == 0


class TestAlliance:
    def test_only_alliance_officers_manage_members(self, personas):
        membership = AllianceMembership(organization=personas.organization, joined_on=dt.date(2021, 4, 1))
        with pytest.raises(PermissionDenied):
            services.membership_save(actor=personas.province_officer, membership=membership)
        assert AllianceMembership.objects.count() == 0
        services.membership_save(actor=personas.alliance_officer, membership=membership)
        assert AllianceMembership.objects.count() == 1

    def test_an_organization_cannot_join_twice(self, personas):
        MembershipFactory(organization=personas.organization)
        with pytest.raises(ValidationError) as error:
            services.membership_save(
                actor=personas.alliance_officer,
                membership=AllianceMembership(organization=personas.organization, joined_on=dt.date(2022, 1, 1)),
            )
        assert "đang là thành viên" in str(error.value)
        assert AllianceMembership.objects.count() == 1

    def test_an_alliance_officer_cannot_touch_another_province(self, personas):
        membership = AllianceMembership(organization=personas.outside_organization, joined_on=dt.date(2021, 4, 1))
        with pytest.raises(PermissionDenied):
            services.membership_save(actor=personas.alliance_officer, membership=membership)

    def _loan(self, personas, **overrides):
        values = {
            "contract_no": "01/2024/HĐ-QHTX",
            "borrower": personas.organization,
            "principal": 500_000_000,
            "annual_rate": "5.40",
            "term_months": 36,
            "disbursed_on": dt.date(2024, 3, 1),
        }
        values.update(overrides)
        return FundLoan(**values)

    def test_a_loan_is_created_with_its_schedule(self, personas):
        schedule = [
            ScheduleRow(dt.date(2025, 3, 1), 250_000_000, 27_000_000),
            ScheduleRow(dt.date(2026, 3, 1), 250_000_000, 13_500_000),
        ]
        loan = services.loan_create(actor=personas.alliance_officer, loan=self._loan(personas), schedule=schedule)
        assert loan.scheduled_principal() == 500_000_000

    def test_a_schedule_that_does_not_sum_to_the_principal_writes_nothing(self, personas):
        schedule = [ScheduleRow(dt.date(2025, 3, 1), 250_000_000), ScheduleRow(dt.date(2026, 3, 1), 200_000_000)]
        with pytest.raises(ValidationError) as error:
            services.loan_create(actor=personas.alliance_officer, loan=self._loan(personas), schedule=schedule)
        assert "450.000.000 đồng) phải bằng số tiền vay (500.000.000 đồng)" in " ".join(error.value.message_dict["schedule"])
        assert FundLoan.objects.count() == 0
        assert LoanInstallment.objects.count() == 0

    def test_a_schedule_past_the_term_is_refused(self, personas):
        schedule = [ScheduleRow(dt.date(2028, 3, 1), 500_000_000)]
        with pytest.raises(ValidationError) as error:
            services.loan_create(actor=personas.alliance_officer, loan=self._loan(personas), schedule=schedule)
        assert "vượt quá thời hạn vay" in " ".join(error.value.message_dict["schedule"])

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [({"principal": -1}, "principal"), ({"principal": 90_000_000_000}, "principal"), ({"annual_rate": "45"}, "annual_rate")],
    )
    def test_absurd_loans_are_refused(self, personas, overrides, field):
        with pytest.raises(ValidationError) as error:
            services.loan_create(
                actor=personas.alliance_officer,
                loan=self._loan(personas, **overrides),
                schedule=[ScheduleRow(dt.date(2025, 3, 1), 500_000_000)],
            )
        assert field in error.value.message_dict
        assert FundLoan.objects.count() == 0

    def test_repayments_cannot_exceed_the_principal(self, personas):
        loan = FundLoanFactory(borrower=personas.organization)
        services.repayment_add(
            actor=personas.alliance_officer, loan=loan, paid_on=dt.date(2023, 7, 10), principal=200_000_000, interest=9_000_000
        )
        with pytest.raises(ValidationError) as error:
            services.repayment_add(
                actor=personas.alliance_officer, loan=loan, paid_on=dt.date(2023, 8, 10), principal=150_000_000
            )
        assert "dư nợ còn 100.000.000 đồng" in error.value.message_dict["principal"][0]
        assert loan.repayments.count() == 1

    def test_a_cooperative_cannot_record_its_own_repayment(self, personas):
        loan = FundLoanFactory(borrower=personas.organization)
        with pytest.raises(PermissionDenied):
            services.repayment_add(actor=personas.cooperative, loan=loan, paid_on=dt.date(2023, 7, 10), principal=75_000_000)
        assert loan.repayments.count() == 0

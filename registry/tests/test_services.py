import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.concurrency import ConcurrentEditError
from geo.tests.factories import AdminUnitFactory
from registry import services
from registry.models import AnnualReport, Field, Member, Organization, OrganizationKind, Status
from registry.tests.factories import AnnualReportFactory, MemberFactory, OrganizationFactory
from registry.tests.utils import registry_state


def new_org(commune, **kwargs):
    values = {
        "kind": OrganizationKind.COOPERATIVE,
        "name": "Hợp tác xã Nông nghiệp Điện Hòa",
        "registration_code": "4001234567",
        "field": Field.AGRICULTURE,
        "founded_on": dt.date(2020, 5, 4),
        "commune": commune,
    }
    return Organization(**(values | kwargs))


def test_it_creates_an_organization_operating_from_its_founding(personas):
    org = services.organization_create(actor=personas.commune_officer, organization=new_org(personas.geo.commune_a))
    assert org.province == personas.geo.province
    assert org.current_status == Status.OPERATING
    assert list(org.status_events.values_list("status", "effective_on")) == [(Status.OPERATING, dt.date(2020, 5, 4))]
    assert org.history.get().history_user == personas.commune_officer


def test_it_normalises_text_to_nfc_and_builds_the_search_key(personas):
    decomposed = "Hợp tác xã Điện Hòa".encode().decode()
    import unicodedata

    org = services.organization_create(
        actor=personas.province_officer,
        organization=new_org(personas.geo.commune_a, name="  " + unicodedata.normalize("NFD", decomposed) + "  "),
    )
    assert org.name == unicodedata.normalize("NFC", "Hợp tác xã Điện Hòa")
    assert "hop tac xa dien hoa" in org.search_text


@pytest.mark.parametrize("code", ["123", "40012345678", "400123456-12", "abcdefghij", "4001234567-1234"])
def test_it_rejects_a_malformed_registration_code(personas, code):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=personas.province_officer, organization=new_org(personas.geo.commune_a, registration_code=code)
        )
    assert "registration_code" in error.value.message_dict
    assert "10 chữ số" in error.value.message_dict["registration_code"][0]


def test_it_accepts_a_branch_code(personas):
    org = services.organization_create(
        actor=personas.province_officer, organization=new_org(personas.geo.commune_a, registration_code="4001234567-001")
    )
    assert org.registration_code == "4001234567-001"


def test_it_refuses_a_duplicate_registration_code_and_writes_nothing(personas):
    code = personas.organization.registration_code
    before = registry_state()
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=personas.province_officer, organization=new_org(personas.geo.commune_a, registration_code=code)
        )
    assert "đã được dùng" in error.value.message_dict["registration_code"][0]
    assert registry_state() == before


def test_unregistered_cooperative_groups_may_share_an_empty_code(personas):
    for name in ("Tổ hợp tác A", "Tổ hợp tác B"):
        services.organization_create(
            actor=personas.province_officer,
            organization=new_org(
                personas.geo.commune_a, kind=OrganizationKind.COOPERATIVE_GROUP, registration_code="", name=name
            ),
        )
    assert Organization.objects.filter(registration_code="").count() == 2


def test_it_rejects_a_legacy_commune_as_the_current_commune(personas):
    with pytest.raises(ValidationError) as error:
        services.organization_create(actor=personas.admin, organization=new_org(personas.geo.legacy_commune_a1))
    assert "không phải là xã, phường hiện hành" in error.value.message_dict["commune"][0]


def test_it_rejects_a_commune_that_no_longer_exists(personas):
    gone = AdminUnitFactory(
        code="29999", name="Đã Nhập", parent=personas.geo.province, province=personas.geo.province, valid_to=dt.date(2025, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        services.organization_create(actor=personas.admin, organization=new_org(gone))
    assert "không còn tồn tại" in error.value.message_dict["commune"][0]


def test_it_refuses_a_commune_officer_creating_in_another_commune(personas):
    before = registry_state()
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=personas.commune_officer, organization=new_org(personas.geo.commune_b))
    assert registry_state() == before


def test_registration_date_cannot_precede_founding(personas):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=personas.admin, organization=new_org(personas.geo.commune_a, registered_on=dt.date(2019, 1, 1))
        )
    assert "registered_on" in error.value.message_dict


def test_field_follows_from_the_vsic_code_when_left_empty(personas):
    org = services.organization_create(
        actor=personas.admin, organization=new_org(personas.geo.commune_a, field="", vsic_code="0111")
    )
    assert org.field == Field.AGRICULTURE


def test_it_rejects_an_unknown_vsic_code(personas):
    with pytest.raises(ValidationError) as error:
        services.organization_create(actor=personas.admin, organization=new_org(personas.geo.commune_a, vsic_code="04"))
    assert "VSIC" in error.value.message_dict["vsic_code"][0]


def test_only_a_cooperative_can_be_a_credit_fund(personas):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=personas.admin, organization=new_org(personas.geo.commune_a, kind=OrganizationKind.UNION, is_credit_fund=True)
        )
    assert "is_credit_fund" in error.value.message_dict


def test_update_bumps_the_version_and_records_who(personas):
    org = Organization.objects.get(pk=personas.organization.pk)
    org.address = "Thôn 1"
    services.organization_update(actor=personas.commune_officer, organization=org, expected_version=1)
    org.refresh_from_db()
    assert org.version == 2
    latest = org.history.latest()
    assert latest.address == "Thôn 1" and latest.history_user == personas.commune_officer


def test_a_second_save_from_a_stale_version_is_refused(personas):
    first = Organization.objects.get(pk=personas.organization.pk)
    second = Organization.objects.get(pk=personas.organization.pk)
    first.address = "Địa chỉ của người thứ nhất"
    services.organization_update(actor=personas.province_officer, organization=first, expected_version=first.version)
    second.address = "Địa chỉ của người thứ hai"
    with pytest.raises(ConcurrentEditError) as error:
        services.organization_update(actor=personas.commune_officer, organization=second, expected_version=second.version)
    assert "vừa được người khác sửa" in error.value.messages[0]
    assert Organization.objects.get(pk=first.pk).address == "Địa chỉ của người thứ nhất"


def test_a_commune_officer_cannot_move_an_organization_to_another_commune(personas):
    org = Organization.objects.get(pk=personas.organization.pk)
    org.commune = personas.geo.commune_b
    before = registry_state()
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=personas.commune_officer, organization=org, expected_version=org.version)
    assert registry_state() == before


def test_a_province_officer_cannot_move_an_organization_out_of_the_province(personas):
    org = Organization.objects.get(pk=personas.organization.pk)
    org.commune = personas.geo.other_commune
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=personas.province_officer, organization=org, expected_version=org.version)
    assert Organization.objects.get(pk=org.pk).commune == personas.geo.commune_a


def test_a_suspension_needs_an_end_date_within_twelve_months(personas):
    org = personas.organization
    with pytest.raises(ValidationError) as error:
        services.status_event_add(
            actor=personas.province_officer, organization=org, status=Status.SUSPENDED, effective_on=dt.date(2025, 1, 1)
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.status_event_add(
            actor=personas.province_officer,
            organization=org,
            status=Status.SUSPENDED,
            effective_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2026, 6, 1),
        )


def test_the_current_status_follows_the_latest_event(personas):
    org = personas.organization
    services.status_event_add(
        actor=personas.province_officer, organization=org, status=Status.DISSOLVING, effective_on=dt.date(2024, 3, 1)
    )
    services.status_event_add(
        actor=personas.province_officer, organization=org, status=Status.DISSOLVED, effective_on=dt.date(2024, 9, 1)
    )
    org.refresh_from_db()
    assert org.current_status == Status.DISSOLVED
    assert not org.is_active


def test_an_expired_suspension_means_operating_again(personas):
    org = personas.organization
    services.status_event_add(
        actor=personas.province_officer,
        organization=org,
        status=Status.SUSPENDED,
        effective_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
    )
    org.refresh_from_db()
    assert org.current_status == Status.OPERATING


def test_a_status_event_before_founding_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.status_event_add(
            actor=personas.province_officer,
            organization=personas.organization,
            status=Status.INACTIVE,
            effective_on=dt.date(2010, 1, 1),
        )
    assert "effective_on" in error.value.message_dict


def test_a_department_officer_cannot_change_status(personas):
    with pytest.raises(PermissionDenied):
        services.status_event_add(
            actor=personas.department_officer,
            organization=personas.organization,
            status=Status.INACTIVE,
            effective_on=dt.date(2025, 1, 1),
        )


def test_an_annual_report_for_a_year_before_founding_is_refused(personas):
    report = AnnualReport(organization=personas.organization, year=2014)
    with pytest.raises(ValidationError) as error:
        services.annual_report_save(actor=personas.cooperative, report=report)
    assert "trước năm thành lập" in error.value.message_dict["year"][0]


def test_revenue_from_members_cannot_exceed_revenue(personas):
    report = AnnualReport(organization=personas.organization, year=2024, revenue=100, revenue_from_members=200)
    with pytest.raises(ValidationError) as error:
        services.annual_report_save(actor=personas.cooperative, report=report)
    assert "revenue_from_members" in error.value.message_dict


def test_negative_counts_are_refused(personas):
    report = AnnualReport(organization=personas.organization, year=2024, regular_workers=-3)
    with pytest.raises(ValidationError) as error:
        services.annual_report_save(actor=personas.cooperative, report=report)
    assert "regular_workers" in error.value.message_dict


def test_one_report_per_year(personas):
    AnnualReportFactory(organization=personas.organization, year=2024)
    with pytest.raises(ValidationError):
        services.annual_report_save(
            actor=personas.cooperative, report=AnnualReport(organization=personas.organization, year=2024)
        )


def test_an_implausible_change_needs_confirmation(personas):
    AnnualReportFactory(organization=personas.organization, year=2023, revenue=1_000_000_000, revenue_from_members=0)
    previous = AnnualReport.objects.get(organization=personas.organization, year=2023)
    report = AnnualReport(
        organization=personas.organization,
        year=2024,
        revenue=9_000_000_000,
        members_official=previous.members_official,
        regular_workers=previous.regular_workers,
        total_capital=previous.total_capital,
    )
    with pytest.raises(services.UnconfirmedWarnings) as error:
        services.annual_report_save(actor=personas.cooperative, report=report)
    assert [w.field for w in error.value.warnings] == ["revenue"]
    assert not AnnualReport.objects.filter(year=2024).exists()
    services.annual_report_save(actor=personas.cooperative, report=report, confirmed=True)
    saved = AnnualReport.objects.get(year=2024)
    assert "Doanh thu" in saved.confirmed_warnings


def test_a_plausible_change_saves_without_confirmation(personas):
    AnnualReportFactory(organization=personas.organization, year=2023)
    report = AnnualReportFactory.build(organization=personas.organization, year=2024, revenue=2_900_000_000)
    services.annual_report_save(actor=personas.cooperative, report=report)
    assert AnnualReport.objects.filter(organization=personas.organization, year=2024).exists()


def test_another_cooperative_cannot_file_a_report(personas):
    with pytest.raises(PermissionDenied):
        services.annual_report_save(
            actor=personas.other_cooperative, report=AnnualReport(organization=personas.organization, year=2024)
        )


def test_member_leaving_before_joining_is_refused(personas):
    member = Member(
        organization=personas.organization, name="Trần Thị B", joined_on=dt.date(2020, 1, 1), left_on=dt.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.member_save(actor=personas.cooperative, member=member)


def test_the_representative_manages_members_with_optimistic_locking(personas):
    member = MemberFactory(organization=personas.organization)
    member.capital_contribution = 10_000_000
    services.member_save(actor=personas.cooperative, member=member, expected_version=1)
    stale = Member.objects.get(pk=member.pk)
    stale.version = 1
    with pytest.raises(ConcurrentEditError):
        services.member_save(actor=personas.cooperative, member=stale, expected_version=1)
    assert Member.objects.get(pk=member.pk).capital_contribution == 10_000_000


def test_another_cooperative_cannot_edit_members(personas):
    member = MemberFactory(organization=personas.organization)
    member.name = "Đổi tên"
    with pytest.raises(PermissionDenied):
        services.member_save(actor=personas.other_cooperative, member=member, expected_version=member.version)


def test_an_organization_of_another_province_cannot_be_created_by_the_province_officer(personas):
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=personas.province_officer, organization=new_org(personas.geo.other_commune))


def test_factories_still_make_valid_organizations(personas):
    org = OrganizationFactory(commune=personas.geo.commune_c)
    errors = {}
    try:
        org.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    assert errors == {}


def test_an_organization_cannot_be_its_own_member(personas):
    member = Member(organization=personas.organization, name="Chính nó", member_organization=personas.organization)
    with pytest.raises(ValidationError) as error:
        services.member_save(actor=personas.admin, member=member)
    assert "member_organization" in error.value.message_dict


def test_a_saved_report_records_when_it_was_submitted(personas):
    report = AnnualReportFactory.build(organization=personas.organization, year=2024)
    services.annual_report_save(actor=personas.cooperative, report=report)
    assert AnnualReport.objects.get(pk=report.pk).submitted_at is not None

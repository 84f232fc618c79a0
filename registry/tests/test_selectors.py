import datetime as dt

import pytest

from registry import services
from registry.filters import parse_organization_filters, search_terms
from registry.models import Field, Member, Organization, OrganizationKind, Status
from registry.selectors import (
    annual_reports_visible_to,
    communes_for_user,
    members_visible_to,
    organization_get,
    organization_history,
    organization_list,
    organization_report_rows,
    organization_status_timeline,
    organizations_visible_to,
)
from registry.tests.factories import AnnualReportFactory, MemberFactory, OrganizationFactory
from registry.tests.test_permissions import PERSONAS


def names(queryset):
    return [o.name for o in queryset]


@pytest.mark.parametrize(
    "query",
    [
        "hop tac xa dien phuoc",
        "HỢP TÁC XÃ ĐIỆN PHƯỚC",
        "htx dien phuoc",
        "Điện   Phước",
        "dien phuoc hop tac xa",
        "Hợp tác xã Điện Phước",
    ],
)
def test_search_ignores_diacritics_case_and_word_order(personas, query):
    found = organization_list(user=personas.province_officer, filters={"q": query})
    assert names(found) == ["Hợp tác xã Dịch vụ Nông nghiệp Điện Phước"]


def test_search_finds_by_registration_code(personas):
    code = personas.other_organization.registration_code
    assert names(organization_list(user=personas.province_officer, filters={"q": code})) == [personas.other_organization.name]


def test_search_terms_expand_abbreviations():
    assert search_terms("HTX Điện Phước") == [("htx", "hop tac xa"), ("dien",), ("phuoc",)]


def test_search_is_scoped_to_the_jurisdiction(personas):
    assert names(organization_list(user=personas.commune_officer, filters={"q": "duy thanh"})) == []
    assert names(organization_list(user=personas.other_commune_officer, filters={"q": "duy thanh"})) == [
        "Hợp tác xã Mây tre đan Duy Thành"
    ]


def test_filters_by_kind_status_field_and_commune(personas):
    geo = personas.geo
    group = OrganizationFactory(
        name="Tổ hợp tác Rau sạch", kind=OrganizationKind.COOPERATIVE_GROUP, commune=geo.commune_a, field=Field.TRADE
    )
    services.status_event_add(
        actor=personas.admin, organization=personas.other_organization, status=Status.DISSOLVED, effective_on=dt.date(2024, 5, 1)
    )
    user = personas.province_officer
    assert names(organization_list(user=user, filters={"kind": "tht"})) == [group.name]
    assert names(organization_list(user=user, filters={"status": "dissolved"})) == [personas.other_organization.name]
    assert names(organization_list(user=user, filters={"field": "thuong_mai"})) == [group.name]
    assert set(names(organization_list(user=user, filters={"commune": str(geo.commune_a.pk)}))) == {
        group.name,
        personas.organization.name,
    }
    assert names(organization_list(user=personas.admin, filters={"province": str(geo.other_province.pk)})) == [
        personas.outside_organization.name
    ]


def test_filters_by_annual_report_year(personas):
    AnnualReportFactory(organization=personas.organization, year=2024)
    user = personas.province_officer
    assert names(organization_list(user=user, filters={"report_year": "2024"})) == [personas.organization.name]
    assert names(organization_list(user=user, filters={"missing_report_year": "2024"})) == [personas.other_organization.name]
    assert names(organization_list(user=user, filters={"report_year": "2023"})) == []


def test_the_public_cannot_probe_annual_reports_through_filters(personas):
    from django.contrib.auth.models import AnonymousUser

    AnnualReportFactory(organization=personas.organization, year=2024)
    everyone = names(organization_list(user=AnonymousUser(), filters={}))
    assert names(organization_list(user=AnonymousUser(), filters={"missing_report_year": "2024"})) == everyone


def test_invalid_filter_values_are_reported_and_ignored(personas):
    filterset = parse_organization_filters({"commune": "999999", "report_year": "abc"}, user=personas.province_officer)
    assert not filterset.is_valid()
    assert "Xã, phường đã chọn không tồn tại." in filterset.errors["commune"]
    assert "hãy nhập một năm" in filterset.errors["report_year"][0]
    assert len(organization_list(user=personas.province_officer, filters=filterset)) == 2


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Hợp tác xã Dịch vụ Nông nghiệp Điện Phước", "Hợp tác xã Mây tre đan Duy Thành"]),
        ("-name", ["Hợp tác xã Mây tre đan Duy Thành", "Hợp tác xã Dịch vụ Nông nghiệp Điện Phước"]),
        ("commune", ["Hợp tác xã Dịch vụ Nông nghiệp Điện Phước", "Hợp tác xã Mây tre đan Duy Thành"]),
        ("-commune", ["Hợp tác xã Mây tre đan Duy Thành", "Hợp tác xã Dịch vụ Nông nghiệp Điện Phước"]),
        ("nonsense", ["Hợp tác xã Dịch vụ Nông nghiệp Điện Phước", "Hợp tác xã Mây tre đan Duy Thành"]),
    ],
)
def test_it_sorts_by_whitelisted_keys(personas, sort, expected):
    # Commune A is "Điện Bàn Đông", B is "Duy Xuyên": D-i < D-u.
    assert names(organization_list(user=personas.province_officer, filters={"sort": sort})) == expected


def test_the_list_is_one_query_with_the_commune_joined(personas, django_assert_num_queries):
    for i in range(5):
        OrganizationFactory(commune=personas.geo.commune_a, name=f"HTX thêm {i}")
    assert personas.province_officer.roles  # read once per request (the menu needs it too)
    with django_assert_num_queries(1):
        rows = [(o.name, o.commune.full_name) for o in organization_list(user=personas.province_officer, filters={"q": "htx"})]
    assert len(rows) == 7


def test_the_public_sees_operating_organizations_only(personas):
    from django.contrib.auth.models import AnonymousUser

    services.status_event_add(
        actor=personas.admin, organization=personas.other_organization, status=Status.BANKRUPT, effective_on=dt.date(2024, 5, 1)
    )
    public = set(organizations_visible_to(AnonymousUser()))
    assert personas.other_organization not in public
    assert personas.organization in public


def test_organization_get_hides_other_communes(personas):
    with pytest.raises(Organization.DoesNotExist):
        organization_get(user=personas.commune_officer, pk=personas.other_organization.pk)
    assert organization_get(user=personas.commune_officer, pk=personas.organization.pk) == personas.organization


def test_department_officers_read_but_do_not_write(personas):
    assert personas.organization in organizations_visible_to(personas.department_officer)
    assert not organizations_visible_to(personas.department_officer, for_write=True).exists()


@pytest.mark.parametrize("persona", [name for name in PERSONAS if name != "anonymous"])
def test_the_write_scope_is_exactly_who_may_edit_members_and_reports(personas, persona):
    """The import asks `organizations_visible_to(..., for_write=True)` for thousands of
    organizations at once where a page asks `can_edit_members` / `can_edit_reports` of one: the
    two forms of the rule must agree, for every role and organization."""
    from registry import permissions

    user = getattr(personas, persona)
    unrepresented = OrganizationFactory(commune=personas.geo.commune_a, province=personas.geo.province)
    organizations = [personas.organization, personas.other_organization, personas.outside_organization, unrepresented]
    in_scope = set(organizations_visible_to(user, for_write=True))
    for organization in organizations:
        allowed = permissions.can_edit_members(user, organization)
        assert allowed == permissions.can_edit_reports(user, organization)
        assert (organization in in_scope) == allowed, (persona, organization.name)
    writers = {"admin", "province_officer", "commune_officer", "other_commune_officer", "cooperative", "other_cooperative"}
    assert bool(in_scope) == (persona in writers)
    assert (in_scope >= set(organizations)) == (persona == "admin")


def test_members_and_reports_are_scoped_like_organizations(personas):
    mine = MemberFactory(organization=personas.organization)
    MemberFactory(organization=personas.other_organization)
    AnnualReportFactory(organization=personas.other_organization, year=2024)
    assert list(members_visible_to(personas.cooperative)) == [mine]
    assert not annual_reports_visible_to(personas.cooperative).exists()
    assert annual_reports_visible_to(personas.province_officer).count() == 1


def test_communes_for_user_follow_the_role(personas):
    geo = personas.geo
    assert list(communes_for_user(personas.commune_officer)) == [geo.commune_a]
    assert set(communes_for_user(personas.province_officer)) == {geo.commune_a, geo.commune_b, geo.commune_c}
    assert not communes_for_user(personas.department_officer).exists()
    assert not communes_for_user(personas.cooperative).exists()


def test_report_rows_show_the_year_on_year_change(personas):
    AnnualReportFactory(organization=personas.organization, year=2023, revenue=2_000_000_000, revenue_from_members=0)
    AnnualReportFactory(organization=personas.organization, year=2024, revenue=2_500_000_000, revenue_from_members=0)
    rows = organization_report_rows(personas.organization)
    assert [r.report.year for r in rows] == [2024, 2023]
    revenue = {name: (value, change) for name, value, change, _money in rows[0].cells}["revenue"]
    assert revenue == (2_500_000_000, 25.0)
    assert all(change is None for _n, _v, change, _m in rows[1].cells)


def test_the_timeline_marks_the_current_event(personas):
    services.status_event_add(
        actor=personas.admin,
        organization=personas.organization,
        status=Status.SUSPENDED,
        effective_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
    )
    timeline = organization_status_timeline(personas.organization)
    assert [e.status for e in timeline] == [Status.SUSPENDED, Status.OPERATING]
    assert not timeline[0].is_current and timeline[0].is_past_suspension


def test_history_lists_who_changed_what_from_old_to_new(personas):
    org = Organization.objects.get(pk=personas.organization.pk)
    org.address = "Thôn Hòa Bình"
    org.kind = OrganizationKind.UNION
    services.organization_update(actor=personas.commune_officer, organization=org, expected_version=org.version)
    services.member_save(actor=personas.cooperative, member=Member(organization=org, name="Lê Văn C"))
    entries = organization_history(org)
    latest_member, edit = entries[0], entries[1]
    assert latest_member.model_label == "Thành viên" and latest_member.action == "+"
    assert edit.who == str(personas.commune_officer)
    changes = {c.label: (c.old, c.new) for c in edit.changes}
    assert changes == {"Địa chỉ trụ sở": ("—", "Thôn Hòa Bình"), "Loại hình": ("Hợp tác xã", "Liên hiệp hợp tác xã")}


def test_history_names_foreign_keys_with_few_queries(personas, django_assert_max_num_queries):
    org = Organization.objects.get(pk=personas.organization.pk)
    for i in range(5):
        org.commune = personas.geo.commune_b if i % 2 == 0 else personas.geo.commune_a
        services.organization_update(actor=personas.admin, organization=org, expected_version=org.version)
    with django_assert_max_num_queries(8):
        entries = organization_history(org)
    commune_changes = [c for e in entries for c in e.changes if c.name == "commune"]
    assert ("Phường Điện Bàn Đông", "Xã Duy Xuyên") in [(c.old, c.new) for c in commune_changes]

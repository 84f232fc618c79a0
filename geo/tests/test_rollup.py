"""Rolling figures of pre-reform communes up to current communes and provinces."""

import pytest
from django.db.models import Sum

from geo.models import Edition, Level, UnitSuccession
from geo.selectors import commune_choices, current_province_of, current_unit_of, rollup_queryset, rollup_to_current, successor_map
from geo.services import geo_load
from geo.tests.factories import AdminUnitFactory
from registry.models import Organization
from registry.tests.factories import AnnualReportFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_figures_of_old_and_new_communes_meet_in_the_current_commune(geo):
    rollup = rollup_to_current(
        [(geo.legacy_commune_a1.pk, 3), (geo.legacy_commune_a2.pk, 4), (geo.commune_a.pk, 5), (geo.commune_b.pk, 1)]
    )
    assert rollup.by_commune == {geo.commune_a.pk: 12, geo.commune_b.pk: 1}
    assert rollup.by_province == {geo.province.pk: 13}
    assert rollup.unmapped == {} and rollup.total == 13


def test_a_mapping_works_as_well_as_pairs(geo):
    rollup = rollup_to_current({geo.legacy_commune_b.pk: 2, geo.other_commune.pk: 7})
    assert rollup.by_commune == {geo.commune_b.pk: 2, geo.other_commune.pk: 7}
    assert rollup.by_province == {geo.province.pk: 2, geo.other_province.pk: 7}


def test_a_split_commune_counts_for_its_primary_successor_only(geo):
    UnitSuccession.objects.create(old_unit=geo.legacy_commune_a1, new_unit=geo.commune_c, is_primary=False)
    assert rollup_to_current([(geo.legacy_commune_a1.pk, 10)]).by_commune == {geo.commune_a.pk: 10}
    assert successor_map()[geo.legacy_commune_a1.pk] == geo.commune_a.pk


def test_what_cannot_be_placed_is_reported_not_lost(geo):
    orphan = AdminUnitFactory(edition=Edition.LEGACY, code="99999", name="Không kế thừa", province=geo.legacy_province)
    rollup = rollup_to_current([(orphan.pk, 2), (geo.commune_a.pk, 1), (123456789, 4)])
    assert rollup.unmapped == {orphan.pk: 2, 123456789: 4}
    assert rollup.by_commune == {geo.commune_a.pk: 1} and rollup.total == 7


def test_organizations_aggregate_by_current_commune_whichever_unit_they_point_at(geo):
    # Two recorded against their pre-reform commune (rolled up), one only against the current one.
    OrganizationFactory(commune=geo.commune_c, legacy_commune=geo.legacy_commune_a1)  # legacy wins below
    OrganizationFactory(commune=geo.commune_a, legacy_commune=geo.legacy_commune_a2)
    OrganizationFactory(commune=geo.commune_b)
    OrganizationFactory(commune=geo.other_commune)
    rollup = rollup_queryset(Organization.objects.all(), field="legacy_commune", fallback_field="commune")
    assert rollup.by_commune == {geo.commune_a.pk: 2, geo.commune_b.pk: 1, geo.other_commune.pk: 1}
    assert rollup.by_province == {geo.province.pk: 3, geo.other_province.pk: 1}
    by_commune = rollup_queryset(Organization.objects.all(), field="commune")
    assert by_commune.by_commune == {geo.commune_a.pk: 1, geo.commune_b.pk: 1, geo.commune_c.pk: 1, geo.other_commune.pk: 1}


def test_the_expressions_can_annotate_any_queryset(geo):
    org = OrganizationFactory(commune=geo.commune_c, legacy_commune=geo.legacy_commune_b)
    row = Organization.objects.annotate(
        via_legacy=current_unit_of("legacy_commune"), province_now=current_province_of("legacy_commune", fallback_field="commune")
    ).get(pk=org.pk)
    assert row.via_legacy == geo.commune_b.pk and row.province_now == geo.province.pk


def test_sums_of_related_figures_roll_up(geo):
    AnnualReportFactory(
        organization=OrganizationFactory(commune=geo.commune_a, legacy_commune=geo.legacy_commune_a1), members_official=10
    )
    AnnualReportFactory(organization=OrganizationFactory(commune=geo.commune_a), members_official=5)
    rollup = rollup_queryset(
        Organization.objects.all(),
        field="legacy_commune",
        fallback_field="commune",
        value=Sum("annual_reports__members_official"),
    )
    assert rollup.by_commune == {geo.commune_a.pk: 15}


def test_real_quang_nam_communes_roll_into_da_nang():
    geo_load(only_province="48")
    mapping = successor_map() | successor_map(level=Level.DISTRICT)  # Huyện Hoàng Sa → Đặc khu Hoàng Sa
    rollup = rollup_to_current([(old_id, 1) for old_id in mapping])
    da_nang = UnitSuccession.objects.get(old_unit__level=Level.PROVINCE, old_unit__code="49").new_unit
    assert set(rollup.by_province) == {da_nang.pk}
    assert rollup.by_province[da_nang.pk] == len(mapping) == sum(rollup.by_commune.values())
    assert len(rollup.by_commune) == 94  # every current commune of Đà Nẵng has a predecessor


def test_commune_choices_follow_the_jurisdiction(personas):
    geo = personas.geo
    expected = {
        "admin": {geo.commune_a, geo.commune_b, geo.commune_c, geo.other_commune},
        "province_officer": {geo.commune_a, geo.commune_b, geo.commune_c},
        "leader": {geo.commune_a, geo.commune_b, geo.commune_c},
        "commune_officer": {geo.commune_a},
        "other_commune_officer": {geo.commune_b},
        "cooperative": set(),
    }
    for persona, communes in expected.items():
        assert set(commune_choices(getattr(personas, persona))) == communes, persona


def test_commune_choices_exclude_legacy_units_and_search_without_marks(personas):
    officer = personas.province_officer
    choices = commune_choices(officer)
    assert not choices.filter(edition=Edition.LEGACY).exists()
    assert list(commune_choices(officer, q="dien ban")) == [personas.geo.commune_a]
    assert list(commune_choices(officer, q="P. Hải Châu")) == [personas.geo.commune_c]


def test_anonymous_users_get_no_choices(geo):
    from django.contrib.auth.models import AnonymousUser

    assert not commune_choices(AnonymousUser()).exists()


def test_large_key_sets_read_whole_tables_with_the_same_result(geo, monkeypatch):
    pairs = [(geo.legacy_commune_a1.pk, 3), (geo.legacy_commune_b.pk, 4), (geo.commune_c.pk, 5)]
    small = rollup_to_current(pairs)
    monkeypatch.setattr("geo.selectors._IN_LIST_LIMIT", 1)
    large = rollup_to_current(pairs)
    assert large == small and large.by_commune == {geo.commune_a.pk: 3, geo.commune_b.pk: 4, geo.commune_c.pk: 5}

"""The demo province built by `manage.py demo_load`: reproducible, valid, consistent."""

import datetime as dt
import io
import random
from dataclasses import replace
from statistics import mean

import pytest
from django.core.management import call_command

from accounts.models import Agency
from geo.models import REFORM_DATE, UnitSuccession
from registry.demo.generator import populate_province
from registry.demo.units import demo_province
from registry.management.commands.demo_load import DEMO_VOLUME, build_demo, clear_province
from registry.models import AnnualReport, Member, Organization, OrganizationKind, Status, StatusEvent
from registry.services import annual_report_warnings, validate_commune
from registry.status import status_on
from registry.tests.factories import OrganizationFactory

AS_OF = dt.date(2026, 3, 15)
SMALL = 0.05  # ≈ 22 HTX, 75 THT, 1 union, 1 people's credit fund


def snapshot() -> list[tuple]:
    """Everything that matters of the generated data, without database ids."""
    rows = []
    for org in Organization.objects.order_by("registration_code", "name").select_related("commune", "legacy_commune"):
        rows.append(
            (
                org.kind,
                org.name,
                org.registration_code,
                org.address,
                org.commune.code,
                org.legacy_commune.code if org.legacy_commune else None,
                org.founded_on,
                org.legal_representative,
                org.charter_capital,
                org.current_status,
                tuple(org.status_events.order_by("effective_on", "status").values_list("status", "effective_on", "ends_on")),
                tuple(org.annual_reports.order_by("year").values_list("year", "members_official", "revenue", "pre_tax_profit")),
                tuple(sorted(org.members.values_list("name", "kind", "joined_on", "left_on"))),
            )
        )
    return rows


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    build_demo(seed=7, scale=SMALL, as_of=AS_OF)
    first = snapshot()
    build_demo(seed=7, scale=SMALL, as_of=AS_OF)
    assert snapshot() == first
    build_demo(seed=8, scale=SMALL, as_of=AS_OF)
    assert snapshot() != first


@pytest.mark.django_db
def test_it_builds_the_expected_numbers_of_each_kind():
    scale = 0.1
    build_demo(seed=1, scale=scale, as_of=AS_OF)
    orgs = Organization.objects.filter(province=demo_province())
    assert orgs.filter(kind=OrganizationKind.COOPERATIVE).count() == round(DEMO_VOLUME.cooperatives * scale)
    assert orgs.filter(kind=OrganizationKind.COOPERATIVE_GROUP).count() == round(DEMO_VOLUME.groups * scale)
    assert orgs.filter(kind=OrganizationKind.UNION).count() >= 1
    assert orgs.filter(is_credit_fund=True, kind=OrganizationKind.COOPERATIVE).count() >= 1
    # Spread over many of the 94 communes, not piled into one.
    assert orgs.values("commune").distinct().count() >= 40
    # HTX have unique 10-digit codes; most THT are not registered with a code.
    codes = list(orgs.filter(kind=OrganizationKind.COOPERATIVE).values_list("registration_code", flat=True))
    assert all(len(c) == 10 and c.isdigit() for c in codes) and len(set(codes)) == len(codes)
    assert not orgs.filter(kind=OrganizationKind.COOPERATIVE_GROUP).exclude(registration_code="").exists()
    # Foundings every year from 2010 to 2025 (the indicators count new organizations per year).
    years = set(orgs.values_list("founded_on__year", flat=True))
    assert years >= set(range(2010, 2026))
    assert Member.objects.filter(organization__kind=OrganizationKind.UNION, member_organization__isnull=False).exists()
    assert Member.objects.filter(kind=Member.Kind.ASSOCIATE).exists()
    assert Member.objects.filter(member_type=Member.MemberType.HOUSEHOLD).exists()
    assert Member.objects.filter(left_on__isnull=False).exists()


@pytest.mark.django_db
def test_every_generated_row_passes_the_models_validation():
    build_demo(seed=3, scale=SMALL, as_of=AS_OF)
    organizations = list(Organization.objects.select_related("commune", "legacy_commune"))
    assert organizations
    for org in organizations:
        org.full_clean(validate_constraints=True)
        validate_commune(org)
        assert org.province_id == org.commune.province_id
    for model in (StatusEvent, Member, AnnualReport):
        for row in model.objects.select_related("organization"):
            row.full_clean(validate_constraints=True)


@pytest.mark.django_db
def test_records_before_the_reform_point_at_a_legacy_commune_that_became_their_commune():
    build_demo(seed=4, scale=SMALL, as_of=AS_OF)
    for org in Organization.objects.all():
        if org.founded_on < REFORM_DATE:
            assert org.legacy_commune is not None, org
            assert UnitSuccession.objects.filter(old_unit=org.legacy_commune, new_unit=org.commune).exists(), org
        else:
            assert org.legacy_commune is None
    assert Organization.objects.filter(legacy_commune__province__code="49").exists()  # old Quảng Nam
    assert Organization.objects.filter(legacy_commune__province__code="48").exists()  # old Đà Nẵng


@pytest.mark.django_db
def test_the_current_status_follows_from_the_status_events():
    build_demo(seed=5, scale=0.1, as_of=AS_OF)
    statuses = set()
    for org in Organization.objects.prefetch_related("status_events"):
        events = list(org.status_events.all())
        assert events and events[0].status == Status.OPERATING
        assert org.current_status == status_on(events, AS_OF)
        assert all(e.effective_on >= org.founded_on and e.effective_on <= AS_OF for e in events)
        for event in events:
            if event.status == Status.SUSPENDED:
                assert event.ends_on and 0 < (event.ends_on - event.effective_on).days <= 366
        statuses.add(org.current_status)
    assert {Status.OPERATING, Status.DISSOLVED, Status.INACTIVE} <= statuses


@pytest.mark.django_db
def test_annual_reports_are_plausible_and_resemble_the_baseline():
    build_demo(seed=6, scale=0.2, as_of=AS_OF)
    reports = list(AnnualReport.objects.select_related("organization"))
    assert {r.year for r in reports} == set(range(2019, 2026))
    assert all(r.revenue_from_members <= r.revenue for r in reports)
    sample = reports[::5]  # the check reads the previous year's report: one query each
    warned = [r for r in sample if annual_report_warnings(r)]
    assert len(warned) <= len(sample) * 0.01
    for report in reports:
        assert report.year >= report.organization.founded_on.year
    htx_2019 = [
        r
        for r in reports
        if r.year == 2019 and r.organization.kind == OrganizationKind.COOPERATIVE and not r.organization.is_credit_fund
    ]
    assert 1_500_000_000 <= mean(r.revenue for r in htx_2019) <= 4_000_000_000  # ≈ 2,511 million VND in 2018
    assert 150 <= mean(r.members_official for r in htx_2019) <= 600  # ≈ 120,900 / 328
    assert 8 <= mean(r.regular_workers for r in htx_2019) <= 20  # ≈ 4,597 / 328
    incomes = [r.average_worker_income for r in reports if r.organization.kind == OrganizationKind.COOPERATIVE]
    assert 5_000_000 <= mean(incomes) <= 8_000_000
    assert any(r.pre_tax_profit < 0 for r in reports) and mean(r.pre_tax_profit > 0 for r in reports) > 0.7


@pytest.mark.django_db
def test_if_empty_leaves_existing_data_alone_and_a_plain_run_replaces_it():
    out = io.StringIO()
    call_command("demo_load", seed=11, scale=SMALL, stdout=out)
    assert "tổ chức" in out.getvalue()
    ids = set(Organization.objects.values_list("pk", flat=True))
    call_command("demo_load", seed=99, scale=SMALL, if_empty=True, stdout=io.StringIO())
    assert set(Organization.objects.values_list("pk", flat=True)) == ids
    count = Organization.objects.count()
    call_command("demo_load", seed=11, scale=SMALL, stdout=io.StringIO())
    assert Organization.objects.count() == count
    assert not Organization.objects.filter(pk__in=ids).exists()
    assert Organization.history.count() == count  # the replaced rows' history went with them


@pytest.mark.django_db
def test_it_creates_the_agencies_and_history_rows():
    build_demo(seed=12, scale=SMALL, as_of=AS_OF)
    codes = set(Agency.objects.values_list("code", flat=True))
    assert {"so-tai-chinh", "so-nong-nghiep-moi-truong", "so-cong-thuong", "so-khoa-hoc-cong-nghe", "so-noi-vu"} <= codes
    assert "lien-minh-htx" in codes
    finance = Agency.objects.get(code="so-tai-chinh")  # what its documents carry (NĐ 30/2020)
    assert (finance.symbol, finance.place_name, finance.parent_authority) == ("STC", "Đà Nẵng", "UBND THÀNH PHỐ ĐÀ NẴNG")
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE).count() == 94
    assert Agency.objects.filter(kind=Agency.Kind.DISTRICT_COMMITTEE, valid_to__isnull=False).count() >= 20
    org = Organization.objects.filter(kind=OrganizationKind.COOPERATIVE).first()
    assert org.history.count() == 1
    assert AnnualReport.history.filter(organization_id=org.pk).count() == org.annual_reports.count()


@pytest.mark.django_db
def test_without_history_the_fast_writer_stores_the_same_rows_and_new_ids_follow():
    """The national benchmark data goes in through registry.demo.bulk (explicit ids, COPY on
    PostgreSQL): the same rows as the demo's bulk_create, only without history."""
    province = demo_province()
    volume = DEMO_VOLUME.scaled(SMALL)
    populate_province(rng=random.Random(5), province=province, volume=volume, as_of=AS_OF)
    with_history = snapshot()
    clear_province(province)
    populate_province(rng=random.Random(5), province=province, volume=replace(volume, with_history=False), as_of=AS_OF)
    assert snapshot() == with_history
    assert not Organization.history.filter(id__in=Organization.objects.values("pk")).exists()
    union = Organization.objects.get(kind=OrganizationKind.UNION)
    assert union.members.filter(member_organization__isnull=False).exists()
    assert all(m.member_organization.province_id == province.pk for m in union.members.exclude(member_organization=None))
    assert StatusEvent.objects.filter(created_at__isnull=True).count() == 0
    newest = max(Organization.objects.values_list("pk", flat=True))
    commune = Organization.objects.first().commune
    assert OrganizationFactory(commune=commune).pk > newest  # the id sequence was moved past the explicit ids

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.tests.factories import AgencyFactory
from registry.tests.factories import OrganizationFactory
from support.demo import has_support_data, load_demo
from support.models import Activity, AllianceMembership, FundLoan, SupportRecord
from support.services import organization_alive_error, policy_period_error


@pytest.fixture
def demo_province(personas):
    geo = personas.geo
    for code in ("lien-minh-htx", "so-cong-thuong", "so-khoa-hoc-cong-nghe", "so-nong-nghiep-moi-truong", "so-noi-vu"):
        AgencyFactory(code=code, name=code, province=geo.province)
    for number in range(12):
        OrganizationFactory(
            name=f"HTX mẫu {number}", commune=geo.commune_c, province=geo.province, founded_on=dt.date(2016 + number % 8, 5, 1)
        )
    return geo.province


def test_the_demo_is_believable_and_every_row_passes_the_checks(demo_province):
    result = load_demo(province=demo_province, seed=7, today=dt.date(2025, 11, 30))
    assert 500 < result.records < 1300 and 100 < result.activities < 260 and result.loans > 30
    for record in SupportRecord.objects.select_related("organization", "policy"):
        assert policy_period_error(record.policy, record.supported_on) is None
        assert organization_alive_error(record.organization, record.supported_on) is None
        assert 0 <= record.amount <= 3_500_000_000
    assert {r.supported_on.year for r in SupportRecord.objects.all()} == {2021, 2022, 2023, 2024, 2025}
    for loan in FundLoan.objects.prefetch_related("schedule"):
        assert sum(row.principal for row in loan.schedule.all()) == loan.principal
        assert sum(loan.repayments.values_list("principal", flat=True)) <= loan.principal
    assert all(
        a.participants >= a.participants_managers + a.participants_members + a.participants_officials
        for a in Activity.objects.all()
    )
    assert SupportRecord.history.count() == SupportRecord.objects.count()


def test_running_it_again_changes_nothing(demo_province):
    load_demo(province=demo_province, seed=7, today=dt.date(2025, 11, 30))
    counts = (
        SupportRecord.objects.count(),
        Activity.objects.count(),
        AllianceMembership.objects.count(),
        FundLoan.objects.count(),
    )
    assert load_demo(province=demo_province, seed=7).skipped
    assert counts == (
        SupportRecord.objects.count(),
        Activity.objects.count(),
        AllianceMembership.objects.count(),
        FundLoan.objects.count(),
    )
    call_command("support_demo_load", "--seed", "7", "--province", demo_province.code)
    assert SupportRecord.objects.count() == counts[0]
    call_command("support_demo_load", "--clear", "--province", demo_province.code)
    assert not has_support_data(demo_province)


def test_the_same_seed_gives_the_same_data(demo_province):
    load_demo(province=demo_province, seed=3, today=dt.date(2025, 11, 30))
    first = list(SupportRecord.objects.order_by("code").values_list("code", "amount", "supported_on"))
    load_demo(province=demo_province, seed=3, replace=True, today=dt.date(2025, 11, 30))
    assert list(SupportRecord.objects.order_by("code").values_list("code", "amount", "supported_on")) == first
    assert has_support_data(demo_province)


def test_the_command_explains_what_is_missing(db):
    with pytest.raises(CommandError, match="geo_load"):
        call_command("support_demo_load", "--province", "99")

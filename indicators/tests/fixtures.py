"""Hand-built registry data for the computation tests: every number the tests expect can be
counted by hand from this file."""

import datetime as dt
from dataclasses import dataclass

from registry.models import Field, OrganizationKind, Status, StatusEvent
from registry.tests.factories import AnnualReportFactory, OrganizationFactory

D = dt.date


@dataclass
class Fixture:
    geo: object
    orgs: dict


def event(org, status, on, ends_on=None):
    StatusEvent.objects.create(organization=org, status=status, effective_on=on, ends_on=ends_on)


def build(geo) -> Fixture:
    """Commune A (merged from legacy A1 and A2), commune B (from legacy B), another province.

    HTX (kind htx) at the end of 2024 in the city: a1_old, a2_old, b_new, suspended_long,
    suspended_short, dissolved_next_day  → 6 existing (dissolved_on_eve ended 31/12/2024).
    Operating on 31/12/2024: a1_old, a2_old, b_new, suspended_short (ended 30/06/2024),
    dissolved_next_day → 5; suspended on that day: suspended_long → 1.
    """
    a, b = geo.commune_a, geo.commune_b

    def htx(name, commune, founded, legacy=None, field=Field.AGRICULTURE, kind=OrganizationKind.COOPERATIVE):
        return OrganizationFactory(
            name=name,
            commune=commune,
            legacy_commune=legacy,
            founded_on=founded,
            field=field,
            kind=kind,
            province=commune.province,
        )

    orgs = {
        "a1_old": htx("HTX A1", a, D(2015, 3, 1), geo.legacy_commune_a1),
        "a2_old": htx("HTX A2", a, D(2018, 5, 1), geo.legacy_commune_a2, field=Field.TRADE),
        "b_new": htx("HTX B mới", b, D(2024, 12, 31), geo.legacy_commune_b),
        "suspended_long": htx("HTX tạm ngừng dài", a, D(2016, 1, 1)),
        "suspended_short": htx("HTX tạm ngừng ngắn", b, D(2016, 1, 1)),
        "dissolved_on_eve": htx("HTX giải thể 31/12", a, D(2017, 1, 1)),
        "dissolved_next_day": htx("HTX giải thể 1/1", b, D(2017, 1, 1)),
        "converted": htx("HTX chuyển đổi", a, D(2017, 1, 1)),
        "founded_2025": htx("HTX mới 2025", a, D(2025, 1, 1)),
        "tht": htx("Tổ hợp tác A", a, D(2019, 1, 1), kind=OrganizationKind.COOPERATIVE_GROUP),
        "outside": htx("HTX tỉnh khác", geo.other_commune, D(2015, 1, 1)),
    }
    event(orgs["suspended_long"], Status.SUSPENDED, D(2024, 4, 1), D(2025, 3, 31))
    event(orgs["suspended_short"], Status.SUSPENDED, D(2024, 1, 1), D(2024, 6, 30))
    event(orgs["dissolved_on_eve"], Status.DISSOLVED, D(2024, 12, 31))
    event(orgs["dissolved_next_day"], Status.DISSOLVED, D(2025, 1, 1))
    event(orgs["converted"], Status.CONVERTED, D(2023, 6, 1))

    def report(org, year, **values):
        AnnualReportFactory(organization=org, year=year, **values)

    report(
        orgs["a1_old"],
        2024,
        members_official=100,
        members_associate=10,
        revenue=3_000_000_000,
        revenue_from_members=1_000_000_000,
        pre_tax_profit=200_000_000,
        regular_workers=10,
        average_worker_income=6_000_000,
    )
    report(
        orgs["a2_old"],
        2024,
        members_official=40,
        members_associate=0,
        revenue=1_000_000_000,
        revenue_from_members=500_000_000,
        pre_tax_profit=-40_000_000,
        regular_workers=30,
        average_worker_income=4_000_000,
    )
    report(
        orgs["a1_old"],
        2023,
        members_official=90,
        members_associate=10,
        revenue=1_600_000_000,
        revenue_from_members=800_000_000,
        pre_tax_profit=100_000_000,
        regular_workers=10,
        average_worker_income=5_000_000,
    )
    report(orgs["outside"], 2024, members_official=999, revenue=9_000_000_000, revenue_from_members=0)
    return Fixture(geo, orgs)

"""Interim national-scale data until `bench.datasets` (the demo's shared builder) is on main.

Same shape as its national dataset for what evaluation reads: N cooperatives over 34 provinces
(≈ 2.6 % people's credit funds), an operating event each (some suspended within the year, some
founded during it), annual reports for the year and the one before. Deleted once bench.datasets lands.
"""

import datetime as dt
import random

from django.db import transaction

from core.text import search_key

PROVINCES, COMMUNES_PER_PROVINCE = 34, 100
FIELDS = ("nong_nghiep", "nong_nghiep", "nong_nghiep", "cong_nghiep", "thuong_mai", "thuong_mai")


@transaction.atomic
def build(*, seed: int, cooperatives: int, year: int) -> int:
    from geo.models import AdminUnit
    from registry.models import AnnualReport, Organization, Status, StatusEvent

    if Organization.objects.exists():
        return Organization.objects.count()
    rng = random.Random(seed)
    provinces = []
    for p in range(PROVINCES):
        province = AdminUnit.objects.create(
            edition="2025",
            level="province",
            code=f"{p + 1:02d}",
            name=f"Tỉnh {p + 1}",
            full_name=f"Tỉnh {p + 1}",
            valid_from=dt.date(2025, 7, 1),
        )
        province.province = province
        province.save()
        provinces.append(province)
    communes = AdminUnit.objects.bulk_create(
        AdminUnit(
            edition="2025",
            level="commune",
            code=f"{p.code}{c:03d}",
            name=f"Xã {p.code}-{c}",
            full_name=f"Xã {p.code}-{c}",
            parent=p,
            province=p,
            valid_from=dt.date(2025, 7, 1),
            name_key=search_key(f"Xã {p.code}-{c}"),
        )
        for p in provinces
        for c in range(COMMUNES_PER_PROVINCE)
    )
    organizations = []
    for n in range(cooperatives):
        commune = rng.choice(communes)
        credit = rng.random() < 0.026
        founded = dt.date(year, 12, 31) - dt.timedelta(days=int(rng.expovariate(1 / 3000)))
        name = f"Hợp tác xã số {n}"
        organizations.append(
            Organization(
                kind="htx",
                is_credit_fund=credit,
                registration_code=f"{4_100_000_000 + n}",
                name=name,
                commune=commune,
                province_id=commune.province_id,
                field="tai_chinh" if credit else rng.choice(FIELDS),
                founded_on=founded,
                search_text=search_key(name),
            )
        )
    organizations = Organization.objects.bulk_create(organizations, batch_size=5000)
    events, reports = [], []
    for org in organizations:
        events.append(StatusEvent(organization=org, status=Status.OPERATING, effective_on=org.founded_on))
        if rng.random() < 0.05:
            start = dt.date(year, rng.randint(1, 10), 1)
            events.append(
                StatusEvent(
                    organization=org,
                    status=Status.SUSPENDED,
                    effective_on=start,
                    ends_on=start + dt.timedelta(days=rng.randint(30, 200)),
                )
            )
        for y in (year - 1, year):
            members = int(rng.lognormvariate(3.8, 0.9))
            revenue = int(rng.lognormvariate(21.5, 1.3))
            reports.append(
                AnnualReport(
                    organization=org,
                    year=y,
                    members_official=members,
                    revenue=revenue,
                    revenue_from_members=revenue // 3,
                    total_capital=int(rng.lognormvariate(21, 1.2)),
                    pre_tax_profit=int(rng.gauss(1e8, 2e8)),
                    development_fund=rng.choice((0, 10_000_000)),
                )
            )
    StatusEvent.objects.bulk_create(events, batch_size=5000)
    AnnualReport.objects.bulk_create(reports, batch_size=5000)
    return len(organizations)

"""Datasets every benchmark topic measures against, built by the demo's own generators.

Usage from a benchmark topic (one database per process; the backend and the file/database
name are chosen before Django starts):

    from bench import datasets

    datasets.setup_django(backend="sqlite", name="registry-national")   # or backend="postgres"
    info = datasets.build_national(seed=2025, scale=1.0)   # 45,000 HTX, 140,000 THT, 340 unions
    info = datasets.build_demo(seed=2025)                  # the demo city (Đà Nẵng), as `make run`

`build_demo(*, seed, scale=1.0)` is exactly `manage.py demo_load`: Đà Nẵng after the merger,
≈ 450 HTX, 1,500 THT, reports 2019–2025, with history rows.
`build_national(*, seed, scale=1.0)` fills every current province (34) in proportion to its
number of communes: 45,000 HTX (of which ≈ 1,180 people's credit funds) with annual reports
for 2016–2025, 140,000 THT (no reports), 340 unions; up to 4 named members per organization;
no history rows (they do not change what the registry reads), written by `registry.demo.bulk`
(explicit ids, multi-row INSERTs). `scale` multiplies the counts (`--quick` runs use 0.1).

Both skip the work when the database already holds the same dataset (same kind, seed, scale):
a row in the `bench_dataset` marker table says so. Both return a `Dataset` with the counts.
The data's reference day is fixed (`AS_OF`) so a seed always gives the same rows.
"""

import datetime as dt
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
PG_BASE_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
AS_OF = dt.date(2026, 1, 15)

NATIONAL = {"cooperatives": 45_000, "groups": 140_000, "unions": 340, "credit_funds": 1_180}


@dataclass(frozen=True)
class Dataset:
    name: str
    seed: int
    scale: float
    organizations: int
    reports: int
    seconds: float  # time spent building (0 when it was already there)


def database_url(*, backend: str, name: str) -> str:
    """The URL of the benchmark database `name` (a SQLite file under var/bench/ or a PostgreSQL
    database `hoptac_bench_<name>`)."""
    if backend == "sqlite":
        BENCH_VAR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{BENCH_VAR / (name + '.sqlite3')}"
    if backend == "postgres":
        return f"{PG_BASE_URL}/hoptac_bench_{name.replace('-', '_')}"
    raise ValueError(f"unknown backend {backend!r}")


def setup_django(*, backend: str, name: str, migrate: bool = True) -> str:
    """Point Django at the benchmark database (creating a PostgreSQL one if needed), start it,
    and migrate. Call once per process, before importing models."""
    url = database_url(backend=backend, name=name)
    if backend == "postgres":
        _create_pg_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    return url


def _create_pg_database(url: str) -> None:
    import psycopg

    base, _slash, dbname = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            conn.execute(f'CREATE DATABASE "{dbname}"')


# --- the marker --------------------------------------------------------------------------


def _marker_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset (name varchar(40) PRIMARY KEY, seed integer, scale real, built_at varchar(40))"
        )


def _marked(name: str, seed: int, scale: float) -> bool:
    from django.db import connection

    _marker_table()
    with connection.cursor() as cursor:
        cursor.execute("SELECT seed, scale FROM bench_dataset WHERE name = %s", [name])
        row = cursor.fetchone()
    return row is not None and row[0] == seed and abs(row[1] - scale) < 1e-9


def settle() -> None:
    """What the database does by itself shortly after a bulk load, done now so that measurements
    do not depend on when autovacuum comes by: fresh planner statistics (stale ones made
    PostgreSQL pick nested loops that take seconds, found by bench.registry) and, on PostgreSQL,
    the visibility map that lets queries read covering indexes without the table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _mark(name: str, seed: int, scale: float) -> None:
    """Record the dataset, and settle the database after the load."""
    from django.db import connection

    settle()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_dataset")  # one dataset per database
        cursor.execute(
            "INSERT INTO bench_dataset (name, seed, scale, built_at) VALUES (%s, %s, %s, %s)",
            [name, seed, scale, dt.datetime.now(dt.UTC).isoformat()],
        )


def _dataset(name: str, seed: int, scale: float, seconds: float) -> Dataset:
    from registry.models import AnnualReport, Organization

    return Dataset(name, seed, scale, Organization.objects.count(), AnnualReport.objects.count(), seconds)


def _clear_registry() -> None:
    from geo.models import AdminUnit
    from registry.management.commands.registry_demo_load import clear_province
    from registry.models import Organization

    for province in AdminUnit.objects.filter(pk__in=Organization.objects.values("province")):
        clear_province(province)


# --- the datasets ------------------------------------------------------------------------


def build_demo(*, seed: int = 2025, scale: float = 1.0) -> Dataset:
    """The demo city, as `manage.py demo_load --seed <seed> --scale <scale>` builds it."""
    if _marked("demo", seed, scale):
        return _dataset("demo", seed, scale, 0.0)
    from registry.management.commands.registry_demo_load import build_demo as build

    started = time.perf_counter()
    _clear_registry()
    build(seed=seed, scale=scale, as_of=AS_OF)
    _mark("demo", seed, scale)
    return _dataset("demo", seed, scale, time.perf_counter() - started)


def build_national(*, seed: int = 2025, scale: float = 1.0, progress=None) -> Dataset:
    """Every current province, national counts (see the module docstring)."""
    if _marked("national", seed, scale):
        return _dataset("national", seed, scale, 0.0)
    from geo.models import AdminUnit
    from registry.demo.agencies import ensure_agencies
    from registry.demo.generator import RegistrationCodes, Volume, populate_province
    from registry.demo.units import demo_province, ensure_units

    started = time.perf_counter()
    ensure_units()
    _clear_registry()
    ensure_agencies(demo_province())  # the demo logins (bench users) work in Đà Nẵng
    provinces = list(AdminUnit.objects.current().provinces().order_by("code"))
    communes = {p.pk: AdminUnit.objects.current().communes().filter(province=p).count() for p in provinces}
    total = sum(communes.values()) or 1
    rng = random.Random(seed)
    codes = RegistrationCodes()
    for province in provinces:
        share = communes[province.pk] / total * scale
        if not communes[province.pk]:
            continue
        volume = Volume(
            cooperatives=round(NATIONAL["cooperatives"] * share),
            groups=round(NATIONAL["groups"] * share),
            unions=round(NATIONAL["unions"] * share),
            credit_funds=round(NATIONAL["credit_funds"] * share),
            report_years=(2016, 2025),
            group_reports=False,
            member_cap=4,
            with_history=False,
        )
        written = populate_province(rng=random.Random(rng.random()), province=province, volume=volume, as_of=AS_OF, codes=codes)
        if progress:
            progress(f"{province.full_name}: {written.organizations} tổ chức, {written.reports} báo cáo")
    _mark("national", seed, scale)
    return _dataset("national", seed, scale, time.perf_counter() - started)

"""Benchmark: the home dashboard's server time against one hand-written SQL query.

    .venv/bin/python -m bench.dashboard            # national (45,000 HTX, 140,000 THT, 340 unions) + demo city
    .venv/bin/python -m bench.dashboard --quick    # 10 % national scale, SQLite and PostgreSQL

Each backend and dataset runs in its own process (Django is set up once per process). In each, the
dashboard page is requested through Django's test client (server time: middleware, queries,
template), and the reference SQL (bench/dashboard/sql.py) is run in the same process; both are
repeated and the median is kept. Results go to docs/bench-results/dashboard.md.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "bench-results" / "dashboard.md"
REPEAT = 5


def _median_ms(function, repeat=REPEAT) -> float:
    function()  # warm the database cache and Django's template cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def worker(backend: str, dataset: str, scale: float) -> dict:
    from bench import datasets

    name = f"dashboard-{dataset}" + ("" if scale == 1.0 else f"-{int(scale * 100)}")
    datasets.setup_django(backend=backend, name=name)
    built = datasets.build_national(seed=2025, scale=scale) if dataset == "national" else datasets.build_demo(seed=2025)
    datasets.settle()  # a migration may have added an index since the dataset was built

    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from accounts.tests.factories import UserFactory
    from bench.dashboard.sql import statement
    from core.roles import Role
    from indicators.catalogue import load_catalogue
    from indicators.computations.common import today
    from registry.models import Organization

    load_catalogue()
    biggest = Organization.objects.values("province_id").annotate(n=Count("id")).order_by("-n").first()["province_id"]
    from geo.models import AdminUnit

    province = AdminUnit.objects.get(pk=biggest)
    admin = UserFactory(username=f"bench_admin_{time.time_ns()}", roles=[Role.ADMIN])
    officer = UserFactory(username=f"bench_tinh_{time.time_ns()}", roles=[Role.PROVINCE_OFFICER], province=province)
    now = today()
    years = list(range(now.year - 9, now.year + 1))
    cases = []
    plans = [("province", officer, "", province.pk)]
    if dataset == "national":
        plans.insert(0, ("country", admin, "?scope=country", None))
    for label, user, query, province_id in plans:
        client = Client()
        client.force_login(user)

        def page(client=client, query=query):
            response = client.get("/" + query)
            assert response.status_code == 200, response.status_code

        sql, params = statement(backend=backend, years=years, today=now, province_id=province_id)

        def reference(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        def cold_page(page=page):
            cache.clear()  # as after a write: the data fingerprint changed, nothing cached applies
            page()

        cold_ms = _median_ms(cold_page)
        dashboard_ms = _median_ms(page)
        sql_ms = _median_ms(reference)
        cases.append(
            {
                "scope": label if label == "country" else f"province ({province.full_name})",
                "cold_ms": round(cold_ms, 1),
                "dashboard_ms": round(dashboard_ms, 1),
                "sql_ms": round(sql_ms, 1),
                "cold_ratio": round(cold_ms / sql_ms, 2),
                "ratio": round(dashboard_ms / sql_ms, 2),
            }
        )
    return {
        "backend": backend,
        "dataset": dataset,
        "scale": scale,
        "organizations": built.organizations,
        "reports": built.reports,
        "organizations_in_db": Organization.objects.count(),
        "cases": cases,
    }


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard")
    parser.add_argument("--quick", action="store_true", help="10 % of the national scale")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--worker", nargs=3, metavar=("BACKEND", "DATASET", "SCALE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        backend, dataset, scale = args.worker
        print(json.dumps(worker(backend, dataset, float(scale))))
        return 0
    scale = 0.1 if args.quick else 1.0
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        for dataset in ("national", "demo"):
            print(f"… {backend} {dataset} (scale {scale})", flush=True)
            run = subprocess.run(
                [sys.executable, "-m", "bench.dashboard", "--worker", backend, dataset, str(scale)],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if run.returncode != 0:
                print(run.stderr[-3000:], file=sys.stderr)
                return 1
            result = json.loads(run.stdout.strip().splitlines()[-1])
            results.append(result)
            for case in result["cases"]:
                print(
                    f"   {case['scope']}: dashboard cold {case['cold_ms']} ms, warm {case['dashboard_ms']} ms, SQL {case['sql_ms']} ms"
                )
    write(results, argv)
    return 0


def label(result) -> str:
    return f"national ×{result['scale']}" if result["dataset"] == "national" else "demo city"


def write(results, argv) -> None:
    command = " ".join([".venv/bin/python -m bench.dashboard", *argv])
    lines = [
        "# Benchmark: dashboard",
        "",
        f"Command: `{command}` (run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}).",
        "",
        "Server time of the home dashboard (GET `/` through Django's test client: middleware, every query, template),",
        "median of 5 after one warm-up, next to the single hand-written SQL statement of `bench/dashboard/sql.py`",
        "computing the same figures (counts at each year-end by kind, founded/ended per year, HTX by field and by",
        "place, report sums per year, ratings), in the same process. Targets: national dashboard ≤ 500 ms on",
        "PostgreSQL and ≤ 2× the SQL; demo city ≤ 100 ms.",
        "",
        "Computed values are cached under a fingerprint of the source tables (indicators/freshness.py): *cold* is",
        "the first request after a write (cache emptied before each request), *warm* a request on unchanged data",
        "(it still reads the fingerprint and renders the page).",
        "",
        "| backend | dataset | organizations | annual reports | scope | cold (ms) | warm (ms) | SQL (ms) | cold ÷ SQL | warm ÷ SQL |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for case in result["cases"]:
            lines.append(
                f"| {result['backend']} | {label(result)} | {result['organizations_in_db']:,} | "
                f"{result['reports']:,} | {case['scope']} | {case['cold_ms']} | {case['dashboard_ms']} | {case['sql_ms']} | "
                f"{case['cold_ratio']} | {case['ratio']} |"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    notes = existing.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in existing else "\n"
    RESULTS.write_text("\n".join(lines) + "\n\n<!-- notes -->" + notes, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

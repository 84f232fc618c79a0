"""Registry list and search: server time of the real view next to the bare SQL for the same page.

    .venv/bin/python -m bench.registry            # demo and national size, SQLite and PostgreSQL
    .venv/bin/python -m bench.registry --quick    # national at scale 0.1, fewer repetitions

Each (backend, size) pair runs in its own process (Django talks to one database per process):
it builds or reuses the dataset (bench.datasets), then for each reader (province officer,
commune officer, anonymous) and each page (list, filtered list, diacritic-free search, page 50)
times the view through Django's test Client (middleware, selector, filters, paginator, template)
and a hand-written SQL query returning the same page (rows + count). Results go to
docs/bench-results/registry.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS = ROOT / "docs" / "bench-results" / "registry.md"
TARGET_MS = 100
NOTES_HEADING = "## Nhận xét"

#: name, query string, extra SQL condition, its parameters
PAGES = (
    ("danh sách", "", "", []),
    (
        "lọc: HTX nông nghiệp đang hoạt động",
        "kind=htx&status=operating&field=nong_nghiep",
        " AND o.kind = %s AND o.current_status = %s AND o.field = %s",
        ["htx", "operating", "nong_nghiep"],
    ),
    (
        "tìm không dấu: “dich vu nong nghiep”",
        "q=dich+vu+nong+nghiep",
        " AND o.search_text LIKE %s AND o.search_text LIKE %s AND o.search_text LIKE %s AND o.search_text LIKE %s",
        ["%dich%", "%vu%", "%nong%", "%nghiep%"],
    ),
    ("trang 50", "page=50", "", []),
)
PAGE_SIZE = 50
#: Indexes that let the list read its first page in name order within a scope instead of sorting it.
PROPOSED_INDEXES = (
    ("bench_org_province_name", "province_id, search_text, id"),
    ("bench_org_commune_name", "commune_id, search_text, id"),
    ("bench_org_status_name", "current_status, search_text, id"),
)


def worker(backend: str, size: str, quick: bool, repeat: int) -> dict:
    from bench import datasets

    name = f"registry-{size}{'-quick' if quick and size == 'national' else ''}"
    datasets.setup_django(backend=backend, name=name)
    if size == "demo":
        dataset = datasets.build_demo(seed=2025)
    else:
        dataset = datasets.build_national(seed=2025, scale=0.1 if quick else 1.0)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from registry.demo.accounts import ensure_demo_accounts
    from registry.models import Status

    ensure_demo_accounts()
    url = reverse("registry:organization_list")
    province_officer = User.objects.get(username="tinh")
    commune_officer = User.objects.get(username="xa")
    readers = (
        ("cán bộ tỉnh", province_officer, " o.province_id = %s", [province_officer.province_id]),
        ("cán bộ xã", commune_officer, " o.commune_id = %s", [commune_officer.commune_id]),
        ("khách", None, " o.current_status = %s", [Status.OPERATING.value]),
    )
    rows = []
    queries = []
    for reader_label, user, scope_sql, scope_params in readers:
        client = Client()
        if user is not None:
            client.force_login(user)
        for page_label, query, extra_sql, extra_params in PAGES:
            target = f"{url}?{query}" if query else url
            response = client.get(target)
            assert response.status_code == 200, (target, response.status_code)
            view = _time(lambda client=client, target=target: client.get(target), repeat)
            where = scope_sql + extra_sql
            params = scope_params + extra_params
            page_number = 50 if "page=50" in query else 1
            sql = _time(lambda where=where, params=params, n=page_number: _bare_sql(connection, where, params, n), repeat)
            queries.append((where, params, page_number))
            rows.append(
                {
                    "reader": reader_label,
                    "page": page_label,
                    "view_median": view[0],
                    "view_p95": view[1],
                    "sql_median": sql[0],
                    "sql_p95": sql[1],
                }
            )
    if size == "national":
        # The indexes proposed to the registry's owner, measured on the same queries, then dropped.
        with connection.cursor() as cursor:
            for name, columns in PROPOSED_INDEXES:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON registry_organization ({columns})")
        for row, (where, params, page_number) in zip(rows, queries, strict=True):
            timed = _time(lambda where=where, params=params, n=page_number: _bare_sql(connection, where, params, n), repeat)
            row["sql_indexed_median"] = timed[0]
        with connection.cursor() as cursor:
            for name, _columns in PROPOSED_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
    return {
        "backend": backend,
        "size": size,
        "organizations": dataset.organizations,
        "reports": dataset.reports,
        "build_seconds": dataset.seconds,
        "rows": rows,
    }


def _bare_sql(connection, where: str, params: list, page: int) -> None:
    """The same page by hand: the count, then 50 rows (with the commune's name) in name order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM registry_organization o WHERE{where}", params)
        total = cursor.fetchone()[0]
        last = max(1, -(-total // PAGE_SIZE))
        offset = (min(page, last) - 1) * PAGE_SIZE
        cursor.execute(
            "SELECT o.id, o.name, o.registration_code, o.kind, o.current_status, o.field, c.full_name "
            f"FROM registry_organization o JOIN geo_adminunit c ON c.id = o.commune_id WHERE{where} "
            f"ORDER BY o.search_text, o.id LIMIT {PAGE_SIZE} OFFSET {offset}",
            params,
        )
        cursor.fetchall()


def _time(call, repeat: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds (after one warm-up call)."""
    call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def _table(result: dict) -> list[str]:
    indexed = any("sql_indexed_median" in row for row in result["rows"])
    lines = [
        f"### {result['size']} · {result['backend']} ({_number(result['organizations'])} tổ chức, {_number(result['reports'])} báo cáo năm)",
        "",
        "| người xem | trang | view trung vị (ms) | view p95 (ms) | SQL trần trung vị (ms) | tỉ lệ view/SQL |"
        + (" SQL với chỉ mục đề xuất (ms) |" if indexed else ""),
        "|---|---|---:|---:|---:|---:|" + ("---:|" if indexed else ""),
    ]
    for row in result["rows"]:
        ratio = row["view_median"] / row["sql_median"] if row["sql_median"] else float("inf")
        cells = [row["reader"], row["page"], _ms(row["view_median"]), _ms(row["view_p95"]), _ms(row["sql_median"]), _ms(ratio)]
        if indexed:
            cells.append(_ms(row.get("sql_indexed_median")))
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registry")
    parser.add_argument("--quick", action="store_true", help="national data at scale 0.1, 5 repetitions")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--sizes", default="demo,national")
    parser.add_argument("--repeat", type=int, default=0)
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    repeat = args.repeat or (5 if args.quick else 25)
    if args.worker:
        print(json.dumps(worker(*args.worker, args.quick, repeat)))
        return 0
    results = []
    for backend in args.backends.split(","):
        for size in args.sizes.split(","):
            command = [sys.executable, "-m", "bench.registry", "--worker", backend, size, "--repeat", str(repeat)]
            command += ["--quick"] if args.quick else []
            print(f"… {size} · {backend}", flush=True)
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            if done.returncode:
                sys.stderr.write(done.stderr)
                return done.returncode
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print("\n".join(_table(result)), flush=True)
    write_results(results, argv)
    return 0


def write_results(results: list[dict], argv: list[str]) -> None:
    command = " ".join([".venv/bin/python -m bench.registry", *argv])
    lines = [
        "# Registry list and search: server time",
        "",
        f"Command: `{command}` (run on {time.strftime('%d/%m/%Y %H:%M UTC', time.gmtime())}, 2 shared cores).",
        "",
        "Server time of `registry:organization_list` through Django's test Client (middleware, jurisdiction",
        "scope, filters, paginator, template), median and 95th percentile of repeated requests after a",
        "warm-up, next to a hand-written SQL query for the same page (count + 50 rows joined to the commune).",
        f"Target: under {TARGET_MS} ms at demo size. Readers: province officer (`tinh`, Đà Nẵng), commune",
        "officer (`xa`, the commune with most HTX), anonymous (operating organizations only).",
        "",
    ]
    for result in results:
        lines += _table(result)
    # Hand-written findings below NOTES_HEADING survive a re-run.
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    notes = previous[previous.index(NOTES_HEADING) :] if NOTES_HEADING in previous else ""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + ("\n" + notes if notes else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

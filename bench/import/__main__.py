"""Benchmark: import a 50,000-row annual-report workbook, with validation and commit.

    .venv/bin/python -m bench.import [--quick] [--rows N] [--backend sqlite|postgres|both] [--die-rows N]

Side by side in one run, per database, on the same generated XLSX file:
  (a) the floor: python-calamine reading the file, nothing else;
  (b) hoptac's full import: read, find headers, parse, match, validate (the registry's rules,
      the fields' validators, permissions), stage rows in the database, then commit with
      history (ImportBatch pipeline);
  (c) django-import-export (4.x, default row-by-row import) importing the same rows into the same
      model, reading the file with its own XLSX format.
(a) and (b) are each the best of three runs (a running server has its code and plans warm; the
first run in a fresh process also pays for loading them), (c) one run.
Targets: (b) ≤ 3× (a); (b) ≥ 5× faster than (c); peak memory of (b) ≤ 500 MB.
Also (d): the same reports as a district sends them (imports.headers, imports.context): one sheet
per year under a title block naming the year, "Đơn vị tính: triệu đồng", a two-level members
header, a column-number row, codes typed as numbers, money with decimals, the commune in
"Địa chỉ (xã, phường)"; measured against its own calamine read.
Results go to docs/bench-results/import.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "bench-results" / "import.md"
NOTES_MARKER = "<!-- notes -->"
YEARS = list(range(2015, 2025))  # 10 reports per organization


def _workbook(path: Path, organizations, communes) -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Bao cao nam")
    money = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, ["BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ"])
    headers = [
        "STT", "Mã số HTX", "Tên HTX", "Xã, phường", "Năm", "Thành viên chính thức", "Thành viên liên kết",
        "Thành viên mới", "Lao động thường xuyên", "Doanh thu (đồng)", "Doanh thu từ thành viên (đồng)",
        "Lợi nhuận trước thuế (đồng)", "Tổng nguồn vốn (đồng)", "Tài sản không chia (đồng)",
        "Thu nhập bình quân lao động (đồng/người/tháng)", "Quỹ đầu tư phát triển (đồng)", "Quỹ dự phòng (đồng)",
    ]  # fmt: skip
    sheet.write_row(2, 0, headers)
    row = 3
    for index, (code, name, commune_id) in enumerate(organizations):
        for year in YEARS:
            members = 20 + (index * 7 + year) % 80
            revenue = 1_000_000_000 + (index * 37 + year) % 500 * 1_000_000
            sheet.write_row(
                row, 0,
                [row - 2, code, name, communes[commune_id], year, members, members // 10, 2, 5 + index % 20],
            )  # fmt: skip
            sheet.write_row(
                row, 9,
                [revenue, revenue // 2, revenue // 20, revenue * 2, revenue // 5, 6_000_000, revenue // 100, revenue // 200],
                money,
            )  # fmt: skip
            row += 1
    book.close()
    return row - 3


def _mapped_workbook(path: Path, organizations, communes) -> int:
    """The district summary layout (see the module's docstring), one sheet per year."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))  # not constant_memory: merged header cells span two rows
    written = 0
    for year in YEARS:
        sheet = book.add_worksheet(f"Nam {year}")
        sheet.write_row(0, 0, ["UBND THỊ XÃ ĐIỆN BÀN"])
        sheet.write_row(1, 0, [f"BIỂU TỔNG HỢP TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM {year}"])
        sheet.write_row(2, 0, ["", "", "", "", "", "", "", "Đơn vị tính: triệu đồng"])
        titles = (
            "STT",
            "Tên hợp tác xã",
            "Mã số HTX",
            "Địa chỉ (xã, phường)",
            "Lao động thường xuyên (người)",
            "Doanh thu",
            "Lợi nhuận",
        )
        for column, text in zip((0, 1, 2, 3, 6, 7, 8), titles, strict=True):
            sheet.merge_range(3, column, 4, column, text)
        sheet.merge_range(3, 4, 3, 5, "Số thành viên (người)")
        sheet.write_row(4, 4, ["Tổng số", "Trong đó: TV chính thức"])
        sheet.write_row(5, 0, list(range(1, 10)))
        for index, (code, name, commune_id) in enumerate(organizations):
            members = 20 + (index * 7 + year) % 80
            revenue = 1000 + (index * 37 + year) % 500 + (index % 10) / 10
            sheet.write_row(
                6 + index, 0,
                [index + 1, name, float(code), communes[commune_id], members + 3, members, 5 + index % 20, revenue, revenue / 20],
            )  # fmt: skip
            written += 1
    book.close()
    return written


def _measure_mapped(path: Path, admin, runs: int = 2) -> dict:
    from python_calamine import CalamineWorkbook

    from imports import services

    content = path.read_bytes()
    floor = None
    for _ in range(3):
        started = time.perf_counter()
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
        elapsed = time.perf_counter() - started
        floor = elapsed if floor is None else min(floor, elapsed)
    best = None
    for _ in range(runs):
        _clear_reports()
        started = time.perf_counter()
        batch = services.batch_upload(actor=admin, kind="annual_reports", content=content, file_name=path.name, store_file=False)
        batch = services.batch_process(batch=batch, content=content)
        if batch.rejected_count:
            print(list(batch.rows.values_list("sheet", "row_number", "errors")[:3]), file=sys.stderr)
        assert batch.status == "ready" and batch.rejected_count == 0, (batch.status, batch.message, batch.rejected_count)
        services.batch_commit(actor=admin, batch=batch)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return {"mapped_floor": floor, "mapped_total": best}


def _seed(rows: int):
    from accounts.tests.factories import UserFactory
    from core.roles import Role
    from geo.tests.factories import build_geography
    from registry.models import AnnualReport, Organization

    geo = build_geography()
    communes = [geo.commune_a, geo.commune_b, geo.commune_c]
    count = rows // len(YEARS)
    AnnualReport.objects.all().delete()
    Organization.objects.all().delete()
    Organization.objects.bulk_create(
        [
            Organization(
                kind="htx",
                registration_code=f"{5_000_000_000 + n}",
                name=f"Hợp tác xã Dịch vụ Nông nghiệp số {n}",
                search_text=f"hop tac xa dich vu nong nghiep so {n}",
                field="nong_nghiep",
                commune=communes[n % 3],
                province=geo.province,
                founded_on=__import__("datetime").date(2010, 1, 1),
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    from accounts.models import User

    admin = User.objects.filter(username="bench-admin").first() or UserFactory(username="bench-admin", roles=[Role.ADMIN])
    organizations = list(Organization.objects.order_by("pk").values_list("registration_code", "name", "commune_id"))
    return admin, organizations, {c.pk: c.full_name for c in communes}


def _clear_reports():
    from bench import datasets
    from registry.models import AnnualReport

    AnnualReport.history.all().delete()
    AnnualReport.objects.all().delete()
    # The deleted rows of an earlier run would otherwise still be in the tables and their indexes
    # (PostgreSQL checks the unique (organization, year) against them): vacuumed, as autovacuum
    # would before a real import comes, so that each measurement starts from the same tables.
    datasets.settle()


def _import_once(content: bytes, name: str, admin) -> tuple[float, float]:
    """(stage, commit) seconds of one full import into a registry without the file's reports."""
    from imports import services

    _clear_reports()
    started = time.perf_counter()
    batch = services.batch_upload(actor=admin, kind="annual_reports", content=content, file_name=name, store_file=False)
    batch = services.batch_process(batch=batch, content=content)
    staged = time.perf_counter()
    assert batch.status == "ready" and batch.rejected_count == 0, (batch.status, batch.message, batch.rejected_count)
    services.batch_commit(actor=admin, batch=batch)
    return staged - started, time.perf_counter() - staged


def _measure_hoptac(path: Path, admin, runs: int = 3) -> dict:
    from imports import services
    from registry.models import AnnualReport

    content = path.read_bytes()
    # The best of `runs`, as for the floor: both sides measured the same way.
    stage, commit = min((_import_once(content, path.name, admin) for _ in range(runs)), key=sum)
    written = AnnualReport.objects.count()
    # Idempotence: the same file again changes nothing.
    again_start = time.perf_counter()
    again = services.batch_upload(actor=admin, kind="annual_reports", content=content, file_name=path.name, store_file=False)
    again = services.batch_process(batch=again, content=content)
    again_time = time.perf_counter() - again_start
    return {
        "hoptac_total": stage + commit,
        "hoptac_stage": stage,
        "hoptac_commit": commit,
        "written": written,
        "history": AnnualReport.history.count(),
        "reimport_seconds": again_time,
        "reimport_unchanged": again.unchanged_count,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _measure_floor(path: Path) -> float:
    from python_calamine import CalamineWorkbook

    best = None
    for _ in range(3):
        started = time.perf_counter()
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def _measure_die(path: Path, admin, limit: int | None) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from registry.models import AnnualReport, Organization

    class AnnualReportResource(resources.ModelResource):
        organization = fields.Field(
            column_name="Mã số HTX", attribute="organization", widget=widgets.ForeignKeyWidget(Organization, "registration_code")
        )
        year = fields.Field(column_name="Năm", attribute="year")
        members_official = fields.Field(column_name="Thành viên chính thức", attribute="members_official")
        members_associate = fields.Field(column_name="Thành viên liên kết", attribute="members_associate")
        new_members = fields.Field(column_name="Thành viên mới", attribute="new_members")
        regular_workers = fields.Field(column_name="Lao động thường xuyên", attribute="regular_workers")
        revenue = fields.Field(column_name="Doanh thu (đồng)", attribute="revenue")
        revenue_from_members = fields.Field(column_name="Doanh thu từ thành viên (đồng)", attribute="revenue_from_members")
        pre_tax_profit = fields.Field(column_name="Lợi nhuận trước thuế (đồng)", attribute="pre_tax_profit")
        total_capital = fields.Field(column_name="Tổng nguồn vốn (đồng)", attribute="total_capital")
        indivisible_assets = fields.Field(column_name="Tài sản không chia (đồng)", attribute="indivisible_assets")
        average_worker_income = fields.Field(
            column_name="Thu nhập bình quân lao động (đồng/người/tháng)", attribute="average_worker_income"
        )
        development_fund = fields.Field(column_name="Quỹ đầu tư phát triển (đồng)", attribute="development_fund")
        reserve_fund = fields.Field(column_name="Quỹ dự phòng (đồng)", attribute="reserve_fund")

        class Meta:
            model = AnnualReport
            import_id_fields = ("organization", "year")
            fields = (
                "organization", "year", "members_official", "members_associate", "new_members", "regular_workers", "revenue",
                "revenue_from_members", "pre_tax_profit", "total_capital", "indivisible_assets", "average_worker_income",
                "development_fund", "reserve_fund",
            )  # fmt: skip
            skip_unchanged = True
            clean_model_instances = True

    started = time.perf_counter()
    import openpyxl

    # django-import-export's XLSX format reads with openpyxl (read-only); the title rows above the
    # header are something it cannot skip, so the sheet is loaded from the header row on.
    book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(min_row=3, values_only=True)
    dataset = tablib.Dataset(headers=[str(h) for h in next(rows)])
    for count, row in enumerate(rows):
        if limit is not None and count >= limit:
            break
        dataset.append(row)
    result = AnnualReportResource().import_data(dataset, dry_run=False, raise_errors=True, user=admin)
    elapsed = time.perf_counter() - started
    return {"die_seconds": elapsed, "die_rows": len(dataset), "die_errors": result.has_errors()}


def child(backend: str, rows: int, die_rows: int | None, name: str = "import") -> dict:
    sys.path.insert(0, str(ROOT))
    from bench import datasets

    datasets.setup_django(backend=backend, name=name)
    from django.conf import settings

    settings.HOPTAC_IMPORT_BACKGROUND = False
    admin, organizations, communes = _seed(rows)
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bao-cao-nam-{rows}.xlsx"
    written_rows = _workbook(path, organizations, communes)
    floor = _measure_floor(path)
    hoptac = _measure_hoptac(path, admin)
    mapped_path = folder / f"bieu-tong-hop-{rows}.xlsx"
    mapped = {"mapped_rows": _mapped_workbook(mapped_path, organizations, communes), **_measure_mapped(mapped_path, admin)}
    _clear_reports()
    die = _measure_die(path, admin, die_rows)
    from django.db import connection

    return {
        "backend": backend,
        "vendor": connection.vendor,
        "rows": written_rows,
        "file_mb": path.stat().st_size / 2**20,
        "floor": floor,
        **hoptac,
        **mapped,
        **die,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5.000 rows")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--die-rows", type=int, default=None, help="rows given to django-import-export (default: all)")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--db-name",
        default="import",
        help="benchmark database: var/bench/NAME.sqlite3 or PostgreSQL hoptac_bench_NAME (one per person sharing a server)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    rows = args.rows or (5_000 if args.quick else 50_000)
    if args.child:
        print("RESULT " + json.dumps(child(args.backend, rows, args.die_rows, args.db_name)), flush=True)
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        # When and how busy the machine was: other work on its two cores moves every figure.
        started, load_before = dt.datetime.now(dt.UTC), os.getloadavg()[0]
        command = [sys.executable, "-m", "bench.import", "--child", "--backend", backend, "--rows", str(rows)]
        command += ["--db-name", args.db_name]
        if args.die_rows:
            command += ["--die-rows", str(args.die_rows)]
        output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ})
        line = next((line for line in output.stdout.splitlines() if line.startswith("RESULT ")), None)
        if line is None:
            print(output.stdout, output.stderr, sep="\n")
            return 1
        result = {**json.loads(line[7:]), "started": f"{started:%Y-%m-%d %H:%M} UTC"}
        result["load"] = (load_before, os.getloadavg()[0])
        results.append(result)
        print(json.dumps(result, indent=1), flush=True)
    _write(results, " ".join(["python", "-m", "bench.import", *sys.argv[1:]]))
    return 0


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _d(value: float, decimals: int = 2) -> str:
    """A figure as the docs write it: a comma before the decimals."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _write(results: list[dict], command: str) -> None:
    lines = [
        "# Import benchmark",
        "",
        f"Command: `.venv/bin/{command}` (from the repository root).",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} CPUs (shared with other work).",
        "",
        "| database | rows | (a) calamine read | (b) hoptac import (stage + commit) | (b)/(a) | (c) django-import-export | (c)/(b) per row | peak RSS (b) | re-import (no changes) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        per_row_ratio = (r["die_seconds"] / r["die_rows"]) / (r["hoptac_total"] / r["rows"])
        lines.append(
            f"| {r['vendor']} | {_n(r['rows'])} | {_d(r['floor'])} s | {_d(r['hoptac_total'])} s ({_d(r['hoptac_stage'])} + {_d(r['hoptac_commit'])}) "
            f"| {_d(r['hoptac_total'] / r['floor'])}× | {_d(r['die_seconds'], 1)} s for {_n(r['die_rows'])} rows | {_d(per_row_ratio, 1)}× "
            f"| {r['peak_rss_mb']:.0f} MB | {_d(r['reimport_seconds'])} s, {_n(r['reimport_unchanged'])} unchanged |"
        )
    lines += [""] + [
        f"Run of {r['vendor']}: {r['started']}, load average {_d(r['load'][0])} at the start, {_d(r['load'][1])} at the end."
        for r in results
        if "started" in r
    ]
    lines += [
        "",
        "(d) The same reports as a district sends them: one sheet per year under a title block, a two-level members",
        "header, money in million đồng with decimals, codes typed as numbers (headers matched by words, year and unit",
        "from the title block; see the module's docstring).",
        "",
        "| database | rows | calamine read | hoptac import (stage + commit) | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        if "mapped_total" in r:
            lines.append(
                f"| {r['vendor']} | {_n(r['mapped_rows'])} | {_d(r['mapped_floor'])} s | {_d(r['mapped_total'])} s "
                f"| {_d(r['mapped_total'] / r['mapped_floor'])}× |"
            )
    lines += [
        "",
        "Targets: (b) ≤ 3× (a); (b) at least 5× faster than (c); peak memory of (b) ≤ 500 MB.",
        "(a) and (b) are each the best of three runs in the same process ((b) from a registry without the file's reports",
        "each time); (c) is one run.",
        "(b) writes every report and its history row (simple-history), and stores the staged batch between preview and",
        "commit (rejected, changed or warned rows one by one; plain new rows as compressed column chunks).",
        "(c) is django-import-export 4 with its default row-by-row import (`skip_unchanged`, `clean_model_instances`),",
        "reading the same file with openpyxl; its time is per row when it was given fewer rows (`--die-rows`).",
        "Peak RSS is the whole benchmark process (Django, the seeded data and the parsed workbook).",
    ]
    # Hand-written findings after the marker survive a re-run.
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    notes = previous.split(NOTES_MARKER, 1)[1] if NOTES_MARKER in previous else "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n\n" + NOTES_MARKER + notes, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

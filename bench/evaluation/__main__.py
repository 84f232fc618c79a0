"""Benchmark: classify and rate every cooperative of the country for one year.

    .venv/bin/python -m bench.evaluation [--quick] [--backend sqlite|postgres|both]

Data: the shared national dataset of bench.datasets (45.000 HTX with ten years of reports), plus accepted
sheets for 70 % of the non-credit-fund cooperatives. Side by side in one run, per database: the floor (the pure rules of `evaluation.batch.evaluate_rows`
on rows already in memory), the full batch (`evaluate_year`: read, evaluate, write every result),
and the idempotent re-run (read, evaluate, compare, write nothing). Target: full batch ≤ 10 s and
≤ 3× the floor at national scale (45.000 HTX). Figures go to docs/bench-results/evaluation.md.
"""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "bench-results" / "evaluation.md"
YEAR = 2025
SEED = 2025
ACCEPTED_SHARE = 0.7  # share of cooperatives whose sheet for YEAR is accepted
NOTES_MARKER = "<!-- notes -->"


def _build(backend: str, scale: float) -> int:
    """The shared national dataset (bench.datasets: 45.000 HTX with 10 years of reports, THT, unions)."""
    from bench import datasets

    datasets.setup_django(backend=backend, name=f"evaluation-{'quick' if scale < 1 else 'national'}")
    datasets.build_national(seed=SEED, scale=scale)
    from registry.models import Organization

    return Organization.objects.filter(kind="htx").count()


def _accepted_assessments() -> int:
    """Accepted sheets for YEAR (the part of the data only evaluation has): random complete scores."""
    from evaluation.models import Assessment, AssessmentStatus
    from evaluation.rulesets import criteria_for_year
    from registry.models import Organization

    existing = Assessment.objects.filter(year=YEAR, status=AssessmentStatus.ACCEPTED).count()
    if existing:
        return existing
    rng = random.Random(SEED)
    items = criteria_for_year(YEAR).items
    sheets = []
    for org_id in Organization.objects.filter(kind="htx", is_credit_fund=False).values_list("pk", flat=True).iterator():
        if rng.random() >= ACCEPTED_SHARE:
            continue
        level = rng.uniform(0.3, 1.0)
        scores = {
            i.code: str(min(i.max, round(float(i.max) * rng.uniform(level - 0.3, level + 0.2) * 4) / 4)).replace("-", "")
            for i in items
        }
        scores = {k: ("0" if v.startswith("0.0") or float(v) < 0 else v) for k, v in scores.items()}
        sheets.append(
            Assessment(
                organization_id=org_id,
                year=YEAR,
                criteria_set=criteria_for_year(YEAR).code,
                status=AssessmentStatus.ACCEPTED,
                scores=scores,
            )
        )
    Assessment.objects.bulk_create(sheets, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh statistics, as the dataset's own build leaves them: right after a bulk load PostgreSQL
        # believes the table empty and plans nested loops.
        cursor.execute("ANALYZE")
    return len(sheets)


def _best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(backend: str, scale: float, repeat: int) -> dict:
    started = time.perf_counter()
    organizations = _build(backend, scale)
    sheets = _accepted_assessments()
    build_seconds = time.perf_counter() - started

    from evaluation.batch import evaluate_rows, evaluate_year, load_rows
    from evaluation.models import YearResult

    rows = load_rows(YEAR)
    floor = _best(lambda: evaluate_rows(rows, YEAR), repeat)
    read = _best(lambda: load_rows(YEAR), repeat)

    def full():
        YearResult.objects.filter(year=YEAR).delete()
        return evaluate_year(YEAR)

    full_times, rerun_times, stats = [], [], None
    for _ in range(repeat):
        YearResult.objects.filter(year=YEAR).delete()
        started = time.perf_counter()
        stats = evaluate_year(YEAR)
        full_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = evaluate_year(YEAR)
        rerun_times.append(time.perf_counter() - started)
        assert again.created == again.updated == again.deleted == 0, "re-run wrote rows"
    return {
        "backend": backend,
        "organizations": organizations,
        "evaluated": stats.evaluated,
        "accepted_sheets": sheets,
        "ratings": stats.ratings,
        "build_s": build_seconds,
        "floor_s": floor,
        "read_s": read,
        "full_s": min(full_times),
        "rerun_s": min(rerun_times),
    }


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _s(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def write_results(results: list[dict], command: str, quick: bool) -> None:
    lines = [
        "# Benchmark: classification and evaluation (bench/evaluation)",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work), Python {platform.python_version()}.",
        f"Data: {'quick (10 %)' if quick else 'national'} scale, year {YEAR}; {int(ACCEPTED_SHARE * 100)} % of cooperatives (not credit funds) have an accepted sheet.",
        "",
        "| database | HTX evaluated | accepted sheets | floor: rules on in-memory rows (s) | read only (s) | full batch: read + evaluate + write all (s) | re-run, nothing changed (s) | full / floor | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ratio = r["full_s"] / r["floor_s"] if r["floor_s"] else float("nan")
        ok = "met" if r["full_s"] <= 10 and ratio <= 3 else ("≤ 10 s met, ≤ 3× floor not met" if r["full_s"] <= 10 else "not met")
        lines.append(
            f"| {r['backend']} | {_n(r['evaluated'])} | {_n(r['accepted_sheets'])} | {_s(r['floor_s'])} | {_s(r['read_s'])} "
            f"| {_s(r['full_s'])} | {_s(r['rerun_s'])} | {_s(ratio)}× | {ok} |"
        )
    lines += [
        "",
        "Each figure is the best of the repeats. The floor is `evaluation.batch.evaluate_rows` (size classification,",
        "not-rated rules, score totals and bands) on rows already loaded; the full batch is `evaluate_year`, i.e.",
        "`manage.py evaluate_year`, after deleting the year's results so every row is written (PostgreSQL: COPY;",
        "SQLite: multi-row INSERTs). The re-run compares with the stored results and writes nothing.",
        "",
        "Ratings: "
        + "; ".join(f"{r['backend']}: " + ", ".join(f"{k} {_n(v)}" for k, v in sorted(r["ratings"].items())) for r in results),
        "",
    ]
    # Hand-written findings after the marker survive a re-run.
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    notes = previous.split(NOTES_MARKER, 1)[1] if NOTES_MARKER in previous else "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n" + NOTES_MARKER + notes, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluation")
    parser.add_argument("--quick", action="store_true", help="10 % of national scale, one repeat")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    scale, repeat = (0.1, 1) if args.quick else (1.0, 3)
    if args.child:
        print(json.dumps(measure(args.child, scale, repeat)))
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        # One process per database: Django is configured once per process.
        extra = ["--quick"] if args.quick else []
        output = subprocess.run(
            [sys.executable, "-m", "bench.evaluation", "--child", backend, *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if output.returncode != 0:
            print(output.stderr, file=sys.stderr)
            return 1
        result = json.loads(output.stdout.strip().splitlines()[-1])
        print(
            f"{backend}: floor {result['floor_s']:.2f} s, full {result['full_s']:.2f} s, re-run {result['rerun_s']:.2f} s",
            flush=True,
        )
        results.append(result)
    command = (
        ".venv/bin/python -m bench.evaluation"
        + (" --quick" if args.quick else "")
        + ("" if args.backend == "both" else f" --backend {args.backend}")
    )
    write_results(results, command, args.quick)
    print(f"→ {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

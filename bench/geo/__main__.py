"""Benchmark: loading the administrative units, resolving typed names, rolling figures up.

    .venv/bin/python -m bench.geo [--quick] [--backend sqlite|postgres|both]

Side by side in one run, per database (its own: var/bench/geo.sqlite3, hoptac_bench_geo):
- reading both packages into rows (no database) vs. the first load into an empty database
  (read + write 14.149 units and 10.634 crosswalk rows), the forced re-run that compares
  everything and writes nothing, and the re-run `make run` does on every start (skipped on the
  recorded signature), also as a whole `manage.py geo_load` process;
- `unit_resolve` on names of current and pre-reform communes, written in several styles;
- rolling 10.634 rows keyed by pre-reform communes up to current communes: in SQL
  (`rollup_queryset`) vs. in Python after reading the keys (`rollup_to_current`).
Targets: the re-run on start ≈ 1 s as a process; the first load well under a minute.
Figures go to docs/bench-results/geo.md.
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
RESULTS = ROOT / "docs" / "bench-results" / "geo.md"


def _timed(function, repeat: int = 1) -> tuple[float, object]:
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def measure(backend: str, quick: bool) -> dict:
    from bench import datasets

    url = datasets.setup_django(backend=backend, name="geo")
    from core.text import strip_diacritics
    from geo import sources
    from geo.models import AdminUnit, DatasetLoad, Level, UnitSuccession
    from geo.selectors import rollup_queryset, rollup_to_current, unit_resolve
    from geo.services import geo_load

    UnitSuccession.objects.all().delete()
    AdminUnit.objects.update(parent=None, province=None)
    AdminUnit.objects.all().delete()
    DatasetLoad.objects.all().delete()

    read_s, dataset = _timed(sources.read_dataset)
    sources.read_dataset.cache_clear()
    sources._vau_rows.cache_clear()
    sources._default_successors.cache_clear()
    first_s, first = _timed(geo_load)
    forced_s, forced = _timed(lambda: geo_load(force=True), repeat=2)
    skipped_s, skipped = _timed(geo_load, repeat=3)
    assert first.created == len(dataset.units) and not forced.changed and skipped.skipped
    command = [sys.executable, "manage.py", "geo_load"]
    process_s, _ = _timed(
        lambda: subprocess.run(command, cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, check=True, capture_output=True),
        repeat=3,
    )

    rng = random.Random(2025)
    communes = list(AdminUnit.objects.communes().select_related("province", "parent"))
    sample = rng.sample(communes, 200 if quick else 1000)
    styles = [
        lambda u: u.full_name,
        lambda u: u.name,
        lambda u: strip_diacritics(u.full_name).lower(),
        lambda u: f"{u.unit_type[0]}. {u.name}",
    ]
    names = [(styles[i % len(styles)](u), u) for i, u in enumerate(sample)]

    def resolve_all():
        outcome = {"found": 0, "ambiguous": 0, "none": 0}
        for text, unit in names:
            match = unit_resolve(text, level=Level.COMMUNE, province=unit.province)
            outcome["found" if match.found else "ambiguous" if match.ambiguous else "none"] += 1
        return outcome

    resolve_s, outcome = _timed(resolve_all)

    rows = UnitSuccession.objects.filter(old_unit__level=Level.COMMUNE)
    sql_s, sql_rollup = _timed(lambda: rollup_queryset(rows, field="old_unit"), repeat=3)
    python_s, python_rollup = _timed(lambda: rollup_to_current(rows.values_list("old_unit_id", "pk")), repeat=3)
    counts = rows.count()
    assert sum(sql_rollup.by_commune.values()) == counts

    return {
        "backend": backend,
        "units": len(dataset.units),
        "successions": len(dataset.successions),
        "read_s": read_s,
        "first_s": first_s,
        "forced_s": forced_s,
        "skipped_s": skipped_s,
        "process_s": process_s,
        "resolve_n": len(names),
        "resolve_ms": resolve_s / len(names) * 1000,
        "resolve_outcome": outcome,
        "rollup_rows": counts,
        "rollup_sql_s": sql_s,
        "rollup_python_s": python_s,
        "python_rollup_communes": len(python_rollup.by_commune),
    }


def write(results: list[dict], argv: list[str]) -> None:
    def fmt(x: float, d: int = 2) -> str:  # Vietnamese style: 1.234,56
        return f"{x:,.{d}f}".replace(",", " ").replace(".", ",").replace(" ", ".")

    lines = [
        "# Benchmark: administrative units (bench/geo)",
        "",
        f"Command: `.venv/bin/python -m bench.geo {' '.join(argv)}`",
        "",
        f"Machine: {platform.machine()}, 2 cores (shared with other work), Python {platform.python_version()}.",
        f"Data: the whole country, {results[0]['units']:,} units and {results[0]['successions']:,} crosswalk rows.".replace(
            ",", "."
        ),
        "",
        "| database | read packages (s) | first load (s) | forced re-run, nothing written (s) | re-run on start (s) | `manage.py geo_load` process, loaded (s) | first load / read |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | {fmt(r['read_s'])} | {fmt(r['first_s'])} | {fmt(r['forced_s'])} | {fmt(r['skipped_s'], 3)} | {fmt(r['process_s'])} | {fmt(r['first_s'] / r['read_s'], 1)}× |"
        )
    lines += [
        "",
        "| database | names resolved | ms per name | found / ambiguous / none | rows rolled up | SQL rollup (s) | Python rollup (s) | SQL / Python |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        o = r["resolve_outcome"]
        lines.append(
            f"| {r['backend']} | {fmt(r['resolve_n'], 0)} | {fmt(r['resolve_ms'], 1)} | {o['found']} / {o['ambiguous']} / {o['none']} "
            f"| {fmt(r['rollup_rows'], 0)} | {fmt(r['rollup_sql_s'], 3)} | {fmt(r['rollup_python_s'], 3)} "
            f"| {fmt(r['rollup_sql_s'] / r['rollup_python_s'], 2)}× |"
        )
    lines += [
        "",
        f"Load average while measuring: {os.getloadavg()[0]:.0f} (other work shares the 2 cores; figures scale with it).",
        "",
        "Each figure is the best of the repeats (first load: one run). Names are random communes of both code sets, written as",
        'the full name, the bare name, without marks in lower case, and with an abbreviated prefix ("P. …"), each with its',
        "province. Ambiguous ones are real: several communes of the same name in one province (resolved by `parent_text`).",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.geo")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.quick)))
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:  # one process per database: Django binds to one at start
        extra = ["--quick"] if args.quick else []
        out = subprocess.run(
            [sys.executable, "-m", "bench.geo", "--one", backend, *extra], cwd=ROOT, check=True, capture_output=True, text=True
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    write(results, argv)
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

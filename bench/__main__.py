"""Run every benchmark topic in turn: `python -m bench [topic ...]`."""

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path


def topics() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.ispkg and (here / m.name / "__main__.py").exists())


RESULTS = Path(__file__).resolve().parent.parent / "docs" / "bench-results"
SUMMARY = RESULTS.parent / "benchmarks.md"
PREAMBLE = """# Benchmarks

Speed and memory targets of hoptac are shown here, not in timed tests. Every figure comes from a
benchmark in `bench/` run with the command written next to it; the whole set runs with `make bench`
(`python -m bench`), one topic with `python -m bench.<topic> [--quick]`. Each topic measures its
subject side by side with a floor or a reference in the same run (ratios), because the machines are
noisy: absolute times vary with load, ratios much less. The machine: 2 cores, 24 GiB, SQLite (WAL) and
PostgreSQL 15 on the same host.

This page is assembled from `docs/bench-results/<topic>.md`, which each topic rewrites when it runs.
"""


def assemble() -> None:
    """Gather every topic's results into docs/benchmarks.md."""
    parts = [PREAMBLE]
    for path in sorted(RESULTS.glob("*.md")):
        text = path.read_text(encoding="utf-8").replace("<!-- notes -->", "").strip()
        # Each topic's page starts with "# Benchmark: …"; one level down here.
        parts.append("\n".join(("#" + line) if line.startswith("#") else line for line in text.splitlines()))
    SUMMARY.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    chosen = argv or topics()
    failures = 0
    for topic in chosen:
        importlib.import_module(f"bench.{topic}")  # fail early on a typo
        print(f"== bench.{topic} ==", flush=True)
        failures += subprocess.call([sys.executable, "-m", f"bench.{topic}"]) != 0
    assemble()
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--assemble"]:
        assemble()
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))

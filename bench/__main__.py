"""Run every benchmark topic in turn: `python -m bench [topic ...]`."""

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path


def topics() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.ispkg and (here / m.name / "__main__.py").exists())


def main(argv: list[str]) -> int:
    chosen = argv or topics()
    failures = 0
    for topic in chosen:
        importlib.import_module(f"bench.{topic}")  # fail early on a typo
        print(f"== bench.{topic} ==", flush=True)
        failures += subprocess.call([sys.executable, "-m", f"bench.{topic}"]) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

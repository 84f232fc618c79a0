"""Does core.memory.collector_paused still pay for itself? The import benchmark (bench.import,
SQLite, N rows) run with the collector LEFT RUNNING, timing the collections that happen inside the
regions collector_paused would cover (gc.callbacks): their share of those regions is what the pause
saves. CPU-bound and counted per collection, so it is steadier than comparing two wall-clock runs
on a shared machine.

    .venv/bin/python -m bench.gc [ROWS]        (default 20000)
"""

import atexit
import contextlib
import gc
import runpy
import sys
import time

import core.memory as memory

state = {"inside": 0, "gc": 0.0, "collections": 0, "wall": 0.0, "start": None, "t0": None}


@contextlib.contextmanager
def observed():
    state["inside"] += 1
    started = time.perf_counter()
    try:
        yield
    finally:
        state["wall"] += time.perf_counter() - started
        state["inside"] -= 1


def callback(phase, info):
    if not state["inside"]:
        return
    if phase == "start":
        state["t0"] = time.perf_counter()
    elif state["t0"] is not None:
        state["gc"] += time.perf_counter() - state["t0"]
        state["collections"] += 1
        state["t0"] = None


def report():
    share = state["gc"] / state["wall"] if state["wall"] else 0
    print(
        f"inside the paused regions: {state['wall']:.2f} s; collections there: {state['collections']}, "
        f"{state['gc']:.2f} s ({share:.0%})",
        flush=True,
    )


if __name__ == "__main__":
    rows = sys.argv[1] if len(sys.argv) > 1 else "20000"
    memory.collector_paused = observed  # before imports.services binds it: the collector stays on
    gc.callbacks.append(callback)
    atexit.register(report)
    sys.argv = ["bench.import", "--child", "--backend", "sqlite", "--rows", rows, "--die-rows", "20"]
    runpy.run_module("bench.import", run_name="__main__")

"""Python's cyclic garbage collector, paused for work that makes many containers and no cycles.

Why it is kept (issue #19 asked for a measurement): `python -m bench.gc` runs the import benchmark
with the collector left on and times the collections inside the regions this pause covers; on a
20.000-row import (SQLite) they take 13–16 % of those regions' time (docs/benchmarks.md, "Garbage
collector pause"), the margin by which the import meets its target ((b) ≤ 3× the bare read).
Scope: only `imports.services.batch_process` and `batch_commit` (decorators) and the dashboard's
fold (`indicators.computations.common`) use it; nothing else may, without such a measurement."""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # pauses under way, in any thread
_resume = False  # whether the collector was running when the first of them began


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for work that makes hundreds of thousands of
    containers and no reference cycles (an import reading, staging and writing its rows, a
    national dashboard folding its grouped rows): each collection would walk all of them again,
    a fifth of the import's time (bench/import). It is process-wide: other threads run without
    collections meanwhile (seconds at most). Pauses may overlap (an import in the background
    while a dashboard is asked for): the collector runs again when the last one ends, and only
    if it was running when the first began.
    Reference counting still frees what is dropped. Also a decorator."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()

"""Python's cyclic garbage collector, paused for work that makes many containers and no cycles."""

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

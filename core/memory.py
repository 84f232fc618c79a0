"""Python's cyclic garbage collector, paused for work that makes many containers and no cycles."""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for work that makes hundreds of thousands of
    containers and no reference cycles (an import reading, staging and writing its rows, a
    national dashboard folding its grouped rows): each collection would walk all of them again,
    a fifth of the import's time (bench/import). It is process-wide: other threads run without
    collections meanwhile (seconds at most).
    Reference counting still frees what is dropped; the collector runs again afterwards.
    Also a decorator."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""Single flight: concurrent misses of one entry are computed once, on the production (database)
cache and the in-memory one, by real threads."""

import threading

import pytest
from django.core.cache import cache, caches
from django.db import DatabaseError

from core.cache import get_or_compute
from core.tests.threads import all_at_once

THREADS = 8


def _stampede(key: str, produce) -> list:
    """THREADS threads asking for `key` at the same moment; their answers."""
    return all_at_once(THREADS, lambda: get_or_compute(key, produce, timeout=60))


def _slow_counting():
    calls = []
    computed = threading.Event()

    def produce():
        calls.append(1)
        # Hold the lock until every other thread has surely asked (they are past the barrier).
        computed.wait(0.5)
        return {"figure": 42}

    return calls, produce


@pytest.mark.django_db(transaction=True)
def test_concurrent_cold_requests_on_the_database_cache_wait_for_one_computation(db_cache):
    calls, produce = _slow_counting()
    assert _stampede("figures:cold", produce) == [{"figure": 42}] * THREADS
    assert len(calls) == 1
    assert cache.get("figures:cold") == {"figure": 42} and cache.get("figures:cold:lock") is None


def test_concurrent_cold_requests_on_the_memory_cache_wait_for_one_computation():
    calls, produce = _slow_counting()
    assert _stampede("figures:memory", produce) == [{"figure": 42}] * THREADS
    assert len(calls) == 1


def test_a_failed_computation_releases_the_lock_and_the_next_request_computes():
    def broken():
        raise RuntimeError("query failed")

    with pytest.raises(RuntimeError):
        get_or_compute("figures:broken", broken, timeout=60)
    assert cache.get("figures:broken:lock") is None
    assert get_or_compute("figures:broken", lambda: [1], timeout=60) == [1]


def test_a_request_that_waited_too_long_computes_itself():
    cache.add("figures:held:lock", "someone else", 60)  # a computation still running elsewhere
    assert get_or_compute("figures:held", lambda: [2], timeout=60, wait_seconds=0) == [2]


def test_an_entry_needed_inside_a_computation_is_not_waited_for(monkeypatch):
    cache.add("figures:inner:lock", "another request", 60)
    monkeypatch.setattr("core.cache.time.sleep", lambda seconds: pytest.fail("waited inside a computation"))

    def outer():
        return [get_or_compute("figures:inner", lambda: 3, timeout=60)]  # would wait 60 s otherwise

    assert get_or_compute("figures:outer", outer, timeout=60) == [3]


def test_a_failing_cache_is_treated_as_empty_and_the_figure_still_computed(monkeypatch):
    def down(*args, **kwargs):
        raise DatabaseError("database is locked")

    backend = caches["default"]
    for operation in ("get", "add", "set", "delete"):
        monkeypatch.setattr(backend, operation, down)
    monkeypatch.setattr("core.cache.time.sleep", lambda seconds: None)
    assert get_or_compute("figures:down", lambda: [4], timeout=60, wait_seconds=0) == [4]

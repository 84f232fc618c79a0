"""The cold-dashboard stampede: requests computing the same figure at once, on the shared database
cache, compute it once (indicators.computations.common.cached_result over core.cache)."""

import threading

import pytest

from core.tests.threads import all_at_once
from indicators.computations.common import cached_result, computing

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_cold_computations_of_one_figure_run_it_once(db_cache):
    calls = []

    def produce():
        calls.append(1)
        threading.Event().wait(0.5)  # keep the lock while the other requests arrive
        return {"2025": 17}

    def request():
        with computing():
            return cached_result("htx-count|2025|province", produce)

    assert all_at_once(THREADS, request) == [{"2025": 17}] * THREADS and len(calls) == 1

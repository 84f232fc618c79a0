"""Single flight over the shared cache: when many requests miss the same entry at once (20 people
open the dashboard right after a write), one computes it and the others wait for its result instead
of all computing it (a stampede that took the dashboard's p95 to 31 s).

The lock is a cache entry taken with `cache.add` (atomic in the database cache, Redis and the
in-memory cache) with a timeout, so a computation that dies leaves no lock behind for longer than
`lock_seconds`; a waiter that waited `wait_seconds` computes itself rather than fail. A cache that
fails (a database busy with a long write, a Redis restarting) is retried briefly, then treated as
empty: the page is computed, slower, never refused.
"""

import time
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.db import DatabaseError
from redis.exceptions import RedisError

#: Whether this thread is computing an entry under a lock: an entry needed inside that computation
#: is not waited for (two computations waiting for each other's entry would wait until the timeout).
_computing: ContextVar[bool] = ContextVar("single_flight_computing", default=False)

POLL_SECONDS = (0.02, 0.05, 0.1, 0.2)
CACHE_ERRORS = (DatabaseError, RedisError)


def _attempt(operation, *args, failed=None, tries: int = 5):
    """`operation(*args)`, retried a few times when the cache fails; `failed` when it keeps failing."""
    for attempt in range(tries):
        try:
            return operation(*args)
        except CACHE_ERRORS:
            time.sleep(POLL_SECONDS[min(attempt, len(POLL_SECONDS) - 1)])
    return failed


def get_or_compute(key: str, produce, *, timeout: int, lock_seconds: int = 120, wait_seconds: float = 60):
    """The cached value of `key`, or `produce()` stored under it, computed by one caller at a time.
    None is never cached (it means "not there")."""
    value = _attempt(cache.get, key)
    if value is not None:
        return value
    lock_key, token = f"{key}:lock", uuid.uuid4().hex
    deadline = time.monotonic() + wait_seconds
    polls = 0
    while True:
        if _attempt(cache.add, lock_key, token, lock_seconds, failed=False):
            try:
                value = _attempt(cache.get, key)  # computed by the one who held the lock before us
                if value is None:
                    value = _produce(produce)
                    _attempt(cache.set, key, value, timeout)
                return value
            finally:
                if _attempt(cache.get, lock_key) == token:
                    _attempt(cache.delete, lock_key)
        if _computing.get() or time.monotonic() >= deadline:
            return produce()
        time.sleep(POLL_SECONDS[min(polls, len(POLL_SECONDS) - 1)])
        polls += 1
        value = _attempt(cache.get, key)
        if value is not None:
            return value


def _produce(produce):
    token = _computing.set(True)
    try:
        return produce()
    finally:
        _computing.reset(token)

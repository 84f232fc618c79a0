"""Helpers shared by the built-in computations."""

import datetime as dt
import hashlib
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import F
from django.utils import timezone

from core.cache import get_or_compute
from core.memory import collector_paused

#: Breakdown key → the Organization column it groups by.
ORGANIZATION_COLUMNS = {"province": "province_id", "commune": "commune_id", "kind": "kind", "field": "field"}


def today() -> dt.date:
    return timezone.localdate()


def as_of(year: int) -> dt.date | None:
    """The day a year's stock figures are counted on: 31/12, or today for the current year
    (None for a future year: nothing to count yet)."""
    now = today()
    if year > now.year:
        return None
    return now if year == now.year else dt.date(year, 12, 31)


def grouping(breakdowns, prefix: str = "") -> dict:
    """values() aliases ("b_kind" → F("organization__kind")) for the requested breakdowns; aliases
    avoid clashing with model fields of the same name."""
    return {f"b_{key}": F(f"{prefix}{ORGANIZATION_COLUMNS[key]}") for key in breakdowns if key in ORGANIZATION_COLUMNS}


def ungroup(row: dict, breakdowns) -> dict:
    return {key: row[f"b_{key}"] for key in breakdowns}


def kind_filter(params: dict, prefix: str = "") -> dict:
    return {f"{prefix}kind": params["kind"]} if params.get("kind") else {}


# --- Sharing one query between the figures of a page ------------------------------------------
# A dashboard asks for many figures that come from the same grouped query (counts of HTX, THT and
# unions are one query grouped by kind). Inside `computing()`, such queries run once per page;
# outside it nothing is kept, so every request computes from current data (no stale cache).

_memo: ContextVar[dict | None] = ContextVar("indicators_memo", default=None)
_fingerprint: ContextVar[str | None] = ContextVar("indicators_fingerprint", default=None)

#: How long computed values stay in the cache; a write makes them unreachable sooner (freshness.py).
RESULT_CACHE_SECONDS = 3600


@contextmanager
def computing():
    """A page's computations: queries shared between figures, and results cached across requests
    under the data fingerprint (indicators.freshness), so unchanged data is not recomputed."""
    if _memo.get() is not None:
        yield
        return
    from indicators.freshness import data_fingerprint

    token = _memo.set({})
    fingerprint_token = _fingerprint.set(data_fingerprint())
    try:
        # A national page folds tens of thousands of grouped rows into tuples: the cyclic
        # collector would walk them repeatedly for nothing (they form no cycles).
        with collector_paused():
            yield
    finally:
        _memo.reset(token)
        _fingerprint.reset(fingerprint_token)


def cached_result(key: str, produce):
    """`produce()`, from the cache when the same key was computed on the same data."""
    fingerprint = _fingerprint.get()
    if fingerprint is None:
        return produce()
    # Today's date is part of the key: "as of today" figures move at midnight without any write.
    cache_key = "indicators:" + hashlib.sha1(f"{fingerprint}|{today()}|{key}".encode()).hexdigest()
    # Concurrent cold requests for the same figure wait for one computation (core.cache).
    return get_or_compute(cache_key, produce, timeout=RESULT_CACHE_SECONDS)


def peek_memo(key):
    """What the page already computed under `key` (None when nothing, or outside `computing()`)."""
    store = _memo.get()
    return None if store is None else store.get(key)


def memoized(key, produce):
    store = _memo.get()
    if store is None:
        return produce()
    if key not in store:
        store[key] = produce()
    return store[key]

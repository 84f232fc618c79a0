"""The task worker's heartbeat: how /healthz knows a worker is alive, and how the sweep of stale
import batches knows whether the worker that claimed a task still runs.

The worker (`manage.py worker`) writes its state into the shared cache every
HOPTAC_WORKER_HEARTBEAT_SECONDS from a thread of its own, so that a long task (a 300.000-row import)
does not look like a dead worker; the state says since when the current task runs, so that a task
that never ends (a stalled worker) shows too. Each worker has its own entry (for the sweep) and the
latest beat of any worker is kept under one key (for /healthz).
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection

LATEST_KEY = "worker:heartbeat"


def _worker_key(worker_id: str) -> str:
    return f"worker:heartbeat:{worker_id}"


def beat(*, worker_id: str, busy_since: float | None = None, task: str = "") -> None:
    state = {"worker": worker_id, "at": time.time(), "busy_since": busy_since, "task": task}
    # Entries outlive staleness by far, so that /healthz can say "stale" rather than "never seen".
    cache.set_many({LATEST_KEY: state, _worker_key(worker_id): state}, settings.HOPTAC_WORKER_STALE_SECONDS * 20)


def state_problem(state: dict | None, *, now: float | None = None) -> str:
    """Why a worker state is not healthy ("" when it is)."""
    now = time.time() if now is None else now
    if state is None:
        return "no heartbeat"
    if now - state["at"] > settings.HOPTAC_WORKER_STALE_SECONDS:
        return "heartbeat stale"
    if state["busy_since"] is not None and now - state["busy_since"] > settings.HOPTAC_WORKER_TASK_MAX_SECONDS:
        return "task running too long"
    return ""


def latest_state() -> dict | None:
    return cache.get(LATEST_KEY)


def worker_alive(worker_id: str) -> bool:
    """Whether the worker of this id beats and is not stuck in one task."""
    return not state_problem(cache.get(_worker_key(worker_id)))


class Heartbeat:
    """Beats for a worker from a daemon thread until stopped; the worker tells it which task runs."""

    def __init__(self, worker_id: str, interval: float | None = None):
        self.worker_id = worker_id
        self.interval = settings.HOPTAC_WORKER_HEARTBEAT_SECONDS if interval is None else interval
        self.busy_since: float | None = None
        self.task = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="hoptac-heartbeat")

    def busy(self, task: str) -> None:
        self.busy_since, self.task = time.time(), task
        self.beat()

    def idle(self) -> None:
        self.busy_since, self.task = None, ""
        self.beat()

    def beat(self) -> None:
        try:
            beat(worker_id=self.worker_id, busy_since=self.busy_since, task=self.task)
        except OperationalError:
            # A database cache on SQLite can be locked for a moment by a task's long write: the
            # next beat comes soon enough (staleness allows several missed beats).
            pass

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self.beat()
        finally:
            connection.close()  # this thread's own connection (the database cache)

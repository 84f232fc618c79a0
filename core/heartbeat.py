"""The task worker's heartbeat: how /healthz knows a worker is alive, and how the sweep of stale
import batches knows whether the worker that claimed a task still runs.

The worker (`manage.py worker`) writes its state into the shared cache every
HOPTAC_WORKER_HEARTBEAT_SECONDS from a thread of its own, so that a long task (a 300.000-row import)
does not look like a dead worker; the state says since when the current task runs, so that a task
that never ends (a stalled worker) shows too. Each worker has its own entry (for the sweep and for
/healthz), the latest beat of any worker is kept under one key, and the ids of the workers seen are
kept in a list, so that /healthz reports each of them and one dead worker among several shows.

A worker that exits cleanly leaves the list (stopping one is not a failure); one that dies stays on it,
failing /healthz, until HOPTAC_WORKER_FORGET_SECONDS after its last beat (a restarted worker has a new
id). For a guarantee that outlives that, HOPTAC_WORKERS says how many workers must beat.

The list is read-modify-written by each worker: two workers starting at the same moment may drop each
other's id, which the next beat (every HOPTAC_WORKER_HEARTBEAT_SECONDS) puts back.
"""

import os
import socket
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.tasks import TaskResultStatus

LATEST_KEY = "worker:heartbeat"
KNOWN_KEY = "worker:heartbeat:known"


def _worker_key(worker_id: str) -> str:
    return f"worker:heartbeat:{worker_id}"


def _timeout() -> int:
    # Entries outlive staleness by far, so that /healthz can say "stale" rather than "never seen".
    return max(settings.HOPTAC_WORKER_STALE_SECONDS * 20, settings.HOPTAC_WORKER_FORGET_SECONDS)


def beat(*, worker_id: str, busy_since: float | None = None, task: str = "") -> None:
    state = {
        "worker": worker_id,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "at": time.time(),
        "busy_since": busy_since,
        "task": task,
    }
    cache.set_many({LATEST_KEY: state, _worker_key(worker_id): state}, _timeout())
    known = cache.get(KNOWN_KEY) or []
    if worker_id not in known:
        kept = [other for other in known if _remembered(cache.get(_worker_key(other)), time.time())]
        cache.set(KNOWN_KEY, [*kept, worker_id], _timeout())


def _remembered(state: dict | None, now: float) -> bool:
    return state is not None and now - state["at"] <= settings.HOPTAC_WORKER_FORGET_SECONDS


def forget(worker_id: str) -> None:
    """A worker that stops cleanly leaves the list: its absence is not a failure."""
    known = cache.get(KNOWN_KEY) or []
    if worker_id in known:
        cache.set(KNOWN_KEY, [other for other in known if other != worker_id], _timeout())
    cache.delete(_worker_key(worker_id))


def worker_states(*, now: float | None = None) -> dict[str, dict]:
    """The state of each worker seen and not forgotten (stopped cleanly or silent for too long)."""
    now = time.time() if now is None else now
    ids = cache.get(KNOWN_KEY) or []
    states = cache.get_many([_worker_key(worker_id) for worker_id in ids])
    return {worker_id: state for worker_id in ids if _remembered(state := states.get(_worker_key(worker_id)), now)}


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


def task_is_live(result) -> bool:
    """A queued task (django_tasks_db's DBTaskResult) waiting its turn, or running on a worker that
    still beats: the stale sweeps of imports, documents and rating runs leave these alone."""
    if result.status == TaskResultStatus.READY:
        return True
    return result.status == TaskResultStatus.RUNNING and bool(result.worker_ids) and worker_alive(result.worker_ids[-1])


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
        try:
            forget(self.worker_id)
        except OperationalError:
            pass  # as for a beat: a locked SQLite cache; the entry is then forgotten by its age

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self.beat()
        finally:
            connection.close()  # this thread's own connection (the database cache)

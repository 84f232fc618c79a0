"""What /healthz checks: the database, the shared cache, free space where data is written, and the
task worker's heartbeat. Each check answers (ok, details); details are shown to staff only."""

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from core import heartbeat


def database() -> tuple[bool, dict]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1, {"vendor": connection.vendor}


def shared_cache() -> tuple[bool, dict]:
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 30)
    ok = cache.get(key) == token
    cache.delete(key)
    return ok, {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def storage() -> tuple[bool, dict]:
    """Free space of the data directory and of the uploads (the same disk, usually)."""
    paths = [Path(settings.VAR_DIR), Path(settings.MEDIA_ROOT)]
    free_mb = min(shutil.disk_usage(path).free for path in paths if path.exists()) // 2**20
    return free_mb >= settings.HOPTAC_HEALTH_MIN_FREE_MB, {"free_mb": free_mb, "min_free_mb": settings.HOPTAC_HEALTH_MIN_FREE_MB}


def _worker_details(state: dict, now: float) -> dict:
    details = {
        "worker": state["worker"],
        "host": state.get("host", ""),
        "pid": state.get("pid"),
        "last_beat_seconds_ago": round(now - state["at"]),
    }
    if problem := heartbeat.state_problem(state, now=now):
        details["problem"] = problem
    if state["busy_since"] is not None:
        details["task"] = state["task"]
        details["task_running_seconds"] = round(now - state["busy_since"])
    return details


def worker() -> tuple[bool, dict]:
    """Every worker seen (core.heartbeat): failing when any of them is stale or stuck, or when fewer
    than HOPTAC_WORKERS beat. With none on the list (each exited cleanly), the latest beat of any
    worker answers, as with one worker."""
    now = time.time()
    states = list(heartbeat.worker_states(now=now).values())
    if not states and (latest := heartbeat.latest_state()) is not None:
        states = [latest]
    workers = [_worker_details(state, now) for state in states]
    healthy = sum("problem" not in details for details in workers)
    details = {"workers": workers, "healthy": healthy, "expected": settings.HOPTAC_WORKERS}
    problems = sorted({details["problem"] for details in workers if "problem" in details})
    if not workers:
        problems.append("no heartbeat")
    if healthy < settings.HOPTAC_WORKERS:
        problems.append(f"{healthy} of {settings.HOPTAC_WORKERS} expected workers beating")
    if problems:
        details["problem"] = "; ".join(problems)
    # The first worker's figures at the top, as before (a monitor reading one worker keeps working).
    if workers:
        details |= {
            key: value for key, value in workers[0].items() if key in ("last_beat_seconds_ago", "task", "task_running_seconds")
        }
    return not problems, details


CHECKS = {"database": database, "cache": shared_cache, "storage": storage, "worker": worker}


def run_checks() -> dict[str, tuple[bool, dict]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # a check that cannot run is a failing check, never a 500
            results[name] = (False, {"error": type(error).__name__})
    return results

"""/healthz for a monitor: the database, the shared cache, free space and the worker's heartbeat;
200 when all pass, 503 otherwise; anyone may ask, only staff see details."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache

from accounts.tests.factories import UserFactory
from core import health, heartbeat

pytestmark = pytest.mark.django_db
ALL_OK = {"database": "ok", "cache": "ok", "storage": "ok", "worker": "ok"}


@pytest.fixture(autouse=True)
def shared(db_cache, settings):
    settings.HOPTAC_HEALTH_MIN_FREE_MB = 1


def _health(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_a_healthy_system_answers_200_with_every_check_ok_and_no_details_for_anonymous(client):
    heartbeat.beat(worker_id="w1")
    assert _health(client) == (200, {"status": "ok", "checks": ALL_OK})


def test_the_heartbeat_written_by_a_real_worker_run_counts(client, run_worker):
    run_worker()
    status, body = _health(client)
    assert status == 200 and body["checks"]["worker"] == "ok"


def test_no_worker_heartbeat_answers_503(client):
    assert _health(client) == (503, {"status": "fail", "checks": ALL_OK | {"worker": "fail"}})


def test_a_worker_that_stopped_beating_shows_as_failing(client):
    cache.set(
        heartbeat.LATEST_KEY,
        {"worker": "w1", "at": time.time() - settings.HOPTAC_WORKER_STALE_SECONDS - 5, "busy_since": None, "task": ""},
    )
    assert _health(client) == (503, {"status": "fail", "checks": ALL_OK | {"worker": "fail"}})


def test_a_worker_stuck_in_one_task_shows_as_failing(client, staff_client):
    started = time.time() - settings.HOPTAC_WORKER_TASK_MAX_SECONDS - 5
    heartbeat.beat(worker_id="w1", busy_since=started, task="imports.services.batch_process_task")
    assert _health(client)[1]["checks"]["worker"] == "fail"
    details = _health(staff_client)[1]["details"]["worker"]
    assert details["problem"] == "task running too long" and details["task"] == "imports.services.batch_process_task"


def test_low_disk_space_answers_503(client, settings):
    settings.HOPTAC_HEALTH_MIN_FREE_MB = 10**12  # more than any disk has
    heartbeat.beat(worker_id="w1")
    assert _health(client) == (503, {"status": "fail", "checks": ALL_OK | {"storage": "fail"}})


def test_a_check_that_breaks_fails_without_a_500(client, staff_client, monkeypatch):
    def unreachable():
        raise ConnectionError("no route to cache host 10.0.0.5")

    monkeypatch.setitem(health.CHECKS, "cache", unreachable)
    heartbeat.beat(worker_id="w1")
    assert _health(client) == (503, {"status": "fail", "checks": ALL_OK | {"cache": "fail"}})
    assert _health(staff_client)[1]["details"]["cache"] == {"error": "ConnectionError"}  # no message: it may name hosts


@pytest.fixture
def staff_client(client_for):
    return client_for(UserFactory(is_staff=True))


def test_only_staff_see_the_details_and_nobody_sees_a_secret(client_for, staff_client, personas):
    heartbeat.beat(worker_id="w1")
    for user in (None, personas.province_officer, personas.cooperative):
        assert "details" not in _health(client_for(user))[1]
    response = staff_client.get("/healthz")
    details = response.json()["details"]
    assert set(details) == set(ALL_OK) and details["storage"]["free_mb"] > 0 and details["worker"]["last_beat_seconds_ago"] >= 0
    assert details["cache"] == {"backend": "DatabaseCache"}
    text = response.content.decode()
    assert settings.SECRET_KEY not in text and str(settings.DATABASES["default"]["NAME"]) not in text
    assert response["Cache-Control"].startswith("max-age=0")


def _beat_at(worker_id: str, seconds_ago: float, **extra) -> None:
    heartbeat.beat(worker_id=worker_id, **extra)
    state = cache.get(f"worker:heartbeat:{worker_id}") | {"at": time.time() - seconds_ago}
    cache.set(f"worker:heartbeat:{worker_id}", state)


def test_one_dead_worker_among_several_fails_and_each_worker_is_reported(client, staff_client):
    _beat_at("w1", 0)
    _beat_at("w2", settings.HOPTAC_WORKER_STALE_SECONDS + 30)  # killed: no clean exit
    _beat_at("w3", 0)
    heartbeat.beat(worker_id="w3")  # the latest beat is a healthy one: it alone would hide w2
    assert _health(client) == (503, {"status": "fail", "checks": ALL_OK | {"worker": "fail"}})
    details = _health(staff_client)[1]["details"]["worker"]
    workers = {w["worker"]: w for w in details["workers"]}
    assert set(workers) == {"w1", "w2", "w3"} and details["healthy"] == 2
    assert workers["w2"]["problem"] == "heartbeat stale" and workers["w2"]["last_beat_seconds_ago"] >= 120
    assert "problem" not in workers["w1"] and workers["w1"]["pid"] > 0 and workers["w1"]["host"]


def test_a_worker_that_exits_cleanly_leaves_the_list_and_fails_nothing(client):
    _beat_at("w1", 0)
    stopping = heartbeat.Heartbeat("w2", interval=3600)
    stopping.start()
    stopping.stop()
    assert set(heartbeat.worker_states()) == {"w1"}
    assert _health(client)[0] == 200


def test_a_dead_worker_is_forgotten_after_the_forget_time(client, settings):
    settings.HOPTAC_WORKER_FORGET_SECONDS = 600
    _beat_at("w1", 0)
    _beat_at("w2", 601)
    assert set(heartbeat.worker_states()) == {"w1"} and _health(client)[0] == 200


def test_fewer_workers_than_hoptac_workers_fails(client, staff_client, settings):
    settings.HOPTAC_WORKERS = 2
    _beat_at("w1", 0)
    assert _health(client)[1]["checks"]["worker"] == "fail"
    assert _health(staff_client)[1]["details"]["worker"]["problem"] == "1 of 2 expected workers beating"
    _beat_at("w2", 0)
    assert _health(client)[0] == 200


def test_two_real_worker_runs_are_reported_and_leave_the_list_when_they_exit(client, run_worker):
    run_worker("first")
    run_worker("second")
    assert heartbeat.worker_states() == {} and _health(client)[0] == 200  # the latest beat answers

import datetime as dt

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from crontask import scheduler

import core.tasks


def test_the_scheduler_closes_broken_or_old_connections_after_every_job(monkeypatch):
    closed = []
    monkeypatch.setattr(core.tasks, "close_old_connections", lambda: closed.append(True))
    now = dt.datetime.now(dt.UTC)
    scheduler._dispatch_event(JobExecutionEvent(EVENT_JOB_ERROR, "job", "default", now, exception=OSError("server closed")))
    scheduler._dispatch_event(JobExecutionEvent(EVENT_JOB_EXECUTED, "job", "default", now))
    assert closed == [True, True]


def test_the_queue_is_pruned_nightly():
    triggers = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='3', minute='0'" in triggers[core.tasks.prune_task_results.name]

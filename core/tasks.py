"""Scheduled upkeep of the task queue itself, and what the scheduler process (`manage.py crontask`)
needs to keep enqueuing for months."""

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from crontask import cron, scheduler
from django.core.management import call_command
from django.db import close_old_connections
from django.tasks import task


@cron("0 3 * * *")
@task
def prune_task_results() -> None:
    """Finished tasks are kept 14 days in the queue's table (for the admin to look at), then deleted."""
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)


def _close_old_connections(event) -> None:
    """The scheduler enqueues from its own threads, outside any request: after each job, close the
    connections a failed enqueue left broken (the database restarted) or that outlived CONN_MAX_AGE,
    as the end of a request would, so that the next enqueue connects again."""
    close_old_connections()


scheduler.add_listener(_close_old_connections, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

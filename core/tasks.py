"""Scheduled upkeep of the task queue itself (enqueued by `manage.py crontask`)."""

from crontask import cron
from django.core.management import call_command
from django.tasks import task


@cron("0 3 * * *")
@task
def prune_task_results() -> None:
    """Finished tasks are kept 14 days in the queue's table (for the admin to look at), then deleted."""
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)

"""Scheduled work of the action programs, enqueued by `manage.py crontask` and run by the worker."""

from crontask import cron
from django.tasks import task

from programs.reminders import send_reminders


@cron("0 7 * * *")
@task
def send_daily_reminders() -> dict:
    """Due-date reminders, overdue notices and the weekly digest, every morning at 07:00 (sending
    twice sends nothing twice, so a run the scheduler missed can be made up by hand)."""
    result = send_reminders()
    return {"sent": dict(result.sent), "skipped": result.skipped}

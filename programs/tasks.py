"""Scheduled work of the action programs, enqueued by `manage.py crontask` and run by the worker."""

from crontask import cron
from django.tasks import task

from programs.documents import documents_expire, stale_documents_sweep
from programs.reminders import send_reminders


@cron("0 7 * * *")
@task
def send_daily_reminders() -> dict:
    """Due-date reminders, overdue notices and the weekly digest, every morning at 07:00 (sending
    twice sends nothing twice, so a run the scheduler missed can be made up by hand)."""
    result = send_reminders()
    return {"sent": dict(result.sent), "skipped": result.skipped}


@cron("45 2 * * *")
@task
def expire_documents() -> int:
    """Generated consolidated reports are deleted after HOPTAC_DOCUMENT_RETENTION_DAYS (the same
    nightly round as the upload retention of imports.tasks)."""
    return documents_expire()


@cron("*/10 * * * *")
@task
def sweep_stale_documents() -> int:
    """Documents whose build was interrupted are marked failed with a message (imports.tasks sweeps batches)."""
    return stale_documents_sweep()

"""Scheduled upkeep of the documents built on the queue (reports.queued), enqueued by `manage.py crontask`."""

from crontask import cron
from django.tasks import task

from reports.queued import documents_expire, stale_documents_sweep


@cron("50 2 * * *")
@task
def expire_queued_documents() -> int:
    """Queued documents are deleted after HOPTAC_DOCUMENT_RETENTION_DAYS (the nightly retention round)."""
    return documents_expire()


@cron("*/10 * * * *")
@task
def sweep_stale_queued_documents() -> int:
    """Documents whose build was interrupted are marked failed with a message."""
    return stale_documents_sweep()

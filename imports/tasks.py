"""Scheduled upkeep of the import framework, enqueued by `manage.py crontask` (django-crontask, the
one schedule of the project; times are the installation's TIME_ZONE) and run by `manage.py worker`.
The processing of one batch is a task too: imports.services.batch_process_task.
"""

from crontask import cron
from django.tasks import task

from imports import upkeep


@cron("*/10 * * * *")
@task
def sweep_stale_batches() -> dict:
    return upkeep.stale_batches_sweep()


@cron("30 2 * * *")
@task
def expire_uploads() -> int:
    return upkeep.uploads_expire()

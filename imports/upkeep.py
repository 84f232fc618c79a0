"""Upkeep of import batches, run on the schedule of imports.tasks.

- A batch interrupted while being processed (the worker was killed, the server restarted, an inline
  run stopped) is found by the sweep: no queued task, no task on a worker that still beats, no
  processing mark (imports.liveness) for HOPTAC_IMPORT_STALE_MINUTES. It is processed again from its
  stored file once; interrupted again, it is marked failed with a message, so no batch stays
  "processing" for ever.
- Uploaded files of finished batches (refused, committed, undone) are deleted after
  HOPTAC_UPLOAD_RETENTION_DAYS: the batch keeps its staged and written rows, undo does not need the file.
"""

import datetime as dt
import logging
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from core.heartbeat import task_is_live
from imports.liveness import is_processing
from imports.models import BatchStatus, ImportBatch
from imports.services import batch_process_task

logger = logging.getLogger(__name__)

#: Statuses of a batch whose file is being processed (commits run in one transaction: never left half done).
PROCESSING = (BatchStatus.PENDING, BatchStatus.READING, BatchStatus.VALIDATING)
#: Processing attempts after which an interrupted batch is given up (the file may be what kills the worker).
MAX_ATTEMPTS = 2
FINISHED_WITH_FILE = {BatchStatus.REFUSED: "created_at", BatchStatus.COMMITTED: "committed_at", BatchStatus.UNDONE: "undone_at"}


def _attempts_by_batch() -> dict[int, list[DBTaskResult]]:
    attempts = defaultdict(list)
    for result in DBTaskResult.objects.filter(task_path=batch_process_task.module_path).order_by("enqueued_at"):
        args = result.args_kwargs.get("args") or [result.args_kwargs.get("kwargs", {}).get("batch_id")]
        attempts[args[0]].append(result)
    return attempts


def stale_batches_sweep(*, now: dt.datetime | None = None) -> dict:
    """Resume or fail the batches left processing with no live task behind them; returns the counts."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.HOPTAC_IMPORT_STALE_MINUTES)
    counts = {"resumed": 0, "failed": 0}
    stale = list(ImportBatch.objects.filter(status__in=PROCESSING, created_at__lt=cutoff))
    if not stale:
        return counts
    attempts = _attempts_by_batch()
    for batch in stale:
        tried = attempts.get(batch.pk, [])
        if is_processing(batch.pk) or any(task_is_live(result) for result in tried):
            continue
        # A task its dead worker left "running" is over: say so in the queue's own records.
        DBTaskResult.objects.filter(pk__in=[r.pk for r in tried if r.status == TaskResultStatus.RUNNING]).update(
            status=TaskResultStatus.FAILED, finished_at=now
        )
        if batch.file and len(tried) < MAX_ATTEMPTS:
            _resume(batch)
            counts["resumed"] += 1
        else:
            _fail(batch)
            counts["failed"] += 1
    if counts["resumed"] or counts["failed"]:
        logger.warning("interrupted import batches: %(resumed)s resumed, %(failed)s failed", counts)
    return counts


@transaction.atomic
def _resume(batch: ImportBatch) -> None:
    """Start the batch's processing again from its file (what the interrupted run staged is dropped)."""
    batch.rows.all().delete()
    batch.chunks.all().delete()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.PENDING,
        rows_total=0,
        rows_read=0,
        rows_validated=0,
        message=_("Việc xử lý bị gián đoạn (máy chủ khởi động lại); hệ thống đang xử lý lại tệp."),
    )
    # Queued in the same transaction (the queue is a table of the same database): both or neither.
    batch_process_task.enqueue(batch.pk)


def _fail(batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk, status__in=PROCESSING).update(
        status=BatchStatus.FAILED,
        message=_("Việc xử lý lô bị gián đoạn (máy chủ khởi động lại) và không thể tiếp tục. Hãy tải tệp lên lại."),
    )


def uploads_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the uploaded files of batches finished more than HOPTAC_UPLOAD_RETENTION_DAYS ago, and
    files under MEDIA_ROOT/imports/ no batch refers to (left by deleted batches, or by the support
    page before it joined the pipeline: LEGACY_FOLDERS) as old; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.HOPTAC_UPLOAD_RETENTION_DAYS)
    finished = Q()
    for status, moment in FINISHED_WITH_FILE.items():
        finished |= Q(status=status, **{f"{moment}__lt": cutoff})
    deleted = 0
    for batch in ImportBatch.objects.filter(finished).exclude(file=""):
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
        deleted += 1
    return deleted + _orphans_delete(cutoff)


#: Folders under MEDIA_ROOT where uploads were kept before every kind went through the batches
#: (the support import page kept its previews there): their files are orphans, deleted as old ones.
LEGACY_FOLDERS = ("support-imports",)


def _orphans_delete(cutoff: dt.datetime) -> int:
    kept = {Path(settings.MEDIA_ROOT) / name for name in ImportBatch.objects.exclude(file="").values_list("file", flat=True)}
    deleted = 0
    for folder in ("imports", *LEGACY_FOLDERS):
        root = Path(settings.MEDIA_ROOT) / folder
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if path.is_file() and path not in kept and path.stat().st_mtime < cutoff.timestamp():
                path.unlink()
                deleted += 1
    return deleted

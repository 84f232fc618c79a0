"""Shared by the tests of every kind of queued document (reports.queued)."""

import datetime as dt

from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import queued
from reports.models import QueuedDocument, QueuedStatus


def assert_the_sweep_fails_the_interrupted_one(dead: QueuedDocument, waiting: QueuedDocument, client) -> None:
    """Both queued an hour ago; `dead`'s task was taken by a worker that no longer beats, `waiting`'s
    still waits in the queue: the sweep marks `dead` failed, leaves `waiting`, and `dead`'s status page
    (read by `client`) says why and stops polling."""
    QueuedDocument.objects.filter(pk__in=(dead.pk, waiting.pk)).update(created_at=timezone.now() - dt.timedelta(hours=1))
    QueuedDocument.objects.filter(pk=dead.pk).update(status=QueuedStatus.RUNNING)
    task_of_dead = next(r for r in DBTaskResult.objects.all() if r.args_kwargs["args"] == [dead.pk])
    DBTaskResult.objects.filter(pk=task_of_dead.pk).update(status=TaskResultStatus.RUNNING, worker_ids=["gone"])

    assert queued.stale_documents_sweep() == 1

    dead.refresh_from_db()
    waiting.refresh_from_db()
    assert dead.status == QueuedStatus.FAILED and waiting.status == QueuedStatus.QUEUED
    body = client.get(reverse("reports:queued_status", args=[dead.pk])).content.decode()
    assert "gián đoạn" in body and "hx-trigger" not in body

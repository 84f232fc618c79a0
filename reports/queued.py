"""Large documents built by the task worker instead of inside the request, for any app: the
evaluation summary, the plan-vs-actual report, the program's consolidated report.

An app registers a QueuedKind (its key, a label, and `build(params, user) -> bytes`) in its
AppConfig.ready(), as it registers its report templates with reports.templating. Its page's button
posts to a view that checks the reader's right and calls document_request; the worker rebuilds the
document from the stored params as the person who asked (scoped by their jurisdiction, as the page
was), and stores the file; the status page (reports:queued_status) polls it and offers the file to
those the kind's `may_read` lets read it (by default the person who asked only). Old documents are
deleted by the nightly retention, interrupted builds are marked failed by the sweep (reports.tasks).
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from core.heartbeat import task_is_live
from reports.models import QueuedDocument, QueuedStatus

logger = logging.getLogger(__name__)


def requester_only(document: QueuedDocument, user) -> bool:
    # The document holds what the asker's jurisdiction let them read, which another reader's may not.
    return document.requested_by_id == user.pk


@dataclass(frozen=True)
class QueuedKind:
    key: str
    label: str
    build: Callable[[dict, object], bytes]  # (params, user who asked) -> the file's bytes
    back: Callable[[dict], str] = lambda params: ""  # the page the document was asked from
    # (document, signed-in user) -> may they see its status page and download it; the whole rule (the
    # asker is not implied). A kind whose document is the same for every reader (the program's
    # consolidated report) opens it to them all.
    may_read: Callable[[QueuedDocument, object], bool] = requester_only


_KINDS: dict[str, QueuedKind] = {}


def register(kind: QueuedKind) -> None:
    _KINDS[kind.key] = kind


def kind(key: str) -> QueuedKind:
    return _KINDS[key]


def may_read(document: QueuedDocument, user) -> bool:
    """The kind's rule; a document of a kind no longer registered is nobody's."""
    registered = _KINDS.get(document.kind)
    return registered is not None and user.is_authenticated and registered.may_read(document, user)


def documents_asked_by(user):
    """The documents a person asked for that the retention still keeps, newest first: their home
    lists them, so a document asked for and left to build can be found again."""
    return QueuedDocument.objects.filter(requested_by=user.pk, kind__in=list(_KINDS)).order_by("-created_at", "-pk")


def document_request(*, user, kind: str, params: dict, filename: str) -> QueuedDocument:
    """Store the request and queue its build (after the commit: the worker must see the row). The
    caller has checked that `user` may read the document; the build runs as `user`."""
    if kind not in _KINDS:
        raise ValueError(kind)
    with transaction.atomic():
        document = QueuedDocument.objects.create(kind=kind, params=params, filename=filename, requested_by=user)
        transaction.on_commit(lambda: build_queued_document_task.enqueue(document.pk))
    return document


def document_build(document_id: int) -> str:
    """Build the file and store it; a failure is kept on the record with its message for the status page."""
    claimed = QueuedDocument.objects.filter(pk=document_id, status=QueuedStatus.QUEUED).update(status=QueuedStatus.RUNNING)
    if not claimed:
        return "skipped"  # already built, or deleted by the retention before the worker came
    document = QueuedDocument.objects.select_related("requested_by").get(pk=document_id)
    try:
        content = _KINDS[document.kind].build(document.params, document.requested_by)
    except Exception as error:  # noqa: BLE001 - any failure must reach the person waiting, not only the log
        logger.exception("building queued document %s failed", document_id)
        QueuedDocument.objects.filter(pk=document_id).update(
            status=QueuedStatus.FAILED, error=str(error) or error.__class__.__name__, finished_at=timezone.now()
        )
        return QueuedStatus.FAILED
    document.file.save(document.filename, ContentFile(content), save=False)
    QueuedDocument.objects.filter(pk=document_id).update(
        status=QueuedStatus.DONE, file=document.file.name, finished_at=timezone.now()
    )
    return QueuedStatus.DONE


@task
def build_queued_document_task(document_id: int) -> str:
    return document_build(document_id)


def stale_documents_sweep(*, now: dt.datetime | None = None) -> int:
    """Mark failed the documents still waiting or being built after HOPTAC_IMPORT_STALE_MINUTES whose
    task is gone (its worker was killed, the server restarted), so no status page polls for ever."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=settings.HOPTAC_IMPORT_STALE_MINUTES)
    waiting = QueuedDocument.objects.filter(status__in=(QueuedStatus.QUEUED, QueuedStatus.RUNNING), created_at__lt=cutoff)
    if not waiting.exists():
        return 0
    live = {
        (result.args_kwargs.get("args") or [None])[0]
        for result in DBTaskResult.objects.filter(task_path=build_queued_document_task.module_path)
        if task_is_live(result)
    }
    stale = [document.pk for document in waiting if document.pk not in live]
    return QueuedDocument.objects.filter(pk__in=stale, status__in=(QueuedStatus.QUEUED, QueuedStatus.RUNNING)).update(
        status=QueuedStatus.FAILED, error=_("việc lập văn bản bị gián đoạn (máy chủ khởi động lại)"), finished_at=timezone.now()
    )


def documents_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the documents (records and files) asked for more than HOPTAC_DOCUMENT_RETENTION_DAYS ago."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.HOPTAC_DOCUMENT_RETENTION_DAYS)
    deleted = 0
    for document in QueuedDocument.objects.filter(created_at__lt=cutoff):
        if document.file:
            document.file.delete(save=False)
        document.delete()
        deleted += 1
    return deleted


def failure_message(document: QueuedDocument) -> str:
    return _("Không lập được văn bản: %(error)s. Hãy thử lại hoặc báo cho quản trị viên.") % {"error": document.error}

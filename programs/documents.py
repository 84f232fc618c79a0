"""The consolidated report built by the task worker instead of inside the request (about 20 s at
province scale, longer as PDF): the request stores a GeneratedDocument and queues its build; the
status page polls it and offers the stored file. GET programs:consolidated stays the direct path
that answers with the bytes (scripts, tests, small programs).
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from core.heartbeat import task_is_live
from programs import permissions
from programs.consolidated import ReportOptions, consolidated_docx, consolidated_pdf
from programs.models import DocumentStatus, GeneratedDocument, Program

logger = logging.getLogger(__name__)

BUILDERS = {"docx": consolidated_docx, "pdf": consolidated_pdf}


def consolidated_filename(program: Program, options: ReportOptions, fmt: str) -> str:
    return f"bao-cao-chuong-trinh-{program.pk}-{options.year}.{fmt}"


def document_request(*, user, program: Program, options: ReportOptions, fmt: str) -> GeneratedDocument:
    """Store the request and queue its build (after the commit: the worker must see the row)."""
    if not permissions.can_view_reports(user, program):
        raise PermissionDenied
    if fmt not in BUILDERS:
        raise ValueError(fmt)
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            program=program,
            fmt=fmt,
            options={
                "year": options.year,
                "number": options.number,
                "signer_title": options.signer_title,
                "signer_name": options.signer_name,
            },
            filename=consolidated_filename(program, options, fmt),
            requested_by=user,
        )
        transaction.on_commit(lambda: build_document_task.enqueue(document.pk))
    return document


def document_build(document_id: int) -> str:
    """Build the file and store it; a failure is kept on the record with its message for the status page."""
    claimed = GeneratedDocument.objects.filter(pk=document_id, status=DocumentStatus.QUEUED).update(status=DocumentStatus.RUNNING)
    if not claimed:
        return "skipped"  # already built, or deleted by the retention before the worker came
    document = GeneratedDocument.objects.select_related("program", "requested_by").get(pk=document_id)
    try:
        content = BUILDERS[document.fmt](
            program=document.program, options=ReportOptions(**document.options), user=document.requested_by
        )
    except Exception as error:  # noqa: BLE001 - any failure must reach the person waiting, not only the log
        logger.exception("building generated document %s failed", document_id)
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED, error=str(error) or error.__class__.__name__, finished_at=timezone.now()
        )
        return DocumentStatus.FAILED
    document.file.save(document.filename, ContentFile(content), save=False)
    GeneratedDocument.objects.filter(pk=document_id).update(
        status=DocumentStatus.DONE, file=document.file.name, finished_at=timezone.now()
    )
    return DocumentStatus.DONE


@task
def build_document_task(document_id: int) -> str:
    return document_build(document_id)


def stale_documents_sweep(*, now: dt.datetime | None = None) -> int:
    """Mark failed the documents still waiting or being built after HOPTAC_IMPORT_STALE_MINUTES whose
    task is gone (its worker was killed, the server restarted), so no status page polls for ever."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=settings.HOPTAC_IMPORT_STALE_MINUTES)
    waiting = GeneratedDocument.objects.filter(status__in=(DocumentStatus.QUEUED, DocumentStatus.RUNNING), created_at__lt=cutoff)
    if not waiting.exists():
        return 0
    live = {
        (result.args_kwargs.get("args") or [None])[0]
        for result in DBTaskResult.objects.filter(task_path=build_document_task.module_path)
        if task_is_live(result)
    }
    stale = [document.pk for document in waiting if document.pk not in live]
    return GeneratedDocument.objects.filter(pk__in=stale, status__in=(DocumentStatus.QUEUED, DocumentStatus.RUNNING)).update(
        status=DocumentStatus.FAILED,
        error=_("việc lập văn bản bị gián đoạn (máy chủ khởi động lại)"),
        finished_at=timezone.now(),
    )


def documents_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the documents (records and files) asked for more than HOPTAC_DOCUMENT_RETENTION_DAYS ago."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.HOPTAC_DOCUMENT_RETENTION_DAYS)
    deleted = 0
    for document in GeneratedDocument.objects.filter(created_at__lt=cutoff):
        if document.file:
            document.file.delete(save=False)
        document.delete()
        deleted += 1
    return deleted


def failure_message(document: GeneratedDocument) -> str:
    return _("Không lập được văn bản: %(error)s. Hãy thử lại hoặc báo cho quản trị viên.") % {"error": document.error}

"""The entry points of a task table import (XLSX, or the decision itself: DOCX, PDF with a text
layer): into a chosen program, or as a new program the decision's header describes. The upload
goes through the one import pipeline (programs.import_batches); its batch page shows the preview
with row errors, commits, and undoes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imports import services as import_services
from imports.kinds import ImportKind
from imports.models import ImportBatch
from imports.permissions import can_manage_batch
from programs import agency_answers, permissions
from programs.forms import AgencyAnswerForm, TaskImportForm
from programs.views import _program_or_404


def _upload(request, form, options: dict):
    upload = form.cleaned_data["file"]
    content = upload.read()
    batch = import_services.batch_upload(
        actor=request.user, kind=ImportKind.PROGRAM_TASKS, content=content, file_name=upload.name, options=options
    )
    import_services.batch_start(batch=batch, content=content)
    return redirect("imports:batch_detail", pk=batch.pk)


def _recent(request):
    return ImportBatch.objects.filter(created_by=request.user, kind=ImportKind.PROGRAM_TASKS)[:10]


@login_required
def task_import(request, pk):
    program = _program_or_404(request, pk)
    if not permissions.can_manage_program(request.user, program):
        raise PermissionDenied
    form = TaskImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _upload(request, form, {"program_id": program.pk})
    return render(request, "programs/task_import.html", {"program": program, "form": form, "batches": _recent(request)})


@login_required
def decision_import(request):
    """A decision imported with no program chosen: the commit creates the program it describes."""
    if not permissions.can_create_program(request.user):
        raise PermissionDenied
    form = TaskImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _upload(request, form, {})
    return render(request, "programs/task_import.html", {"program": None, "form": form, "batches": _recent(request)})


@login_required
@require_POST
def agency_answer(request, pk):
    """The person's answer to one agency question of a task table's preview (an agency picked or
    created, or the agencies a "… liên quan" group stands for); the batch is read again with it
    and its page shown. Someone who may not manage the batch is refused (403)."""
    batch = get_object_or_404(ImportBatch, pk=pk, kind=ImportKind.PROGRAM_TASKS)
    if not can_manage_batch(request.user, batch):
        raise PermissionDenied
    form = AgencyAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("imports:batch_detail", pk=batch.pk)
    narrow = form.cleaned_data["action"] == form.NARROW
    answer = agency_answers.narrow_group if narrow else agency_answers.answer_agency
    try:
        _batch, chosen = answer(actor=request.user, batch=batch, **form.answer())
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        names = "; ".join(agency.name for agency in chosen) if narrow else chosen.name
        values = {"text": form.cleaned_data["text"], "agency": names}
        messages.success(request, _("“%(text)s”: ghi là %(agency)s; bảng được đọc lại theo lựa chọn này.") % values)
    return redirect("imports:batch_detail", pk=batch.pk)

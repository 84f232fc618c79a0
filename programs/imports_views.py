"""The entry points of a task table import (XLSX, or the decision itself: DOCX, PDF with a text
layer): into a chosen program, or as a new program the decision's header describes. The upload
goes through the one import pipeline (programs.import_batches); its batch page shows the preview
with row errors, commits, and undoes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from imports import services as import_services
from imports.kinds import ImportKind
from imports.models import ImportBatch
from programs import permissions
from programs.forms import TaskImportForm
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

"""Importing a program's task table from XLSX or the decision itself (DOCX, PDF with a text layer): upload → preview with row-level errors → commit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from imports.foreign import batch_link_message
from imports.services import file_facts
from programs import permissions
from programs.forms import TaskImportForm
from programs.import_batches import task_table_commit_recorded
from programs.task_table import TableRefused, parse_task_table
from programs.views import _program_or_404

SESSION_KEY = "programs-task-import-{pk}"
MAX_BYTES = 5 * 1024 * 1024


@login_required
def task_import(request, pk):
    program = _program_or_404(request, pk)
    if not permissions.can_manage_program(request.user, program):
        raise PermissionDenied
    key = SESSION_KEY.format(pk=program.pk)
    context = {"program": program, "form": TaskImportForm()}
    if request.method == "POST" and "commit" in request.POST:
        stored = request.session.get(key)
        if not stored:
            messages.error(request, _("Bản xem trước đã hết hạn; hãy tải bảng lên lại."))
            return redirect("programs:task_import", pk=program.pk)
        try:
            counts, batch = task_table_commit_recorded(actor=request.user, program=program, preview=stored)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("programs:task_import", pk=program.pk)
        request.session.pop(key, None)
        summary = (
            _("Đã nhập bảng nhiệm vụ: %(created)s nhiệm vụ mới, %(updated)s nhiệm vụ cập nhật, %(unchanged)s không đổi.") % counts
        )
        messages.success(request, batch_link_message(summary, batch))
        return redirect("programs:program_detail", pk=program.pk)
    if request.method == "POST":
        form = TaskImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_BYTES:
                form.add_error("file", _("Tệp quá lớn (tối đa 5 MB)."))
            else:
                content = upload.read()
                try:
                    result = parse_task_table(content, program=program, filename=upload.name)
                except TableRefused as error:
                    form.add_error("file", str(error))
                else:
                    context["result"] = result
                    if result.errors:
                        request.session.pop(key, None)
                    else:
                        # What the import batch keeps of the file, recorded on commit (programs.import_batches).
                        request.session[key] = result.as_session() | {"file": file_facts(content, upload.name)}
    return render(request, "programs/task_import.html", context)

"""Report wording templates: list, download, upload with a preview, revert, history (province officer);
the status page and download of documents built on the queue (reports.queued)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reports import queued, services, templating
from reports.forms import TemplateUploadForm
from reports.models import QueuedDocument, QueuedStatus, ReportTemplate
from reports.responses import file_response


def _kind_or_404(key: str) -> templating.TemplateKind:
    try:
        return templating.kind(key)
    except KeyError:
        raise Http404 from None


def _allowed_or_403(user) -> None:
    if not services.can_manage_templates(user):
        raise PermissionDenied


@login_required
def template_list(request):
    _allowed_or_403(request.user)
    rows = [(kind, templating.current(kind.key)) for kind in templating.kinds()]
    return render(request, "reports/template_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request, key: str):
    """Upload: "Xem trước" renders the sample report with the file (nothing stored), "Lưu" stores it."""
    _allowed_or_403(request.user)
    kind = _kind_or_404(key)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            if "preview" in request.POST:
                rendered = services.template_check(actor=request.user, key=key, content=content)
                return file_response(rendered, filename=f"xem-truoc-{key}.docx")
            services.template_replace(actor=request.user, key=key, content=content, file_name=form.cleaned_data["file"].name)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã thay mẫu “%(label)s”; các báo cáo từ nay dùng mẫu mới.") % {"label": kind.label})
            return redirect("reports:template_detail", key=key)
    history = ReportTemplate.objects.filter(key=key).select_related("changed_by")[:50]
    context = {"kind": kind, "form": form, "history": history, "current": templating.current(key)}
    return render(request, "reports/template_detail.html", context)


@login_required
def template_download(request, key: str, which: str):
    """The template in use ("current") or the shipped one ("shipped"), to edit in Word."""
    _allowed_or_403(request.user)
    kind = _kind_or_404(key)
    if which not in ("shipped", "current"):
        raise Http404
    if which == "shipped":
        return file_response(kind.shipped.read_bytes(), filename=f"mau-{key}-goc.docx")
    return file_response(templating.active_bytes(key), filename=f"mau-{key}.docx")


@login_required
def template_preview(request, key: str):
    """The sample report rendered with the template in use."""
    _allowed_or_403(request.user)
    _kind_or_404(key)
    return file_response(templating.render(key, templating.kind(key).sample()), filename=f"xem-truoc-{key}.docx")


@login_required
@require_POST
def template_revert(request, key: str):
    kind = _kind_or_404(key)
    services.template_revert(actor=request.user, key=key)
    messages.success(request, _("Mẫu “%(label)s” đã trở về mẫu gốc của hệ thống.") % {"label": kind.label})
    return redirect("reports:template_detail", key=key)


def _queued_or_404(request, pk: int) -> QueuedDocument:
    # Those the kind lets read it (by default the person who asked); to anyone else it does not exist.
    document = get_object_or_404(QueuedDocument, pk=pk)
    if not queued.may_read(document, request.user):
        raise Http404
    return document


@login_required
def queued_status(request, pk: int):
    document = _queued_or_404(request, pk)
    kind = queued.kind(document.kind)
    context = {
        "document": document,
        "label": kind.label,
        "back": kind.back(document.params),
        "failure": queued.failure_message(document) if document.error else "",
        "retention_days": settings.HOPTAC_DOCUMENT_RETENTION_DAYS,
    }
    template = "reports/_queued_state.html" if request.htmx else "reports/queued_status.html"
    return render(request, template, context)


@login_required
def queued_download(request, pk: int):
    document = _queued_or_404(request, pk)
    if document.status != QueuedStatus.DONE or not document.file:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)

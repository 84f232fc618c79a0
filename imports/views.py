"""Pages of the import: home (upload + batches), a batch's progress and preview, commit, undo,
templates, error workbooks and the registry exports. Thin: the work is in services/selectors."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.query import PageForm, cleaned_query, valid_filterset
from imports import mapping_services, selectors, services
from imports.exports import organizations_for_export, reports_for_export
from imports.forms import CommitForm, ReportExportForm, UploadForm
from imports.kinds import UPLOAD_CHOICES, UPLOAD_KINDS, foreign_kind
from imports.models import ImportBatch, RowAction
from imports.permissions import can_import
from imports.specs import field_label
from imports.workbooks import (
    annual_reports_export,
    error_workbook_bytes,
    organizations_export,
    template_bytes,
    template_file_name,
    template_province,
)
from registry.filters import parse_organization_filters
from registry.models import Field
from reports.responses import file_response

PREVIEW_PAGE_SIZE = 100
#: Rows of "Thay đổi sẽ cập nhật" a page: each lists every field it changes (an annual report ~10),
#: so 25 rows are already some 250 lines to read; 100 made the preview the slowest page under load
#: (bench.load, national: p95 1,3 s at 20 users against 0,8 s for the others).
UPDATES_PAGE_SIZE = 25


def _batch_or_404(request, pk) -> ImportBatch:
    try:
        return selectors.batch_get(user=request.user, pk=pk)
    except ImportBatch.DoesNotExist as error:
        raise Http404 from error


@login_required
def batch_list(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        batch = services.batch_upload(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            content=content,
            file_name=upload.name,
            year=form.cleaned_data.get("year"),
        )
        services.batch_start(batch=batch, content=content)
        return redirect("imports:batch_detail", pk=batch.pk)
    page = cleaned_query(PageForm(request.GET))["page"]
    batches = Paginator(selectors.batches_visible_to(request.user), 20).get_page(page)
    return render(request, "imports/batch_list.html", {"form": form, "batches": batches, "kinds": UPLOAD_CHOICES})


@login_required
def batch_detail(request, pk):
    batch = _batch_or_404(request, pk)
    page = cleaned_query(PageForm(request.GET))["page"]
    context = {"batch": batch, "commit_form": CommitForm()}
    if batch.is_running:
        template = "imports/_progress.html" if request.htmx else "imports/batch_detail.html"
        return render(request, template, context)
    if request.htmx and request.htmx.target == "batch-progress":
        # Work finished while the page was polling: reload the whole page with the preview.
        response = render(request, "imports/_progress.html", context)
        response["HX-Refresh"] = "true"
        return response
    context.update(
        rejected=selectors.with_organization_names(
            selectors.batch_rows(batch=batch, actions=[RowAction.REJECT])[:PREVIEW_PAGE_SIZE]
        ),
        review=selectors.with_organization_names(
            selectors.batch_rows(batch=batch, actions=[RowAction.REVIEW])[:PREVIEW_PAGE_SIZE]
        ),
        updates=(
            updates := Paginator(selectors.batch_rows(batch=batch, actions=[RowAction.UPDATE]), UPDATES_PAGE_SIZE).get_page(page)
        ),
        changes=[
            (row, field_label(batch.kind, name), old, new)
            for row in selectors.with_organization_names(updates)
            for name, (old, new) in row.diff.items()
        ],
        warnings=selectors.batch_rows(batch=batch).exclude(warnings=[]).exclude(action=RowAction.REVIEW)[:PREVIEW_PAGE_SIZE],
        staged=_staged_rows(batch),
        foreign_preview=_foreign_preview(batch, request.user),
        mappings=selectors.column_mappings(batch=batch),
        mapping_fields=selectors.mapping_fields(batch.kind),
        new_organizations=selectors.organizations_to_create(batch=batch) if batch.options.get("organizations_new") else [],
        fields_of_activity=Field.choices,
    )
    return render(request, "imports/batch_detail.html", context)


def _staged_rows(batch: ImportBatch) -> list[tuple]:
    """For a kind of another app (imports.foreign): the rows the commit writes or wrote, each with
    the short label its stage gave it (the registry kinds show their changes and errors only); not
    the program a decision created (row 0)."""
    if foreign_kind(batch.kind) is None:
        return []
    rows = batch.rows.exclude(action=RowAction.REJECT).exclude(row_number=0)[:PREVIEW_PAGE_SIZE]
    return [(row, row.data.get("_label", "")) for row in rows]


def _foreign_preview(batch: ImportBatch, user) -> dict | None:
    """What a kind of another app adds to its batch page (imports.foreign.ForeignKind.preview)."""
    foreign = foreign_kind(batch.kind)
    return foreign.preview(batch, user) if foreign is not None and foreign.preview else None


@login_required
@require_POST
def mapping_confirm(request, pk):
    """The person's reading of a sheet's columns: remembered for its layout, the file read again."""
    batch = _batch_or_404(request, pk)
    columns = {}
    for name, value in request.POST.items():
        index = name.removeprefix("column-")
        if index != name and index.isdigit():
            columns[int(index)] = value
    try:
        mapping_services.mapping_confirm(actor=request.user, batch=batch, sheet=request.POST.get("sheet", ""), columns=columns)
    except services.ImportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Đã ghi nhớ cách đọc các cột; tệp được đọc lại theo cách này."))
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_commit(request, pk):
    batch = _batch_or_404(request, pk)
    form = CommitForm(request.POST)
    form.is_valid()
    try:
        batch = services.batch_commit(actor=request.user, batch=batch, valid_only=form.cleaned_data.get("valid_only", False))
    except services.ImportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Đã ghi %(count)s dòng vào cơ sở dữ liệu.") % {"count": batch.rows_written})
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_create_missing(request, pk):
    """The person confirmed “tạo mới N tổ chức”: the file is read again, creating them with their reports."""
    batch = _batch_or_404(request, pk)
    try:
        services.batch_create_missing(actor=request.user, batch=batch)
    except services.ImportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_POST
def organization_fields(request, pk):
    """The fields of activity the person chose or confirmed for the organizations the batch
    creates (their guess flagged in the preview): kept in the batch, the file read again."""
    batch = _batch_or_404(request, pk)
    fields = {name.removeprefix("field-"): value for name, value in request.POST.items() if name.startswith("field-")}
    try:
        services.batch_organization_fields(actor=request.user, batch=batch, fields=fields)
    except services.ImportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Đã ghi nhận lĩnh vực hoạt động của các tổ chức tạo mới; tệp được đọc lại."))
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_undo(request, pk):
    batch = _batch_or_404(request, pk)
    try:
        services.batch_undo(actor=request.user, batch=batch)
    except services.ImportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Đã hoàn tác lô nhập #%(id)s.") % {"id": batch.pk})
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_POST
def row_decide(request, pk, row_pk):
    batch = _batch_or_404(request, pk)
    row = get_object_or_404(batch.rows, pk=row_pk)
    try:
        row = services.row_decide(actor=request.user, batch=batch, row=row, decision=request.POST.get("decision", ""))
    except services.ImportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    if request.htmx:
        (row,) = selectors.with_organization_names([row])
        return render(request, "imports/_review_row.html", {"batch": batch, "row": row})
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
def error_workbook(request, pk):
    batch = _batch_or_404(request, pk)
    content = error_workbook_bytes(batch, selectors.rejected_rows(batch=batch))
    return file_response(content, filename=f"loi-lo-{batch.pk}-{batch.file_name.rsplit('.', 1)[0]}.xlsx")


@login_required
def template_download(request, kind):
    if kind not in UPLOAD_KINDS:
        raise Http404
    return file_response(template_bytes(kind, province=template_province(request.user)), filename=template_file_name(kind))


@login_required
def organizations_download(request, fmt):
    valid_filterset(parse_organization_filters(request.GET, user=request.user))
    organizations = organizations_for_export(user=request.user, params=request.GET)
    stamp = dt.date.today().strftime("%Y%m%d")
    return file_response(organizations_export(organizations, fmt=fmt), filename=f"to-chuc-{stamp}.{fmt}")


@login_required
def reports_download(request, fmt):
    # `year` is the reports' year; the organization filters (report_year among them) are the list's.
    year = cleaned_query(ReportExportForm(request.GET))["year"]
    filters = valid_filterset(parse_organization_filters(request.GET, user=request.user))
    year = year or filters.form.cleaned_data.get("report_year")
    reports = reports_for_export(user=request.user, params=request.GET, year=year)
    return file_response(annual_reports_export(reports, year=year, fmt=fmt), filename=f"bao-cao-nam-{year or 'tat-ca'}.{fmt}")

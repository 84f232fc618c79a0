"""Pages of action-program tracking. Thin: parse, call one selector or service, render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history import history_entries
from core.query import cleaned_query
from programs import documents, permissions, selectors, services
from programs import hooks as programs_hooks
from programs.consolidated import ReportOptions, consolidated_docx, consolidated_pdf
from programs.forms import (
    BoardFilterForm,
    ConsolidatedForm,
    EvidenceForm,
    ProgramForm,
    ReportForm,
    ReviewForm,
    TaskForm,
    TaskGroupForm,
)
from programs.models import (
    Assignment,
    Attachment,
    Program,
    ProgressReport,
    Task,
    TaskGroup,
)
from programs.periods import period_get, task_periods
from programs.status import STATUS_COLORS, TaskStatus
from reports.responses import file_response


def _program_or_404(request, pk) -> Program:
    try:
        return selectors.program_get(user=request.user, pk=pk)
    except Program.DoesNotExist:
        raise Http404


def _report_or_404(request, pk):
    try:
        return selectors.report_get(user=request.user, pk=pk)
    except Exception as error:
        if isinstance(error, PermissionDenied):
            raise
        raise Http404


def program_list(request):
    programs = selectors.programs_visible_to(request.user)
    return render(
        request,
        "programs/program_list.html",
        {"programs": programs, "can_create": permissions.can_create_program(request.user)},
    )


def program_detail(request, pk):
    program = _program_or_404(request, pk)
    # Validated on its own instance: cleaned_query relabels the empty choices, the drawn form keeps “Tất cả”.
    filters = BoardFilterForm(request.GET, program=program)
    cleaned = cleaned_query(BoardFilterForm(request.GET, program=program))
    year = cleaned["year"]
    board = selectors.program_board(
        program=program,
        year=year,
        group_id=cleaned["group"].pk if cleaned.get("group") else None,
        agency_id=cleaned["agency"].pk if cleaned.get("agency") else None,
        status=cleaned.get("status") or None,
    )
    context = {
        "program": program,
        "board": board,
        "filters": filters,
        "year": year,
        "statuses": [(status, count, STATUS_COLORS[status]) for status, count in board.status_counts()],
        "can_manage": permissions.can_manage_program(request.user, program),
        "can_view_reports": permissions.can_view_reports(request.user, program),
        "user_agency_id": request.user.agency_id if request.user.is_authenticated else None,
    }
    template = "programs/_board.html" if request.htmx else "programs/program_detail.html"
    return render(request, template, context)


@login_required
def program_create(request):
    if not permissions.can_create_program(request.user):
        raise PermissionDenied
    form = ProgramForm(
        request.POST or None,
        initial={"lead_agency": request.user.agency_id, "province": request.user.province_id},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=request.user, program=form.instance)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã tạo chương trình."))
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form})


@login_required
def program_edit(request, pk):
    program = _program_or_404(request, pk)
    if not permissions.can_manage_program(request.user, program):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=request.user, program=form.instance, expected_version=form.expected_version)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu chương trình."))
            return redirect("programs:program_detail", pk=program.pk)
    groups = program.groups.all()
    group_form = TaskGroupForm(initial={"number": (groups.last().number + 1) if groups else 1})
    history = history_entries(Program.history.filter(id=program.pk), TaskGroup.history.filter(program_id=program.pk), limit=100)
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "program": program, "groups": groups, "group_form": group_form, "history": history},
    )


@login_required
@require_POST
def group_add(request, pk):
    program = _program_or_404(request, pk)
    if not permissions.can_manage_program(request.user, program):
        raise PermissionDenied
    form = TaskGroupForm(request.POST)
    if form.is_valid():
        form.instance.program = program
        try:
            services.task_group_save(actor=request.user, group=form.instance)
            messages.success(request, _("Đã thêm nhóm nhiệm vụ."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("programs:program_edit", pk=program.pk)


def _task_form_view(request, program: Program, task: Task | None):
    if not permissions.can_manage_program(request.user, program):
        raise PermissionDenied
    task = task or Task(program=program)
    form = TaskForm(request.POST or None, instance=task, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.task_save(
                actor=request.user,
                task=form.instance,
                lead_agency=form.cleaned_data["lead_agency"],
                coordinating_agencies=list(form.cleaned_data["coordinating_agencies"]),
                expected_version=form.expected_version,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ %(number)s.") % {"number": saved.number})
            return redirect("programs:task_detail", pk=saved.pk)
    return render(request, "programs/task_form.html", {"form": form, "program": program, "task": task if task.pk else None})


@login_required
def task_create(request, pk):
    return _task_form_view(request, _program_or_404(request, pk), None)


@login_required
def task_edit(request, pk):
    task = get_object_or_404(Task, pk=pk)
    program = _program_or_404(request, task.program_id)
    return _task_form_view(request, program, selectors.tasks_of(program).get(pk=task.pk))


def task_detail(request, pk):
    task = get_object_or_404(Task.objects.select_related("program"), pk=pk)
    program = _program_or_404(request, task.program_id)
    task = selectors.tasks_of(program).get(pk=pk)
    can_view_reports = permissions.can_view_reports(request.user, program)
    periods = task_periods(task)
    reports = {}
    if can_view_reports:
        for report in selectors.reports_visible_to(request.user).filter(assignment__task=task):
            reports[(report.assignment_id, report.period)] = report
    rows = [
        (assignment, [(period, reports.get((assignment.pk, period.key))) for period in periods])
        for assignment in task.assignments.all()
    ]
    indicators = list(task.indicators.all()) if hasattr(task, "indicators") else []
    return render(
        request,
        "programs/task_detail.html",
        {
            "task": task,
            "program": program,
            "periods": periods,
            "rows": rows,
            "can_view_reports": can_view_reports,
            "can_manage": permissions.can_manage_program(request.user, program),
            "user_agency_id": request.user.agency_id if request.user.is_authenticated else None,
            "indicators": indicators,
            "history": history_entries(Task.history.filter(id=task.pk), Assignment.history.filter(task_id=task.pk), limit=100),
        },
    )


@login_required
@require_POST
def report_open(request, assignment_pk, period):
    assignment = get_object_or_404(Assignment.objects.select_related("task__program"), pk=assignment_pk)
    _program_or_404(request, assignment.task.program_id)
    try:
        report = services.report_start(actor=request.user, assignment=assignment, period_key=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:task_detail", pk=assignment.task_id)
    return redirect("programs:report_detail", pk=report.pk)


@login_required
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    assignment = report.assignment
    can_write = permissions.can_write_report(request.user, assignment) and report.is_editable
    can_review = permissions.can_review_report(request.user, report) and report.state == "submitted"
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not permissions.can_write_report(request.user, assignment):
            raise PermissionDenied
        try:
            services.report_require_editable(report)
        except ValidationError as error:
            # Posted from a page opened before the report was sent or approved (another tab): this
            # page no longer shows the form, so the reason goes above the page, not on the form.
            messages.error(request, " ".join(error.messages))
            return redirect("programs:report_detail", pk=report.pk)
        if form.is_valid():
            try:
                services.report_save(actor=request.user, report=form.instance, expected_version=form.expected_version)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return _after_report_saved(request, report)
        if request.FILES.get("file"):
            messages.warning(request, _("Tệp minh chứng chưa được đính kèm vì báo cáo còn lỗi: hãy sửa lỗi rồi chọn lại tệp."))
        report.refresh_from_db()
    task = assignment.task
    period = period_get(task, report.period)
    evidence = programs_hooks.task_evidence.collect(task=task, period=report.period, user=request.user)
    return render(
        request,
        "programs/report_detail.html",
        {
            "report": report,
            "assignment": assignment,
            "task": task,
            "program": task.program,
            "period": period,
            "form": form,
            "can_write": can_write,
            "can_review": can_review,
            "review_form": ReviewForm(),
            "evidence_form": EvidenceForm(),
            "evidence": evidence,
            "transitions": report.transitions.select_related("actor"),
            "history": history_entries(ProgressReport.history.filter(id=report.pk), limit=50),
        },
    )


def _after_report_saved(request, report):
    """The report's text is saved: attach the file posted with it (the "Đính kèm" button posts the
    whole form, so attaching never loses what was typed), then submit if asked."""
    if "attach" in request.POST or request.FILES.get("file"):
        if not _attach_posted_file(request, report):
            return redirect("programs:report_detail", pk=report.pk)
    if "submit" in request.POST:
        try:
            services.report_submit(actor=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("programs:report_detail", pk=report.pk)
        agency = report.assignment.task.program.lead_agency
        messages.success(request, _("Đã gửi báo cáo đến %(agency)s.") % {"agency": agency})
    elif "attach" not in request.POST:
        messages.success(request, _("Đã lưu báo cáo."))
    return redirect("programs:report_detail", pk=report.pk)


def _attach_posted_file(request, report) -> bool:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Đã lưu nháp; chưa chọn tệp minh chứng."))
        return False
    try:
        services.attachment_add(actor=request.user, report=report, uploaded=form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, _("Đã lưu nháp và đính kèm minh chứng."))
    return True


def _workflow_action(request, pk, action):
    report = _report_or_404(request, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if action == "return":
            services.report_return(actor=request.user, report=report, comment=comment)
            messages.success(request, _("Đã trả lại báo cáo."))
        elif action == "approve":
            services.report_approve(actor=request.user, report=report, comment=comment)
            messages.success(request, _("Đã duyệt báo cáo."))
        else:
            services.report_submit(actor=request.user, report=report)
            messages.success(request, _("Đã gửi báo cáo."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("programs:report_detail", pk=report.pk)


@login_required
@require_POST
def report_submit(request, pk):
    return _workflow_action(request, pk, "submit")


@login_required
@require_POST
def report_return(request, pk):
    return _workflow_action(request, pk, "return")


@login_required
@require_POST
def report_approve(request, pk):
    return _workflow_action(request, pk, "approve")


@login_required
@require_POST
def evidence_add(request, pk):
    report = _report_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn tệp minh chứng."))
    else:
        try:
            services.attachment_add(actor=request.user, report=report, uploaded=form.cleaned_data["file"])
            messages.success(request, _("Đã đính kèm minh chứng."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("programs:report_detail", pk=report.pk)


@login_required
@require_POST
def evidence_delete(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    report = _report_or_404(request, attachment.report_id)
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
        messages.success(request, _("Đã xóa minh chứng."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("programs:report_detail", pk=report.pk)


@login_required
def evidence_download(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    _report_or_404(request, attachment.report_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def inbox(request):
    agency = request.user.agency
    owed = selectors.agency_inbox(agency=agency) if agency else []
    return render(
        request,
        "programs/inbox.html",
        {"agency": agency, "owed": owed, "today": timezone.localdate(), "overdue": TaskStatus.OVERDUE},
    )


@login_required
def notifications(request):
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("programs:notifications")
    return render(request, "programs/notifications.html", {"notifications": selectors.notifications_for(request.user)[:200]})


@login_required
def consolidated(request, pk, fmt):
    """The direct path: the document in the response (scripts, tests). The pages use consolidated_request."""
    program, options = _consolidated_options(request, pk, fmt, request.GET)
    filename = documents.consolidated_filename(program, options, fmt)
    if fmt == "pdf":
        return file_response(consolidated_pdf(program=program, options=options, user=request.user), filename=filename)
    return file_response(consolidated_docx(program=program, options=options, user=request.user), filename=filename)


def _consolidated_options(request, pk, fmt, data) -> tuple[Program, ReportOptions]:
    program = _program_or_404(request, pk)
    if fmt not in documents.BUILDERS:
        raise Http404
    if not permissions.can_view_reports(request.user, program):
        raise PermissionDenied
    data = cleaned_query(ConsolidatedForm(data, program=program))
    options = ReportOptions(
        year=data["year"], number=data["number"], signer_title=data["signer_title"], signer_name=data["signer_name"]
    )
    return program, options


@login_required
@require_POST
def consolidated_request(request, pk, fmt):
    """Queue the build on the task worker and land on its status page."""
    program, options = _consolidated_options(request, pk, fmt, request.POST)
    document = documents.consolidated_request(user=request.user, program=program, options=options, fmt=fmt)
    return redirect("reports:queued_status", pk=document.pk)


def today() -> dt.date:
    return timezone.localdate()

"""Pages of classification and evaluation: thin — parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_version
from core.query import cleaned_query, renamed_query_parameters
from core.roles import Role
from evaluation import services
from evaluation.deadlines import deadlines
from evaluation.forms import RENAMED, ResultsForm, RunForm, YearForm
from evaluation.models import AssessmentStatus
from evaluation.permissions import can_edit_assessment, can_review_assessment, can_run_evaluation
from evaluation.presenters import assessment_sheet, history_rows, run_summary, summary_rows
from evaluation.reports import QUEUED, consolidated_docx, consolidated_xlsx, summary_filename
from evaluation.rulesets import (
    VERIFICATION_LABELS,
    RuleSetNotFound,
    all_rule_sets,
    criteria_for_year,
    deadlines_for_year,
    no_rules_for_year,
    rule_set,
    superseded_by,
)
from evaluation.runs import failure_message, run_request, runs_visible_to
from evaluation.selectors import (
    GROUPINGS,
    assessments_to_review,
    assessments_visible_to,
    communes_visible_to,
    consolidation,
    organization_years,
)
from evaluation.years import assessment_year_options, default_assessment_year
from registry.selectors import organization_get, organizations_visible_to
from reports import queued
from reports.responses import file_response


def _year(request) -> int:
    return cleaned_query(YearForm(request.GET, default=default_assessment_year(request.user)))["year"]


def _organization(request, org_id: int):
    try:
        return organization_get(user=request.user, pk=org_id)
    except organizations_visible_to(request.user).model.DoesNotExist as error:
        raise Http404(_("Không tìm thấy tổ chức.")) from error


@login_required
@renamed_query_parameters(RENAMED)
def home(request):
    year = _year(request)
    user = request.user
    own = organizations_visible_to(user).filter(representatives=user).order_by("name") if user.has_role(Role.COOPERATIVE) else []
    sheets = {a.organization_id: a for a in assessments_visible_to(user).filter(year=year)}
    context = {
        "year": year,
        "years": assessment_year_options(user),
        "own": [(org, sheets.get(org.pk)) for org in own],
        "to_review": assessments_to_review(user, year=year)[:100],
        "deadlines": deadlines(year, province_id=user.province_id),
        "summary": consolidation(user=user, year=year) if not own else None,
        "can_run": can_run_evaluation(user),
        "last_run": runs_visible_to(user).filter(year=year).first(),
    }
    return render(request, "evaluation/home.html", context)


@login_required
@require_POST
def run_start(request):
    """Queue the year's classification and rating for the officer's province and land on its progress
    page (the running one when a run of that year is already queued or running)."""
    if not can_run_evaluation(request.user):
        raise PermissionDenied
    form = RunForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        year = form.cleaned_data.get("year")
        return redirect(reverse("evaluation:home") + (f"?year={year}" if year else ""))
    try:
        run, created = run_request(user=request.user, year=form.cleaned_data["year"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:home")
    if not created:
        messages.info(request, _("Năm %(year)s đang được chạy; đây là lượt đang chạy.") % {"year": run.year})
    return redirect("evaluation:run", pk=run.pk)


@login_required
def run_status(request, pk: int):
    if not can_run_evaluation(request.user):
        raise PermissionDenied
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    context = {"run": run, "summary": run_summary(run), "failure": failure_message(run) if run.error else ""}
    template = "evaluation/_run_state.html" if request.htmx else "evaluation/run.html"
    return render(request, template, context)


@login_required
@renamed_query_parameters(RENAMED)
def results(request):
    query = cleaned_query(ResultsForm(request.GET, user=request.user, default=default_assessment_year(request.user)))
    year, commune, fmt = query["year"], query["commune"], query["format"]
    communes = communes_visible_to(request.user)
    summary = consolidation(user=request.user, year=year, commune=commune, grouping=query["group"])
    if fmt in ("xlsx", "docx"):
        builder = consolidated_xlsx if fmt == "xlsx" else consolidated_docx
        content = builder(summary, user=request.user)
        return file_response(content, filename=f"Tong hop phan loai danh gia HTX {year} - {summary.scope_label}.{fmt}")
    return render(
        request,
        "evaluation/results.html",
        {
            "summary": summary,
            "rows": summary_rows(summary),
            "year": year,
            "years": assessment_year_options(request.user),
            "communes": communes,
            "commune": commune,
            "groupings": [(key, label) for key, (_path, label) in GROUPINGS.items()],
        },
    )


@login_required
@require_POST
def results_document(request):
    """The results page's DOCX button: queued on the task worker, landing on its status page (GET
    ?format=docx stays the direct path, for scripts)."""
    query = cleaned_query(ResultsForm(request.POST, user=request.user))
    commune = query["commune"]
    params = {"year": query["year"], "commune": commune.pk if commune else None, "group": query["group"]}
    document = queued.document_request(
        user=request.user, kind=QUEUED.key, params=params, filename=summary_filename(query["year"], commune)
    )
    return redirect("reports:queued_status", pk=document.pk)


@login_required
@renamed_query_parameters(RENAMED)
def organization_detail(request, org_id: int):
    organization = _organization(request, org_id)
    years = organization_years(organization)
    latest = next((y for y in years if y.outcome is not None), None)
    return render(
        request,
        "evaluation/organization.html",
        {
            "organization": organization,
            "years": years,
            "latest": latest,
            "can_edit": can_edit_assessment(request.user, organization),
            "current_year": _year(request),
        },
    )


def _assessed_year(year: int) -> int:
    """`year` if a criteria set and a deadline chain apply to it, else a 404 that says so (a sheet
    for 2019, before TT 01/2020, does not exist; the URL accepts any number)."""
    try:
        criteria_for_year(year)
        deadlines_for_year(year)
    except RuleSetNotFound:
        raise Http404(_("Không có phiếu đánh giá năm %(year)s: %(reason)s.") % {"year": year, "reason": no_rules_for_year(year)})
    return year


def _sheet_context(request, organization, year: int, assessment, *, posted=None):
    criteria = rule_set(assessment.criteria_set) if assessment else criteria_for_year(year)
    return {
        "organization": organization,
        "year": year,
        "assessment": assessment,
        "criteria": criteria,
        "sheet": assessment_sheet(criteria, assessment, posted=posted),
        "history": history_rows(assessment) if assessment else [],
        "can_edit": can_edit_assessment(request.user, organization),
        "can_review": can_review_assessment(request.user, organization),
        "deadlines": deadlines(year, province_id=organization.province_id),
        "statuses": AssessmentStatus,
    }


@login_required
def assessment_detail(request, org_id: int, year: int):
    year = _assessed_year(year)
    organization = _organization(request, org_id)
    assessment = assessments_visible_to(request.user).filter(organization=organization, year=year).first()
    if request.method == "POST":
        try:
            services.assessment_start(user=request.user, organization=organization, year=year)
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("evaluation:assessment", org_id=org_id, year=year)
    return render(request, "evaluation/assessment.html", _sheet_context(request, organization, year, assessment))


ACTIONS = {"luu", "xac-nhan", "gui", "chap-nhan", "tra-lai"}


@login_required
@require_POST
def assessment_action(request, org_id: int, year: int, action: str):
    if action not in ACTIONS:
        raise Http404
    year = _assessed_year(year)
    organization = _organization(request, org_id)
    assessment = get_object_or_404(assessments_visible_to(request.user), organization=organization, year=year)
    data = request.POST
    try:
        if action == "luu":
            scores = {key.removeprefix("diem_"): value for key, value in data.items() if key.startswith("diem_")}
            reasons = {key.removeprefix("lydo_"): value for key, value in data.items() if key.startswith("lydo_")}
            services.assessment_save_scores(
                user=request.user,
                assessment=assessment,
                scores=scores,
                override_reasons=reasons,
                expected_version=posted_version(data),
            )
            messages.success(request, _("Đã lưu điểm tự chấm."))
        elif action == "xac-nhan":
            services.assessment_confirm(
                user=request.user,
                assessment=assessment,
                supervisor_name=data.get("supervisor_name", ""),
                comment=data.get("supervisor_comment", ""),
            )
            messages.success(request, _("Ban kiểm soát đã xác nhận phiếu."))
        elif action == "gui":
            services.assessment_submit(user=request.user, assessment=assessment, late_reason=data.get("late_reason", ""))
            messages.success(request, _("Đã gửi phiếu tới cơ quan đăng ký."))
        elif action == "chap-nhan":
            services.assessment_accept(user=request.user, assessment=assessment, comment=data.get("comment", ""))
            messages.success(request, _("Đã chấp nhận phiếu; kết quả đã được khóa."))
        else:
            services.assessment_return(user=request.user, assessment=assessment, comment=data.get("comment", ""))
            messages.success(request, _("Đã trả lại phiếu cho HTX."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        if action == "luu":
            context = _sheet_context(request, organization, year, assessment, posted=data)
            return render(request, "evaluation/assessment.html", context, status=400)
    return redirect("evaluation:assessment", org_id=org_id, year=year)


@login_required
def rule_sets(request):
    sets = all_rule_sets()
    superseded = {s.supersedes for s in sets if s.supersedes}
    return render(
        request, "evaluation/rule_sets.html", {"rule_sets": sets, "superseded": superseded, "labels": VERIFICATION_LABELS}
    )


@login_required
def rule_set_detail(request, code: str):
    try:
        chosen = rule_set(code)
    except LookupError as error:
        raise Http404(str(error)) from error
    context = {"rule_set": chosen, "successor": superseded_by(chosen.code), "labels": VERIFICATION_LABELS}
    return render(request, "evaluation/rule_set.html", context)

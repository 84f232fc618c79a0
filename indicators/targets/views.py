"""Target pages: plan versus actual (officers), the list (everyone who may see the indicators), and
the forms to set, change and delete a target (administrators; province officers for their province
and communes). Thin: parse, call a selector or a service (which checks permission again), render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.history import history_entries
from core.query import cleaned_query
from indicators import exports, queued_documents
from indicators.computations.common import today
from indicators.forms import ScopeForm
from indicators.models import Target
from indicators.permissions import (
    can_manage_any_target,
    can_manage_targets_of,
    require_create_targets,
    require_manage_targets_of,
    require_officer,
)
from indicators.selectors import indicator_list, scope_choices
from indicators.targets.forms import PlanActualForm, TargetForm
from indicators.targets.progress import plan_actual as plan_actual_rows
from indicators.targets.selectors import target_get, target_list, target_places
from indicators.targets.services import target_delete, target_save
from indicators.years import default_report_year, report_year_options
from reports import queued
from reports.responses import file_response


@login_required
def plan_actual(request):
    require_officer(request.user)
    form = PlanActualForm(request.GET, user=request.user, default_year=default_report_year(request.user))
    query = cleaned_query(form)
    access, year = query["access"], query["year"]
    context = {
        "access": access,
        "year": year,
        "rows": plan_actual_rows(scope=access.scope, year=year),
        "year_options": report_year_options(request.user),
        "scope_choices": scope_choices(user=request.user),
        "scope_value": query["scope"],
        "today": today(),
    }
    export = query["format"]
    if export == "xlsx":
        return file_response(exports.plan_actual_xlsx(context), filename=f"ke-hoach-thuc-hien-{year}.xlsx")
    if export == "docx":
        return file_response(exports.plan_actual_docx(context, user=request.user), filename=f"ke-hoach-thuc-hien-{year}.docx")
    return render(request, "indicators/plan_actual.html", context)


@login_required
@require_POST
def plan_actual_document(request):
    """The page's DOCX button: built on the task worker, landing on its status page (GET ?format=docx
    stays the direct path, for scripts)."""
    require_officer(request.user)
    params = queued_documents.plan_actual_params(request.POST, user=request.user)
    document = queued.document_request(
        user=request.user, kind=queued_documents.QUEUED.key, params=params, filename=f"ke-hoach-thuc-hien-{params['year']}.docx"
    )
    return redirect("reports:queued_status", pk=document.pk)


def targets(request):
    query = cleaned_query(ScopeForm(request.GET, user=request.user))
    access = query["access"]
    rows = [
        (target, can_manage_targets_of(request.user, target.scope_unit))
        for target in target_list(user=request.user, scope=access.scope)
    ]
    context = {
        "access": access,
        "rows": rows,
        "can_create": can_manage_any_target(request.user),
        "scope_choices": scope_choices(user=request.user),
        "scope_value": query["scope"],
    }
    return render(request, "indicators/target_list.html", context)


def _target_or_404(user, pk: int) -> Target:
    """A target whose indicator `user` may see (else 404), with permission to manage it (else 403)."""
    target = target_get(user=user, pk=pk)
    if target is None:
        raise Http404(_("Không tìm thấy chỉ tiêu kế hoạch."))
    require_manage_targets_of(user, target.scope_unit)
    return target


def _list_url(target: Target) -> str:
    return reverse("indicators:targets") + (f"?scope={target.scope_unit_id}" if target.scope_unit_id else "?scope=country")


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int | None = None):
    user = request.user
    if pk is None:
        require_create_targets(user)
    target = _target_or_404(user, pk) if pk is not None else Target()
    places = target_places(user=user)
    if target.pk and str(target.scope_unit_id or "country") not in dict(places):
        places.append((str(target.scope_unit_id) if target.scope_unit_id else "country", str(target.scope_unit or _("Cả nước"))))
    form = TargetForm(request.POST or None, instance=target, indicators=indicator_list(user=user), places=places)
    if request.method == "POST" and form.is_valid():
        try:
            target = target_save(user=user, target=form.instance)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu kế hoạch “%(target)s”.") % {"target": target})
            return redirect(_list_url(target))
    history = history_entries(Target.history.filter(id=target.pk), limit=50) if target.pk else []
    return render(request, "indicators/target_form.html", {"form": form, "target": target, "history": history})


@login_required
@require_http_methods(["GET", "POST"])
def target_remove(request, pk: int):
    target = _target_or_404(request.user, pk)
    if request.method == "POST":
        url = _list_url(target)
        target_delete(user=request.user, target=target)
        messages.success(request, _("Đã xóa chỉ tiêu kế hoạch “%(target)s”.") % {"target": target})
        return redirect(url)
    return render(request, "indicators/target_confirm_delete.html", {"target": target})

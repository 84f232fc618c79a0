"""Pages managing targets: the list (everyone who may see the indicators), and the forms to set,
change and delete a target (administrators; province officers for their province and communes).
Thin: parse, call a selector or a service (which checks permission again), render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.history import history_entries
from core.query import cleaned_query
from indicators.forms import ScopeForm, TargetForm
from indicators.models import Target
from indicators.selectors import indicator_list, scope_choices, target_list, target_places
from indicators.target_services import can_manage_any_target, can_manage_targets_of, target_delete, target_save


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
    target = (
        Target.objects.select_related("indicator", "scope_unit").filter(pk=pk, indicator__in=indicator_list(user=user)).first()
    )
    if target is None:
        raise Http404(_("Không tìm thấy chỉ tiêu kế hoạch."))
    if not can_manage_targets_of(user, target.scope_unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý chỉ tiêu kế hoạch của địa bàn này."))
    return target


def _list_url(target: Target) -> str:
    return reverse("indicators:targets") + (f"?scope={target.scope_unit_id}" if target.scope_unit_id else "?scope=country")


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int | None = None):
    user = request.user
    if pk is None and not can_manage_any_target(user):
        raise PermissionDenied(_("Bạn không có quyền giao chỉ tiêu kế hoạch."))
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

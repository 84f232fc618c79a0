"""The signed-in person's home ("Việc của tôi", portal.work) and review queue ("Chờ tôi xử lý", portal.queue)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.jurisdiction import is_admin
from core.query import cleaned_query
from core.roles import Role
from portal.forms import BulkApproveForm, QueueFilterForm
from portal.queue import approve_many, queue_for
from portal.work import REVIEW_KEYS, batch_item, report_item, sheet_item, work_sections


@login_required
def my_work(request):
    user = request.user
    # Leaders only read: their home is the dashboard, with the headline figures first.
    if user.has_role(Role.LEADER) and not (is_admin(user) or user.roles - {Role.LEADER}):
        return redirect("home")
    sections = work_sections(user)
    return render(
        request,
        "portal/my_work.html",
        {
            "sections": sections,
            "total": sum(section.count for section in sections),
            "roles": user.role_labels,
            "can_review": any(section.key in REVIEW_KEYS for section in sections),
        },
    )


@login_required
def queue(request):
    # Validated on its own instance: cleaned_query relabels the empty choice, the drawn form keeps “Tất cả”.
    form = QueueFilterForm(request.GET or None)
    filters = cleaned_query(QueueFilterForm(request.GET))
    waiting = queue_for(request.user, kind=filters.get("kind", ""), year=filters.get("year"))
    rows = {
        "reports": [report_item(report) for report in waiting.reports],
        "sheets": [sheet_item(sheet) for sheet in waiting.sheets],
        "imports": [batch_item(batch) for batch in waiting.imports],
    }
    return render(request, "portal/queue.html", {"form": form, "queue": waiting, "rows": rows})


@login_required
@require_POST
def queue_approve(request):
    form = BulkApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("work:queue")
    count = approve_many(user=request.user, kind=form.cleaned_data["kind"], ids=form.cleaned_data["ids"])
    messages.success(request, ngettext("Đã duyệt %(n)s mục.", "Đã duyệt %(n)s mục.", count) % {"n": count})
    return redirect(reverse("work:queue") + f"?kind={form.cleaned_data['kind']}")

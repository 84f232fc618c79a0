"""The signed-in person's home ("Việc của tôi"): what is theirs to do now (portal.work)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.jurisdiction import is_admin
from core.roles import Role
from portal.work import work_sections


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
        {"sections": sections, "total": sum(section.count for section in sections), "roles": user.role_labels},
    )

"""What programs contribute to other apps' pages through their typed hooks (indicators.hooks)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import permissions
from programs.periods import current_period
from programs.selectors import programs_visible_to
from programs.status import STATUS_COLORS, assignment_status


def indicator_panels(*, indicator, user, **kwargs) -> list[tuple[str, str]]:
    """Provider of indicators.hooks.indicator_panels: the tasks serving `indicator`, with their status today."""
    today = timezone.localdate()
    visible = programs_visible_to(user)
    tasks = (
        indicator.tasks.filter(program__in=visible)
        .select_related("program", "group")
        .prefetch_related("assignments__agency", "assignments__reports")
        .order_by("program__decision_date", "sort_key")
    )
    rows = []
    for task in tasks:
        year = min(max(today.year, task.program.start_date.year), task.program.end_date.year)
        period = current_period(task, year, today)
        lead = task.lead_assignment
        status = None
        if period and lead and permissions.can_view_program(user, task.program):
            status = assignment_status(task=task, period=period, reports=list(lead.reports.all()), today=today)
        rows.append(
            {
                "task": task,
                "lead": lead.agency if lead else None,
                "period": period,
                "status": status,
                "color": STATUS_COLORS.get(status, "secondary") if status else "secondary",
            }
        )
    if not rows:
        return []
    html = render_to_string("programs/_indicator_panel.html", {"rows": rows})
    return [(_("Nhiệm vụ của chương trình hành động phục vụ chỉ tiêu"), html)]

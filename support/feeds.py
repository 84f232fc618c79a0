"""What the support app contributes to other apps' pages through their typed hooks (programs.hooks, registry.hooks, indicators.hooks)."""

import datetime as dt
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import format_date, format_number
from support import selectors
from support.models import Activity, SupportRecord

_PERIOD_KEY = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str
    detail: str
    day: dt.date


def period_bounds(period) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of a programs period: its key ("2024", "2024-Q2") or an object with start/end."""
    if hasattr(period, "start") and hasattr(period, "end"):
        return period.start, period.end
    match = _PERIOD_KEY.match(str(period or ""))
    if not match:
        return None
    year, quarter = int(match.group(1)), match.group(2)
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    last_month = int(quarter) * 3
    end = dt.date(year + (last_month == 12), last_month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, last_month - 2, 1), end


def task_evidence(*, task, period=None, user, **kwargs) -> list[Evidence]:
    """Provider of programs.hooks.task_evidence: support records and activities linked to `task` in `period`
    (all periods when None), as `user` may see them."""
    bounds = period_bounds(period) if period is not None else None
    if user is None:
        # A document built by the system itself (the consolidated report of a command) for the
        # province that owns the program: everything linked to the task is evidence.
        records, activities = SupportRecord.objects.all(), Activity.objects.all()
    else:
        records, activities = selectors.records_visible_to(user), selectors.activities_visible_to(user)
    records = records.filter(task=task).select_related("organization", "policy", "agency")
    activities = activities.filter(task=task).select_related("agency")
    if bounds:
        records = records.filter(supported_on__range=bounds)
        activities = activities.filter(started_on__range=bounds)
    items = [
        Evidence(
            label=_("Hỗ trợ %(type)s cho %(org)s")
            % {"type": r.policy.get_support_type_display().lower(), "org": r.organization.name},
            url=reverse("support:record_detail", args=[r.pk]),
            detail=_("%(day)s · %(amount)s đồng · %(agency)s")
            % {"day": format_date(r.supported_on), "amount": format_number(r.amount), "agency": r.agency},
            day=r.supported_on,
        )
        for r in records
    ] + [
        Evidence(
            label=f"{a.get_kind_display()}: {a.title}",
            url=reverse("support:activity_detail", args=[a.pk]),
            detail=_("%(day)s · %(n)s người tham dự · %(agency)s")
            % {"day": format_date(a.started_on), "n": format_number(a.participants), "agency": a.agency},
            day=a.started_on,
        )
        for a in activities
    ]
    return sorted(items, key=lambda item: item.day)


def organization_panels(*, organization, user, **kwargs) -> list[tuple[str, str]]:
    """Provider of registry.hooks.organization_panels: what the organization received (support, Alliance
    services and membership, fund loans), as seen by `user` (scoped like every selector)."""
    records = list(selectors.records_for_organization(user=user, organization=organization))
    services = list(selectors.services_visible_to(user).filter(organization=organization))
    memberships = list(selectors.memberships_visible_to(user).filter(organization=organization))
    loans = selectors.loans_with_positions(selectors.loans_visible_to(user).filter(borrower=organization), timezone.localdate())
    if not (records or services or memberships or loans):
        return []
    html = render_to_string(
        "support/_organization_panel.html",
        {
            "organization": organization,
            "records": records,
            "records_total": sum(r.amount for r in records),
            "services": services,
            "memberships": memberships,
            "loans": loans,
        },
    )
    return [(_("Hỗ trợ đã nhận"), html)]

"""The plan-vs-actual DOCX built by the task worker (reports.queued) instead of inside the request.

The page's DOCX button posts its year and scope; the worker recomputes the table as the person who
asked (the same form, scope and figures as indicators.targets.views.plan_actual) and stores the file.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from core.query import cleaned_query
from indicators import exports
from indicators.computations.common import today
from indicators.permissions import require_officer
from indicators.targets.forms import PlanActualForm
from indicators.targets.progress import plan_actual
from indicators.years import default_report_year
from reports import queued


def plan_actual_params(data, *, user) -> dict:
    """The year and scope the page shows, validated as the page validates them (400 naming a wrong one)."""
    query = cleaned_query(PlanActualForm(data, user=user, default_year=default_report_year(user)))
    return {"year": query["year"], "scope": query["scope"] or ""}


def plan_actual_document(params: dict, user) -> bytes:
    require_officer(user)
    query = cleaned_query(PlanActualForm(params, user=user, default_year=params["year"]))
    access, year = query["access"], query["year"]
    context = {"access": access, "year": year, "rows": plan_actual(scope=access.scope, year=year), "today": today()}
    return exports.plan_actual_docx(context, user=user)


def _page(params: dict) -> str:
    return f"{reverse('indicators:plan_actual')}?{urlencode({k: v for k, v in params.items() if v})}"


QUEUED = queued.QueuedKind(
    key="indicators-plan-actual",
    label=gettext_lazy("Báo cáo kết quả thực hiện chỉ tiêu (DOCX)"),
    build=plan_actual_document,
    back=_page,
)

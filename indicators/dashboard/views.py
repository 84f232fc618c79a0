"""The home page: officers and leaders get the dashboard, everyone else the public overview.
Thin: parse the query, call one function (which enters `computing()` itself), render."""

from django.shortcuts import render

from core.memory import collector_paused
from core.query import cleaned_query
from indicators import exports
from indicators.dashboard.figures import dashboard
from indicators.dashboard.public import public_tables
from indicators.forms import IndicatorQueryForm
from indicators.permissions import is_officer
from indicators.selectors import home_province, scope_choices
from indicators.years import default_report_year, report_year_options


def _query(request) -> dict:
    """The page's validated `year` and `scope` (a wrong one is a 400 naming it)."""
    form = IndicatorQueryForm(request.GET, user=request.user, default_year=default_report_year(request.user))
    return cleaned_query(form)


def _render(request, template: str, context: dict):
    # Rendering a dashboard allocates tens of thousands of short-lived objects that form no cycles:
    # with the cyclic collector running, the warm page took about twice as long (bench.dashboard
    # --quick, SQLite, 06/12: warm 85-170 ms against 40-70 ms). It was paused here before, inside
    # the page's computing(); it stays paused for the render alone.
    with collector_paused():
        return render(request, template, context)


def home(request):
    """Officers and leaders get the dashboard; everyone else the public overview."""
    if not is_officer(request.user):
        return public_overview(request)
    query = _query(request)
    context = dashboard(access=query["access"], year=query["year"])
    context["year_options"] = report_year_options(request.user)
    context["scope_choices"] = scope_choices(user=request.user)
    context["scope_value"] = query["scope"]
    return _render(request, "indicators/dashboard.html", context)


def public_overview(request):
    query = _query(request)
    access, year = query["access"], query["year"]
    tables = public_tables(user=request.user, access=access, year=year)
    labels = exports.key_labels(tables)
    context = {
        "access": access,
        "province": home_province(),
        "year": year,
        "tables": [(table, *exports.table_rows(table, labels, as_text=True)) for table in tables],
        "scope_choices": scope_choices(user=request.user),
        "scope_value": query["scope"],
        "year_options": report_year_options(request.user),
    }
    return _render(request, "indicators/public_home.html", context)

"""Pages: the catalogue, an indicator (publishing it, entering a manual value), the pivot table.
Thin: parse, call selectors/services, render. The home page is `indicators.dashboard.views`, the
target pages `indicators.targets.views`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.query import cleaned_query
from geo.models import AdminUnit
from indicators import exports
from indicators import hooks as indicators_hooks
from indicators.computations import BREAKDOWNS, ComputationUnavailable
from indicators.computations.common import today
from indicators.forms import IndicatorQueryForm, ManualValueForm, PivotForm
from indicators.links import cell_links, indicator_list_url, linked_grid
from indicators.models import Indicator, Method
from indicators.permissions import can_publish, require_officer
from indicators.selectors import indicator_get, indicator_list, manual_entry_units, scope_choices
from indicators.services import indicator_publish, manual_value_save
from indicators.tables import cross_table, suppress
from indicators.targets.progress import progress_of, trajectory
from indicators.targets.selectors import targets_for
from indicators.years import default_report_year, report_year_options
from reports.responses import file_response


def _query(request, form_class=IndicatorQueryForm, default_year=None, **kwargs) -> dict:
    """The page's validated parameters (indicators.forms; a wrong one is a 400 naming it)."""
    if default_year is None:
        default_year = default_report_year(request.user)
    return cleaned_query(form_class(request.GET, user=request.user, default_year=default_year, **kwargs))


def catalogue(request):
    indicators = indicator_list(user=request.user)
    return render(request, "indicators/indicator_list.html", {"indicators": indicators, "can_publish": can_publish(request.user)})


def indicator_detail(request, code: str):
    try:
        indicator = indicator_get(user=request.user, code=code)
    except Indicator.DoesNotExist:
        raise Http404 from None
    query = _query(request)
    access, year = query["access"], query["year"]
    try:
        table = cross_table(indicator, year=year, scope=access.scope, row_by="year", col_by=None)
        if access.threshold:
            suppress(table, threshold=access.threshold)
        error = ""
    except ComputationUnavailable:
        table, error = (
            None,
            _("Chưa tính được: phép tính “%(key)s” chưa có (phân hệ liên quan chưa cài đặt).") % {"key": indicator.computation},
        )
    results = progress_of(targets_for(scope=access.scope).filter(indicator=indicator))
    units = manual_entry_units(user=request.user, scope=access.scope) if indicator.method == Method.MANUAL else None
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "access": access,
            "year": year,
            "year_options": report_year_options(request.user),
            "table": table,
            "error": error,
            "grid": _grid(table, access) if table else None,
            "progress": results,
            "trajectories": [trajectory(item) for item in results],
            "panels": indicators_hooks.indicator_panels.collect(indicator=indicator, user=request.user),
            "can_publish": can_publish(request.user),
            "manual_form": ManualValueForm(units=units, initial={"year": today().year - 1}) if units else None,
            "manual_values": indicator.manual_values.select_related("unit", "entered_by")[:50] if units else None,
            "list_url": indicator_list_url(indicator, scope=access.scope, year=year),
            "scope_choices": scope_choices(user=request.user),
            "scope_value": query["scope"],
        },
    )


def _grid(table, access, labels=None):
    """The table's text cells; for officers each cell links to the organizations behind it."""
    grid = exports.table_rows(table, labels if labels is not None else exports.key_labels([table]), as_text=True)
    return grid if access.threshold else linked_grid(grid, cell_links(table, scope=access.scope))


@login_required
@require_POST
def publish(request, code: str):
    try:
        indicator = indicator_get(user=request.user, code=code)
    except Indicator.DoesNotExist:
        raise Http404 from None
    published = request.POST.get("published") == "1"
    indicator_publish(user=request.user, indicator=indicator, published=published)
    messages.success(request, _("Đã công khai chỉ tiêu.") if published else _("Đã thôi công khai chỉ tiêu."))
    return redirect("indicators:indicator_detail", code=indicator.code)


@login_required
@require_POST
def manual_value(request, code: str):
    try:
        indicator = indicator_get(user=request.user, code=code)
    except Indicator.DoesNotExist:
        raise Http404 from None
    units = AdminUnit.objects.current().filter(level__in=("province", "commune"))
    form = ManualValueForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(
            request, "; ".join(f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items())
        )
        return redirect("indicators:indicator_detail", code=indicator.code)
    try:
        manual_value_save(user=request.user, indicator=indicator, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "; ".join(" ".join(errors) for errors in error.message_dict.values()))
    else:
        messages.success(request, _("Đã lưu số liệu."))
    return redirect("indicators:indicator_detail", code=indicator.code)


@login_required
def pivot(request):
    require_officer(request.user)
    indicators = list(indicator_list(user=request.user))
    form = PivotForm(request.GET, user=request.user, default_year=default_report_year(request.user), indicators=indicators)
    query = cleaned_query(form)
    access, year, indicator = query["access"], query["year"], query["indicator"]
    if indicator is None:
        raise Http404
    row_by, col_by = query["rows"], query["cols"]
    # An axis this indicator or place cannot give is said beside the picker (the API answers 400).
    error = " ".join(form.unavailable_axes().values())
    allowed = form.allowed_axes()
    table = None
    if not error:
        try:
            table = cross_table(indicator, year=year, scope=access.scope, row_by=row_by, col_by=col_by)
        except ComputationUnavailable:
            error = _("Chưa tính được: phép tính “%(key)s” chưa có.") % {"key": indicator.computation}
    labels = exports.key_labels([table] if table else [])
    export = query["format"]
    if table is not None and export in ("xlsx", "csv"):
        headers, body = exports.table_rows(table, labels)
        filename = f"{indicator.code}-{year}.{export}"
        if export == "csv":
            from reports.csv import csv_bytes

            return file_response(csv_bytes(headers, body), filename=filename)
        return file_response(exports.pivot_xlsx(table, labels, scope=access.scope), filename=filename)
    return render(
        request,
        "indicators/pivot.html",
        {
            "access": access,
            "year": year,
            "indicators": indicators,
            "indicator": indicator,
            "breakdowns": [(key, label) for key, label in BREAKDOWNS.items() if key in allowed],
            "row_by": row_by,
            "col_by": col_by,
            "table": table,
            "grid": _grid(table, access, labels) if table else None,
            "error": error,
            "years": range(today().year, today().year - 15, -1),
            "year_options": report_year_options(request.user),
            "scope_choices": scope_choices(user=request.user),
            "scope_value": query["scope"],
        },
    )

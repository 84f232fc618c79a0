"""Pages: the home dashboard (or the public overview), the catalogue, an indicator, plan versus
actual, the pivot table. Thin: parse, call selectors/services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.query import cleaned_query
from geo.models import AdminUnit
from indicators import exports, queued_documents
from indicators import hooks as indicators_hooks
from indicators.computations import BREAKDOWNS, ComputationUnavailable, UnsupportedBreakdown
from indicators.computations.common import computing, today
from indicators.dashboard import dashboard
from indicators.forms import IndicatorQueryForm, ManualValueForm, PivotForm, PlanActualForm
from indicators.links import cell_links, indicator_list_url, linked_grid
from indicators.models import Indicator, Method
from indicators.selectors import (
    home_province,
    indicator_get,
    indicator_list,
    is_officer,
    scope_choices,
    targets_for,
)
from indicators.services import can_enter_values_for, can_publish, indicator_publish, manual_value_save
from indicators.targets import progress, trajectory
from indicators.values import cross_table, suppress
from indicators.years import default_report_year, report_year_options
from reports import queued
from reports.responses import file_response


def _query(request, form_class=IndicatorQueryForm, default_year=None, **kwargs) -> dict:
    """The page's validated parameters (indicators.forms; a wrong one is a 400 naming it)."""
    if default_year is None:
        default_year = default_report_year(request.user)
    return cleaned_query(form_class(request.GET, user=request.user, default_year=default_year, **kwargs))


def home(request):
    """Officers and leaders get the dashboard; everyone else the public overview."""
    if is_officer(request.user):
        query = _query(request)
        with computing():
            context = dashboard(access=query["access"], year=query["year"])
            context["year_options"] = report_year_options(request.user)
            context["scope_choices"] = scope_choices(user=request.user)
            context["scope_value"] = query["scope"]
            return render(request, "indicators/dashboard.html", context)
    return public_overview(request)


def public_overview(request):
    query = _query(request)
    access, year = query["access"], query["year"]
    tables = []
    by = "commune" if access.scope.unit is not None and "commune" in access.breakdowns else None
    if access.scope.unit is None:
        by = "province"
    with computing():
        for indicator in indicator_list(user=request.user):
            try:
                table = cross_table(indicator, year=year, scope=access.scope, row_by=by, col_by=None)
            except (ComputationUnavailable, UnsupportedBreakdown):
                continue
            tables.append(suppress(table, threshold=access.threshold) if access.threshold else table)
        labels = exports.key_labels(tables)
        return render(
            request,
            "indicators/public_home.html",
            {
                "access": access,
                "province": home_province(),
                "year": year,
                "tables": [(table, *exports.table_rows(table, labels, as_text=True)) for table in tables],
                "scope_choices": scope_choices(user=request.user),
                "scope_value": query["scope"],
                "year_options": report_year_options(request.user),
            },
        )


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
    with computing():
        try:
            table = cross_table(indicator, year=year, scope=access.scope, row_by="year", col_by=None)
            if access.threshold:
                suppress(table, threshold=access.threshold)
            error = ""
        except ComputationUnavailable:
            table, error = (
                None,
                _("Chưa tính được: phép tính “%(key)s” chưa có (phân hệ liên quan chưa cài đặt).")
                % {"key": indicator.computation},
            )
        results = [progress(target) for target in targets_for(scope=access.scope).filter(indicator=indicator)]
        units = _manual_units(request.user, access.scope) if indicator.method == Method.MANUAL else None
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


def _manual_units(user, scope):
    if not is_officer(user):
        return None
    units = AdminUnit.objects.current().filter(level__in=("province", "commune"))
    if scope.unit is not None and not scope.is_legacy:
        province_id = scope.province_id
        units = units.filter(pk=province_id) | units.filter(province_id=province_id, level="commune")
    allowed = [unit.pk for unit in units[:5000] if can_enter_values_for(user, unit)]
    return AdminUnit.objects.filter(pk__in=allowed).order_by("level", "name") if allowed else None


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
def plan_actual(request):
    if not is_officer(request.user):
        raise PermissionDenied
    query = _query(request, PlanActualForm)
    access, year = query["access"], query["year"]
    with computing():
        rows = [progress(target, year=min(year, target.year)) for target in targets_for(scope=access.scope, year=year)]
    context = {
        "access": access,
        "year": year,
        "rows": rows,
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
    if not is_officer(request.user):
        raise PermissionDenied
    params = queued_documents.plan_actual_params(request.POST, user=request.user)
    document = queued.document_request(
        user=request.user, kind=queued_documents.QUEUED.key, params=params, filename=f"ke-hoach-thuc-hien-{params['year']}.docx"
    )
    return redirect("reports:queued_status", pk=document.pk)


@login_required
def pivot(request):
    if not is_officer(request.user):
        raise PermissionDenied
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
        with computing():
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

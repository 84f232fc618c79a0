"""Open data: the published registry as downloadable files, for anyone, without signing in."""

import datetime as dt
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.query import cleaned_query
from portal.forms import OpenDataFilterForm
from portal.selectors import OPEN_DATA_COLUMNS, open_data_rows, published_counts_by_kind, published_organizations
from registry.models import Field, OrganizationKind
from reports.csv import csv_bytes
from reports.responses import file_response
from reports.xlsx import Column, Sheet, workbook_bytes

FORMATS = ("csv", "xlsx", "json")


def _filters(request) -> dict:
    return cleaned_query(OpenDataFilterForm(request.GET))


@require_GET
def open_data(request):
    kinds = dict(OrganizationKind.choices)
    counts = [{"label": kinds.get(row["kind"], row["kind"]), **row} for row in published_counts_by_kind()]
    return render(
        request,
        "portal/open_data.html",
        {
            "counts": counts,
            "total": sum(row["total"] for row in counts),
            "formats": FORMATS,
            "kinds": OrganizationKind.choices,
            "fields": Field.choices,
            "filters": _filters(request),
        },
    )


@require_GET
@cache_control(max_age=300, public=True)
def organizations_download(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404(_("Không có định dạng này."))
    rows = open_data_rows(published_organizations(**_filters(request)))
    stem = f"to-chuc-kinh-te-tap-the-{dt.date.today():%Y%m%d}"
    if fmt == "json":
        payload = [
            {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in row.items()} for row in rows
        ]
        return HttpResponse(
            json.dumps({"columns": dict(OPEN_DATA_COLUMNS), "organizations": payload}, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    keys = [key for key, _label in OPEN_DATA_COLUMNS]
    headers = [label for _key, label in OPEN_DATA_COLUMNS]
    if fmt == "csv":
        table = ([row[key].strftime("%d/%m/%Y") if isinstance(row[key], dt.date) else row[key] for key in keys] for row in rows)
        return file_response(csv_bytes(headers, table), filename=f"{stem}.csv")
    columns = [
        Column(label, "date" if key.endswith("_on") else "text", width=40 if key in ("name", "address", "main_business") else 16)
        for key, label in OPEN_DATA_COLUMNS
    ]
    sheet = Sheet(
        "Tổ chức",
        columns,
        ([row[key] for key in keys] for row in rows),
        title=_("Danh sách tổ chức kinh tế tập thể đang hoạt động (dữ liệu công khai)"),
    )
    return file_response(workbook_bytes([sheet]), filename=f"{stem}.xlsx")

"""Pages of the geography: the directory of current units with the pre-reform units they came from,
and the search endpoint behind commune pickers. Geography is public."""

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.query import cleaned_query
from geo.forms import UnitListForm, UnitSearchForm
from geo.models import AdminUnit
from geo.selectors import commune_choices, commune_directory, province_overview, unit_search

SEARCH_LIMIT = 20


@require_GET
def unit_list(request):
    """/dia-ban/: provinces; ?province=<code> its communes; ?q= communes by current or former name."""
    query = cleaned_query(UnitListForm(request.GET))
    q, province = query["q"], query["province"]
    context = {"q": q, "province": province, "provinces": None, "communes": None}
    if q or province:
        context["communes"] = commune_directory(province=province, q=q or None)
    else:
        context["provinces"] = province_overview()
    template = "geo/_unit_results.html" if request.htmx and request.htmx.target == "results" else "geo/unit_list.html"
    return render(request, template, context)


@require_GET
def unit_search_json(request):
    """/dia-ban/tim-kiem/?q=&level=commune&edition=2025&province=<id>&scope=mine — JSON for tom-select.

    `scope=mine` limits communes to those the user may pick (their jurisdiction); without it the
    public list is searched.
    """
    try:
        query = cleaned_query(UnitSearchForm(request.GET))
    except BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    q, level, edition, province = query["q"], query["level"], query["edition"], query["province"]
    if query["scope"] == "mine":
        units = list(commune_choices(request.user, province=province, q=q or None)[:SEARCH_LIMIT])
        for unit in units:
            unit.came_from = None
    else:
        units = unit_search(q, level=level, edition=edition, province=province, limit=SEARCH_LIMIT)
    return JsonResponse({"results": [_search_row(u) for u in units]})


def _search_row(unit: AdminUnit) -> dict:
    text = unit.full_name
    if unit.province_id and unit.province_id != unit.pk:
        text = f"{unit.full_name}, {unit.province.full_name}"
    came_from = getattr(unit, "came_from", None)
    if came_from is not None:
        text = _("%(unit)s (trước đây: %(old)s)") % {"unit": text, "old": came_from.full_name}
    return {
        "id": unit.pk,
        "text": text,
        "code": unit.code,
        "name": unit.name,
        "unit_type": unit.unit_type,
        "edition": unit.edition,
        "level": unit.level,
        "province_id": unit.province_id,
    }

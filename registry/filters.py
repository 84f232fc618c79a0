"""The registry's filters, shared by the list page, the API and the Excel export.

`parse_organization_filters(params, user=...)` turns query parameters (a QueryDict or dict) into a
FilterSet; `registry.selectors.organization_list(user=..., filters=params)` applies it to what the
user may see and sorts. The page URL `/to-chuc/?kind=htx&q=dien+phuoc&sort=-founded_on` is
therefore also the export's input: pass `request.GET` to `organization_list` and you get the same rows.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.text import search_key
from geo.models import AdminUnit, Edition, Level
from registry.models import AnnualReport, Field, Organization, OrganizationKind, Status

#: Abbreviations people type in searches, expanded to the words stored in `search_text`.
SEARCH_ABBREVIATIONS = {
    "htx": "hop tac xa",
    "tht": "to hop tac",
    "lhhtx": "lien hiep hop tac xa",
    "qtdnd": "quy tin dung nhan dan",
    "dv": "dich vu",
    "nn": "nong nghiep",
}

#: Sort keys offered to users (query parameter `sort`, "-" for descending) and their columns.
#: Names sort by their diacritic-free keys: database collations put "Đ" and accented vowels
#: after "z", which Vietnamese readers do not expect.
SORTS = {
    "name": ("search_text",),
    "code": ("registration_code",),
    "commune": ("commune__name_key", "search_text"),
    "kind": ("kind", "search_text"),
    "status": ("current_status", "search_text"),
    "founded_on": ("founded_on", "search_text"),
    "registered_on": ("registered_on", "search_text"),
}
DEFAULT_SORT = "name"


def search_terms(query: str) -> list[tuple[str, ...]]:
    """Diacritic-free words of a query, each with its alternatives: an abbreviation matches
    itself or its expansion ("HTX Điện Phước" → (htx | hop tac xa), dien, phuoc)."""
    terms = []
    for word in search_key(query).replace(",", " ").split():
        expansion = SEARCH_ABBREVIATIONS.get(word)
        terms.append((word, expansion) if expansion else (word,))
    return terms


def search_filter(query: str, column: str = "search_text") -> Q:
    """A Q requiring every word of `query` in `column` (a search key), in any order."""
    condition = Q()
    for alternatives in search_terms(query):
        any_of = Q()
        for alternative in alternatives:
            any_of |= Q(**{f"{column}__contains": alternative})
        condition &= any_of
    return condition


def search_organizations(queryset, query: str):
    """Every word must appear in the name, short/English name or code, in any order and case."""
    return queryset.filter(search_filter(query))


def _communes(request):
    return AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.COMMUNE)


def _provinces(request):
    return AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE)


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên, mã số"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Loại hình"), choices=OrganizationKind.choices, empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), field_name="current_status", choices=Status.choices, empty_label=_("Tất cả")
    )
    field = django_filters.ChoiceFilter(
        label=_("Lĩnh vực"), choices=Field.choices, empty_label=_("Tất cả"), widget=forms.Select(attrs={"class": "form-select"})
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Tỉnh, thành phố"),
        queryset=_provinces,
        empty_label=_("Tất cả"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    commune = django_filters.ModelChoiceFilter(label=_("Xã, phường"), queryset=_communes, empty_label=_("Tất cả"))
    credit_fund = django_filters.BooleanFilter(label=_("Quỹ tín dụng nhân dân"), field_name="is_credit_fund")
    report_year = django_filters.NumberFilter(
        label=_("Có báo cáo năm"), method="filter_report_year", min_value=1950, max_value=2100
    )
    missing_report_year = django_filters.NumberFilter(
        label=_("Chưa có báo cáo năm"), method="filter_missing_report_year", min_value=1950, max_value=2100
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "status", "field", "province", "commune", "credit_fund", "report_year", "missing_report_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            if name in ("province", "commune"):
                filter_.extra["error_messages"] = {
                    "invalid_choice": _("%(label)s đã chọn không tồn tại.") % {"label": filter_.label},
                }
            if name in ("report_year", "missing_report_year"):
                filter_.extra["error_messages"] = {
                    "invalid": _("%(label)s: hãy nhập một năm, ví dụ 2024.") % {"label": filter_.label},
                    "min_value": _("%(label)s: năm không hợp lệ.") % {"label": filter_.label},
                    "max_value": _("%(label)s: năm không hợp lệ.") % {"label": filter_.label},
                }

    def filter_search(self, queryset, name, value):
        return search_organizations(queryset, value)

    def _reader(self):
        return getattr(self, "user", None) or getattr(self.request, "user", None)

    def _may_filter_reports(self) -> bool:
        # Annual reports are not published: the public cannot probe who filed one.
        reader = self._reader()
        return bool(reader is not None and reader.is_authenticated)

    def filter_report_year(self, queryset, name, value):
        if not self._may_filter_reports():
            return queryset
        return queryset.filter(Exists(AnnualReport.objects.filter(organization=OuterRef("pk"), year=value)))

    def filter_missing_report_year(self, queryset, name, value):
        if not self._may_filter_reports():
            return queryset
        return queryset.filter(~Exists(AnnualReport.objects.filter(organization=OuterRef("pk"), year=value)))


def parse_organization_filters(params, *, user, queryset=None, request=None) -> OrganizationFilterSet:
    """A bound FilterSet over what `user` may see (or over `queryset`, already scoped)."""
    from registry.selectors import organizations_visible_to

    base = queryset if queryset is not None else organizations_visible_to(user)
    filterset = OrganizationFilterSet(params or {}, queryset=base, request=request)
    filterset.user = user
    return filterset


def sort_organizations(queryset, sort: str | None):
    """Order by a whitelisted key (unknown keys fall back to the name), with the id as tie-break."""
    key = (sort or DEFAULT_SORT).strip()
    descending = key.startswith("-")
    columns = SORTS.get(key.lstrip("-"), SORTS[DEFAULT_SORT])
    if descending:
        columns = tuple(f"-{c}" for c in columns)
    return queryset.order_by(*columns, "-pk" if descending else "pk")

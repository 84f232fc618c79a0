"""The registry's filters, shared by the list page, the API and the Excel export.

`parse_organization_filters(params, user=...)` turns query parameters (a QueryDict or dict) into a
FilterSet; `registry.selectors.organization_list(user=..., filters=params)` applies it to what the
user may see and sorts. The page URL `/to-chuc/?kind=htx&q=dien+phuoc&sort=-founded_on` is
therefore also the export's input: pass `request.GET` to `organization_list` and you get the same rows.
"""

import copy

import django_filters
from django import forms
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.filters import WholeNumberFilter
from core.forms import DATE_INPUT_FORMATS, DateInput
from core.text import search_key
from geo.models import AdminUnit, Edition, Level
from geo.selectors import successor_commune_ids
from registry.models import TERMINAL_STATUSES, AnnualReport, Field, Organization, OrganizationKind, Status
from registry.status import with_lifetime, with_status_on

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


def _legacy_units(request):
    return AdminUnit.objects.filter(edition=Edition.LEGACY)


class EndedHow(models.TextChoices):
    """How an organization ended, grouped as the indicators count endings."""

    DISSOLVED = "dissolved", _("Giải thể, phá sản, bị thu hồi giấy chứng nhận")
    CONVERTED = "converted", _("Chuyển đổi thành doanh nghiệp")


ENDED_STATUSES = {
    EndedHow.DISSOLVED: (Status.DISSOLVED, Status.BANKRUPT, Status.REVOKED),
    EndedHow.CONVERTED: (Status.CONVERTED,),
}


def year_filter(label, method: str | None = None, **kwargs) -> WholeNumberFilter:
    """A filter on a calendar year, whose errors name the filter ("Thành lập trong năm: …")."""
    messages = {
        "invalid": format_lazy(_("{label}: hãy nhập một năm, ví dụ 2024."), label=label),
        "min_value": format_lazy(_("{label}: năm không hợp lệ."), label=label),
        "max_value": format_lazy(_("{label}: năm không hợp lệ."), label=label),
    }
    widget = forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric", "placeholder": _("ví dụ: 2024")})
    return WholeNumberFilter(
        label=label, method=method, min_value=1950, max_value=2100, error_messages=messages, widget=widget, **kwargs
    )


def choice_messages(label) -> dict:
    """Error messages naming the filter. Given at declaration: a filter's form field is built once
    and kept, so messages set later would not reach it."""
    return {"invalid_choice": format_lazy(_("{label}: không có lựa chọn “%(value)s”."), label=label)}


def unit_messages(label) -> dict:
    return {"invalid_choice": format_lazy(_("{label} đã chọn không tồn tại."), label=label)}


def qualified(filter_, *, by: str):
    """Mark `filter_` as meaningful only together with filter `by` (a rating needs its year); the
    form refuses it alone."""
    filter_.requires = by
    return filter_


def contributed_filters() -> dict:
    """Filters other apps add to the list (registry.hooks.organization_filters, e.g. the
    evaluation app's size class and rating of a year)."""
    from registry import hooks as registry_hooks

    found = {}
    for provided in registry_hooks.organization_filters.collect():
        found.update(provided)
    return found


EMPTY = (None, "", [], ())


class OrganizationFilterForm(forms.Form):
    """The filters' form; refuses a qualifier without what it qualifies (see `qualified`)."""

    #: {filter name: the filter it needs}, set by the filterset from the filters' `requires`.
    requires: dict = {}

    def clean(self):
        cleaned = super().clean()
        for name, needed in self.requires.items():
            if cleaned.get(name) not in EMPTY and cleaned.get(needed) in EMPTY and needed not in self.errors:
                self.add_error(
                    name,
                    _("%(label)s: hãy chọn cả “%(other)s”.")
                    % {"label": self.fields[name].label, "other": self.fields[needed].label},
                )
        return cleaned


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên, mã số"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Loại hình"),
        choices=OrganizationKind.choices,
        empty_label=_("Tất cả"),
        error_messages=choice_messages(_("Loại hình")),
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        method="filter_status",
        choices=Status.choices,
        empty_label=_("Tất cả"),
        error_messages=choice_messages(_("Tình trạng")),
    )
    status_on = qualified(
        django_filters.DateFilter(
            label=_("Tình trạng tại ngày"),
            method="filter_nothing",
            widget=DateInput(attrs={"class": "form-control"}),
            input_formats=DATE_INPUT_FORMATS,
            error_messages={"invalid": _("Tình trạng tại ngày: hãy nhập một ngày, ví dụ 31/12/2024.")},
        ),
        by="status",
    )
    field = django_filters.ChoiceFilter(
        label=_("Lĩnh vực"),
        choices=Field.choices,
        empty_label=_("Tất cả"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages=choice_messages(_("Lĩnh vực")),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Tỉnh, thành phố"),
        queryset=_provinces,
        empty_label=_("Tất cả"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages=unit_messages(_("Tỉnh, thành phố")),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Xã, phường"), queryset=_communes, empty_label=_("Tất cả"), error_messages=unit_messages(_("Xã, phường"))
    )
    # Reached from figures of a pre-2025 area (a plan set for an old province): the organizations
    # of the current communes formed from it, as the indicators count them. Shown as a removable
    # label, not a picker of thousands of old units.
    former_area = django_filters.ModelChoiceFilter(
        label=_("Địa bàn trước 01/7/2025"),
        queryset=_legacy_units,
        field_name="commune",  # what it narrows (and, for the API schema, an id like the commune's)
        method="filter_former_area",
        widget=forms.HiddenInput,
        error_messages=unit_messages(_("Địa bàn trước 01/7/2025")),
    )
    credit_fund = django_filters.BooleanFilter(label=_("Quỹ tín dụng nhân dân"), field_name="is_credit_fund")
    report_year = year_filter(_("Có báo cáo năm"), "filter_report_year")
    missing_report_year = year_filter(_("Chưa có báo cáo năm"), "filter_missing_report_year")
    founded_year = year_filter(_("Thành lập trong năm"), "filter_founded_year")
    exists_year = year_filter(_("Còn tồn tại đến cuối năm"), "filter_exists_year")
    ended_year = year_filter(_("Chấm dứt hoạt động trong năm"), "filter_ended_year")
    ended_how = qualified(
        django_filters.ChoiceFilter(
            label=_("Hình thức chấm dứt"),
            choices=EndedHow.choices,
            empty_label=_("Tất cả"),
            method="filter_nothing",
            widget=forms.Select(attrs={"class": "form-select"}),
            error_messages=choice_messages(_("Hình thức chấm dứt")),
        ),
        by="ended_year",
    )

    # Validated here like every other parameter (page, API and export alike); the ordering itself
    # is applied by sort_organizations after the filters.
    sort = django_filters.ChoiceFilter(
        label=_("Sắp xếp"),
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
        method="filter_nothing",
        error_messages=choice_messages(_("Sắp xếp")),
    )

    #: Filters over the organizations' lives, shown together below the main filters.
    LIFECYCLE = ("founded_year", "exists_year", "ended_year", "ended_how", "status_on")

    class Meta:
        model = Organization
        form = OrganizationFilterForm
        fields = ["q", "kind", "status", "field", "province", "commune", "credit_fund", "report_year", "missing_report_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in contributed_filters().items():
            self.filters[name] = copy.deepcopy(filter_)
            self.filters[name].model = self.queryset.model
            self.filters[name].parent = self

    @property
    def extra_filter_names(self) -> list[str]:
        """The lifecycle filters and those other apps contributed, in display order."""
        return [*self.LIFECYCLE, *(name for name in self.filters if name not in self.base_filters)]

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.requires = {name: f.requires for name, f in self.filters.items() if getattr(f, "requires", None)}
        return form_class

    def filter_search(self, queryset, name, value):
        return search_organizations(queryset, value)

    def filter_nothing(self, queryset, name, value):
        """A qualifier of another filter (the date of a status, how an ending happened)."""
        return queryset

    def _reader(self):
        return getattr(self, "user", None) or getattr(self.request, "user", None)

    def may_filter_private(self) -> bool:
        """Annual reports, status history and evaluation results are not published: the public
        cannot probe them through filters (those filters are ignored for anonymous readers)."""
        reader = self._reader()
        return bool(reader is not None and reader.is_authenticated)

    def filter_status(self, queryset, name, value):
        day = self.form.cleaned_data.get("status_on")
        if day is None or not self.may_filter_private():
            return queryset.filter(current_status=value)
        return with_status_on(queryset, day).filter(status_on=value)

    def filter_report_year(self, queryset, name, value):
        if not self.may_filter_private():
            return queryset
        return queryset.filter(Exists(AnnualReport.objects.filter(organization=OuterRef("pk"), year=value)))

    def filter_missing_report_year(self, queryset, name, value):
        if not self.may_filter_private():
            return queryset
        return queryset.filter(~Exists(AnnualReport.objects.filter(organization=OuterRef("pk"), year=value)))

    def filter_former_area(self, queryset, name, value):
        return queryset.filter(commune_id__in=successor_commune_ids(value))

    def filter_founded_year(self, queryset, name, value):
        return with_lifetime(queryset).filter(start_year=value)

    def filter_exists_year(self, queryset, name, value):
        """Founded by the end of the year and not ended by then (as indicator "Số HTX" counts)."""
        return with_lifetime(queryset).filter(Q(start_year__lte=value) & (Q(end_year__isnull=True) | Q(end_year__gt=value)))

    def filter_ended_year(self, queryset, name, value):
        if not self.may_filter_private():
            return queryset
        how = self.form.cleaned_data.get("ended_how")
        statuses = ENDED_STATUSES.get(how, TERMINAL_STATUSES)
        return with_lifetime(queryset).filter(end_year=value, ended_as__in=statuses)


def parse_organization_filters(params, *, user, queryset=None, request=None) -> OrganizationFilterSet:
    """A bound FilterSet over what `user` may see (or over `queryset`, already scoped)."""
    from registry.selectors import organizations_visible_to

    base = queryset if queryset is not None else organizations_visible_to(user)
    filterset = OrganizationFilterSet(params or {}, queryset=base, request=request)
    filterset.user = user
    return filterset


#: Words names start with that say what the organization is; "tam an" is an exact match of
#: "Hợp tác xã Tam An" as much as of "Tam An".
KIND_PREFIXES = ("hop tac xa", "to hop tac", "lien hiep hop tac xa", "quy tin dung nhan dan")


class Relevance(models.IntegerChoices):
    EXACT = 0  # the diacritic-free name is the query (with or without its kind words)
    PREFIX = 1  # the name starts with the query
    CODE = 2  # the registration code starts with the query
    WORDS = 3  # the query's words, together and whole, somewhere in the name
    PARTIAL = 4  # every word somewhere (what search_filter requires)


def _query_forms(query: str) -> list[str]:
    """The query's search key, and the same with abbreviations expanded ("htx tam an")."""
    words = search_key(query).replace(",", " ").split()
    forms_ = [" ".join(words), " ".join(SEARCH_ABBREVIATIONS.get(word, word) for word in words)]
    return [form for form in dict.fromkeys(forms_) if form]


def relevance(query: str):
    """A Case expression ranking organizations for `query` (Relevance). `search_text` begins with
    the name's search key, followed by the short name, the code and the English name
    (Organization.compute_search_text), which is what the conditions below rely on."""
    exact, prefix, words = Q(), Q(), Q()
    for form in _query_forms(query):
        for name in (form, *(f"{kind} {form}" for kind in KIND_PREFIXES)):
            exact |= Q(search_text=name) | Q(search_text=Concat(Value(f"{name} "), F("registration_code")))
            prefix |= Q(search_text__startswith=name)
        words |= (
            Q(search_text__startswith=f"{form} ") | Q(search_text__contains=f" {form} ") | Q(search_text__endswith=f" {form}")
        )
    code = query.strip().replace(" ", "")
    return Case(
        When(exact, then=Value(Relevance.EXACT)),
        When(prefix, then=Value(Relevance.PREFIX)),
        When(registration_code__startswith=code, then=Value(Relevance.CODE)),
        When(words, then=Value(Relevance.WORDS)),
        default=Value(Relevance.PARTIAL),
        output_field=models.IntegerField(),
    )


def sort_organizations(queryset, sort: str | None, query: str | None = None):
    """Order by a whitelisted key (unknown keys fall back to the name), with the id as tie-break.

    A search (`query`) sorted by default ranks by relevance first (exact and prefix matches of
    the name, then the code, then partial matches), the name after that."""
    key = (sort or DEFAULT_SORT).strip()
    descending = key.startswith("-")
    columns = SORTS.get(key.lstrip("-"), SORTS[DEFAULT_SORT])
    if descending:
        columns = tuple(f"-{c}" for c in columns)
    # The list's form sends the default sort ("name") with every search, so it counts as no choice.
    # A query of separators only (",") has a search key but no words to rank by.
    if query and _query_forms(query) and key == DEFAULT_SORT:
        queryset = queryset.alias(relevance=relevance(query))
        columns = ("relevance", *columns)
    return queryset.order_by(*columns, "-pk" if descending else "pk")

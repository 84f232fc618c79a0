"""Forms of the indicator pages and their API twins: the scope, year and pivot parameters, and a
manual value (the target forms are `indicators.targets.forms`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import is_row_id
from core.forms import NumberField
from geo.models import AdminUnit
from indicators.computations import BREAKDOWNS
from indicators.computations.common import today
from indicators.computations.values import available_breakdowns
from indicators.selectors import scope_from


class ManualValueForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Địa bàn"), queryset=AdminUnit.objects.none())
    value = NumberField(label=_("Giá trị"), help_text=_("Ví dụ: 1.234,5"))
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdminUnit.objects.none()


class ScopeForm(forms.Form):
    """`scope` of the indicator pages and their API twins: empty (the reader's default place),
    “country”, or an administrative unit's id. `access` in the cleaned data is what the reader may
    see there (a place outside their jurisdiction, or none, is refused by `scope_from`: 403)."""

    scope = forms.CharField(label=_("Địa bàn"), required=False, max_length=20)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user

    def clean_scope(self) -> str:
        value = self.cleaned_data.get("scope") or ""
        if value and value != "country" and not is_row_id(value):
            raise forms.ValidationError(_("Địa bàn: hãy chọn “country” hoặc mã một đơn vị hành chính."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            cleaned["access"] = scope_from(user=self.user, value=cleaned["scope"])
        return cleaned


class IndicatorQueryForm(ScopeForm):
    """`year` and `scope` (and `format` where the page exports) of the indicator pages and API.
    No year is the documented default (`default_year`, given by the view)."""

    FORMATS: tuple[str, ...] = ()

    def __init__(self, data=None, *, user, default_year: int, **kwargs):
        super().__init__(data, user=user, **kwargs)
        self.default_year = default_year
        # The last year allowed moves with the date: built per request, not at import.
        self.fields["year"] = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=today().year + 10)
        if self.FORMATS:
            choices = [(name, name.upper()) for name in self.FORMATS]
            self.fields["format"] = forms.ChoiceField(label=_("Định dạng"), required=False, choices=choices)

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        return self.default_year if year is None else year


class PivotForm(IndicatorQueryForm):
    """The pivot's indicator and its two breakdowns (`rows`, `cols`), besides year and scope.
    `unavailable_axes` says which breakdown the indicator or the place cannot give: the page shows
    it beside the picker, the API answers 400 with it."""

    FORMATS = ("xlsx", "csv")

    def __init__(self, data=None, *, user, default_year: int, indicators, **kwargs):
        super().__init__(data, user=user, default_year=default_year, **kwargs)
        self.indicators = {indicator.code: indicator for indicator in indicators}
        axes = [("", "—"), *BREAKDOWNS.items()]
        self.fields["indicator"] = forms.ChoiceField(
            label=_("Chỉ tiêu"), required=False, choices=[("", "—"), *((code, code) for code in self.indicators)]
        )
        self.fields["rows"] = forms.ChoiceField(label=_("Hàng"), required=False, choices=axes)
        self.fields["cols"] = forms.ChoiceField(label=_("Cột"), required=False, choices=axes)

    def clean_indicator(self):
        code = self.cleaned_data.get("indicator") or next(iter(self.indicators), None)
        return self.indicators.get(code)

    def clean(self):
        cleaned = super().clean()
        for axis in ("rows", "cols"):
            cleaned[axis] = cleaned.get(axis) or None
        if cleaned["rows"] and cleaned["rows"] == cleaned["cols"]:
            self.add_error("cols", _("Hàng và cột phải là hai chiều phân tổ khác nhau."))
        return cleaned

    def allowed_axes(self) -> frozenset:
        indicator, access = self.cleaned_data["indicator"], self.cleaned_data["access"]
        return frozenset(available_breakdowns(indicator) & (access.breakdowns | {"year"})) if indicator else frozenset()

    def unavailable_axes(self) -> dict[str, str]:
        """{parameter: message} for each breakdown this indicator and place cannot give."""
        allowed = self.allowed_axes()
        return {
            name: _("Không thể phân tổ theo “%(axis)s” cho chỉ tiêu và địa bàn này.") % {"axis": BREAKDOWNS[axis]}
            for name in ("rows", "cols")
            if (axis := self.cleaned_data[name]) and axis not in allowed
        }

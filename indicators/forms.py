import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import MAX_ID
from core.forms import DateInput, NumberField, ServiceModelForm, style_widgets
from core.numbers import NumberError, format_number, parse_number
from geo.models import AdminUnit
from indicators.computations import BREAKDOWNS
from indicators.computations.common import today
from indicators.models import Target
from indicators.selectors import scope_from
from indicators.values import available_breakdowns


class ManualValueForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Địa bàn"), queryset=AdminUnit.objects.none())
    value = NumberField(label=_("Giá trị"), help_text=_("Ví dụ: 1.234,5"))
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdminUnit.objects.none()


RANGE_RE = re.compile(r"\s*(-?[\d.,\s]*\d)\s*(?:(?:–|—|-|đến)\s*(-?[\d.,\s]*\d))?\s*")


def parse_target_value(text: str) -> tuple[Decimal, Decimal | None]:
    """ "35.000" → (35000, None); "200–250" or "200 - 250" or "200 đến 250" → (200, 250)."""
    match = RANGE_RE.fullmatch(text or "")
    if not match:
        if any(char.isalpha() for char in text or ""):
            parse_number(text)  # words ("hai tỷ") get the parser's own message
        raise ValueError(text)
    low, high = match.groups()
    return parse_number(low), parse_number(high) if high else None


class TargetForm(ServiceModelForm):
    """A target with its place as one choice ("country" or a unit) and its value as text that may
    be a range ("200–250")."""

    #: Model fields named in the service's errors → the form field that shows them.
    service_fields = {"value_min": "value", "value_max": "value", "baseline_value": "baseline", "scope_unit": "scope"}

    scope = forms.ChoiceField(label=_("Địa bàn"))
    value = forms.CharField(label=_("Kế hoạch (giá trị hoặc khoảng)"), max_length=60, help_text=_("Ví dụ: 35.000; 200–250; 4,5"))
    baseline = forms.CharField(
        label=_("Giá trị năm gốc"),
        max_length=30,
        required=False,
        help_text=_("Theo văn bản; để trống thì lấy số tính được của năm trước năm đầu giai đoạn."),
    )

    field_order = ["indicator", "scope", "start_year", "year", "value", "accumulation", "baseline", "document", "document_date"]

    class Meta:
        model = Target
        fields = ["indicator", "start_year", "year", "accumulation", "document", "document_date", "verification", "note"]
        widgets = {
            "document_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, indicators, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["scope"].choices = places
        self.fields["document"].error_messages["required"] = _("Ghi rõ văn bản giao chỉ tiêu (số, ký hiệu).")
        target = self.instance
        if target.pk:
            self.initial.setdefault("scope", str(target.scope_unit_id) if target.scope_unit_id else "country")
            self.initial.setdefault("value", target.value_label)
            if target.baseline_value is not None:
                self.initial.setdefault("baseline", format_number(target.baseline_value, 2).rstrip("0").rstrip(","))
        style_widgets(self)

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        return None if value == "country" else AdminUnit.objects.get(pk=int(value))

    def clean_value(self):
        try:
            return parse_target_value(self.cleaned_data["value"])
        except NumberError as error:
            raise forms.ValidationError(str(error)) from None
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” không phải một số hay một khoảng (ví dụ 35.000 hoặc 200–250).")
                % {"value": self.cleaned_data["value"]}
            ) from None

    def clean_baseline(self):
        text = self.cleaned_data["baseline"].strip()
        if not text:
            return None
        try:
            return parse_number(text)
        except NumberError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        # Only fill the instance: the service validates the whole target (target_services._check),
        # and add_service_error shows its errors on these fields (service_fields).
        cleaned = super().clean()
        target = self.instance
        if "scope" in cleaned:
            target.scope_unit = cleaned["scope"]
        if "value" in cleaned:
            target.value_min, target.value_max = cleaned["value"]
        if "baseline" in cleaned:
            target.baseline_value = cleaned["baseline"]
        return cleaned


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
        if value and value != "country" and not (value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID):
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


class PlanActualForm(IndicatorQueryForm):
    FORMATS = ("xlsx", "docx")


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

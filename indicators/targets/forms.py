"""Forms of the target pages: a target (its place as one choice, its value as text that may be a
range) and the parameters of plan versus actual."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ServiceModelForm, style_widgets
from core.numbers import NumberError, format_number, parse_number
from geo.models import AdminUnit
from indicators.forms import IndicatorQueryForm
from indicators.models import Target

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
        # Only fill the instance: the service validates the whole target (indicators.targets.services._check),
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


class PlanActualForm(IndicatorQueryForm):
    FORMATS = ("xlsx", "docx")

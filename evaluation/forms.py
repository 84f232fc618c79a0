"""Query parameters of the evaluation pages (core.query): the year, commune, grouping and export format."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluation.selectors import GROUPINGS, communes_visible_to

#: The first year assessed under TT 01/2020 (in force from 01/04/2020).
FIRST_YEAR = 2020
#: The parameter names these pages used before (Vietnamese) and their English names now.
RENAMED = {"nam": "year", "xa": "commune", "nhom": "group", "tai": "format"}


def default_year() -> int:
    """The year being assessed: the current year from November (sheets are due in the new year), else the last."""
    today = timezone.localdate()
    return today.year - (0 if today.month >= 11 else 1)


class YearForm(forms.Form):
    """`year`; none: `default` (the page's reader's year, evaluation.years), else default_year()."""

    def __init__(self, data=None, *, default: int | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.default = default
        # The last year is this year: built per request, not at import.
        self.fields["year"] = forms.IntegerField(
            label=_("Năm"), required=False, min_value=FIRST_YEAR, max_value=timezone.localdate().year
        )
        self.order_fields(["year"])

    def clean_year(self) -> int:
        return self.cleaned_data.get("year") or self.default or default_year()


class ResultsForm(YearForm):
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=None, required=False)
    group = forms.ChoiceField(
        label=_("Tổng hợp theo"), required=False, choices=[(key, label) for key, (_p, label) in GROUPINGS.items()]
    )
    format = forms.ChoiceField(label=_("Định dạng"), required=False, choices=[("xlsx", "XLSX"), ("docx", "DOCX")])

    def __init__(self, data=None, *, user, default: int | None = None, **kwargs):
        super().__init__(data, default=default, **kwargs)
        self.fields["commune"].queryset = communes_visible_to(user)

    def clean_group(self) -> str:
        return self.cleaned_data.get("group") or "commune"


class RunForm(forms.Form):
    """The year page's "run the classification and rating" button: the officer types the year again,
    so that a year chosen by mistake in the selector is not rerun for the whole province."""

    # Years without rules are refused by the service with the reason (evaluation.rulesets.no_rules_for_year).
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    confirm_year = forms.IntegerField(label=_("Gõ lại năm để xác nhận"), required=False)

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is not None and data.get("confirm_year") != year:
            self.add_error(
                "confirm_year", _("Năm xác nhận phải trùng với năm %(year)s (ô “Gõ lại năm để xác nhận”).") % {"year": year}
            )
        return data

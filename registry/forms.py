"""Forms of the registry pages. Validation rules live in the models and services; forms only
parse input, offer the right choices (communes in the user's jurisdiction) and carry `version`."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy

from core.forms import DateInput, NumberField, ServiceModelForm, VersionedForm, vietnamese_field_messages
from core.widgets import SearchableSelect
from registry.models import PROFILE_FIELDS, REPORT_FIGURES, AnnualReport, Member, Organization, Status, StatusEvent
from registry.selectors import communes_for_user, legacy_communes_for


class OrganizationForm(VersionedForm):
    class Meta:
        model = Organization
        fields = ["kind", "is_credit_fund", *PROFILE_FIELDS]
        widgets = {
            "founded_on": DateInput(),
            "registered_on": DateInput(),
            "commune": SearchableSelect(),
            "legacy_commune": SearchableSelect(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Communes that ended are not offered (the service explains the error if one is posted).
        communes = communes_for_user(user).exclude(valid_to__lt=dt.date.today()).order_by("name")
        self.fields["commune"].queryset = communes
        self.fields["commune"].label_from_instance = lambda unit: (
            f"{unit.full_name} – {unit.province.full_name if unit.province else ''}"
        )
        self.fields["legacy_commune"].queryset = legacy_communes_for(communes_for_user(user))
        self.fields["legacy_commune"].label_from_instance = lambda unit: unit.label_with_parent
        self.fields["field"].required = False
        self.fields["field"].help_text = gettext_lazy("Để trống để suy ra từ mã ngành VSIC.")
        vietnamese_field_messages(self)

    def clean_field(self):
        return self.cleaned_data.get("field") or ""


class StatusEventForm(ServiceModelForm):
    class Meta:
        model = StatusEvent
        fields = ["status", "effective_on", "ends_on", "decision_ref", "note"]
        widgets = {"effective_on": DateInput(), "ends_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Status.choices
        vietnamese_field_messages(self)


class MemberForm(VersionedForm):
    class Meta:
        model = Member
        fields = [
            "kind",
            "member_type",
            "name",
            "identifier",
            "member_organization",
            "capital_contribution",
            "joined_on",
            "left_on",
        ]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}

    def __init__(self, *args, member_organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member_organizations is None:
            del self.fields["member_organization"]
        else:
            self.fields["member_organization"].queryset = member_organizations
        vietnamese_field_messages(self)


class AnnualReportForm(VersionedForm):
    confirm_warnings = forms.BooleanField(
        label=gettext_lazy("Tôi đã kiểm tra: các biến động bất thường nêu trên là đúng."), required=False
    )

    class Meta:
        model = AnnualReport
        fields = ["year", *REPORT_FIGURES]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        for name, field in self.fields.items():
            if isinstance(field, NumberField) and name != "pre_tax_profit":
                # Counts and money are never negative. Model validators run in the service;
                # the page repeats the bound so the message names the field at once.
                field.min_value = 0
        vietnamese_field_messages(self)


class NewReportQueryForm(forms.Form):
    """`?year=2026` (the links of the home page): the year a new annual report is for."""

    year = forms.IntegerField(label=gettext_lazy("Năm"), required=False, min_value=2000, max_value=2100)

"""Forms of the registry pages. Validation rules live in the models and services; forms only
parse input, offer the right choices (communes in the user's jurisdiction) and carry `version`."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.widgets import SearchableSelect
from registry.models import AnnualReport, Member, Organization, Status, StatusEvent
from registry.selectors import communes_for_user, legacy_communes_for


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _field_messages(form) -> None:
    """Vietnamese messages that name the field, whatever widget or validator complains."""
    for field in form.fields.values():
        label = str(field.label or "")
        field.error_messages.update(
            {
                "required": _("%(label)s: không được để trống.") % {"label": label},
                "invalid": _("%(label)s: giá trị không hợp lệ.") % {"label": label},
                "invalid_choice": _("%(label)s: lựa chọn không hợp lệ hoặc không thuộc địa bàn của bạn.") % {"label": label},
                "max_length": _("%(label)s: quá dài (tối đa %%(limit_value)d ký tự).") % {"label": label},
                "min_value": _("%(label)s: không được nhỏ hơn %%(limit_value)s.") % {"label": label},
                "max_value": _("%(label)s: không được lớn hơn %%(limit_value)s.") % {"label": label},
            }
        )
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = _("%(label)s: ngày không hợp lệ (dd/mm/yyyy).") % {"label": label}
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = _("%(label)s: hãy nhập một số nguyên.") % {"label": label}
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = _("— Chọn —")
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
            field.choices = [("", _("— Chọn —")), *field.choices[1:]]
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-check-input"
        if not isinstance(field.widget, forms.Select | forms.CheckboxInput):
            css = "form-control"
        field.widget.attrs.setdefault("class", css)
    for field in form.fields.values():
        for validator in getattr(field, "validators", []):
            if getattr(validator, "code", "") in ("min_value", "max_value"):
                validator.message = field.error_messages[validator.code]


def add_service_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to the field it names, if the form has it."""
    if hasattr(error, "error_dict"):
        for name, messages in error.error_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                text = " ".join(message.messages)
                if target is None and name not in ("__all__", None):
                    label = _label(form, name)
                    text = f"{label}: {text}" if label else text
                form.add_error(target, text)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _label(form, name) -> str:
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - an unknown name just gets no label
        return ""


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from, so a concurrent edit is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    @property
    def version(self) -> int | None:
        return self.cleaned_data.get("expected_version") if self.instance.pk else None


class OrganizationForm(VersionedForm):
    class Meta:
        model = Organization
        fields = [
            "kind",
            "is_credit_fund",
            "registration_code",
            "name",
            "short_name",
            "english_name",
            "address",
            "commune",
            "legacy_commune",
            "field",
            "vsic_code",
            "main_business",
            "founded_on",
            "registered_on",
            "legal_representative",
            "representative_title",
            "charter_capital",
            "phone",
            "email",
            "website",
        ]
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
        _field_messages(self)

    def clean_field(self):
        return self.cleaned_data.get("field") or ""

    def _post_clean(self):
        # Model validation (codes, uniqueness, the commune's validity) runs in the service, once,
        # so that pages, API and imports give the same messages.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as e:
            self._update_errors(e)


class StatusEventForm(forms.ModelForm):
    class Meta:
        model = StatusEvent
        fields = ["status", "effective_on", "ends_on", "decision_ref", "note"]
        widgets = {"effective_on": DateInput(), "ends_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Status.choices
        _field_messages(self)

    def _post_clean(self):
        pass  # the service validates (dates, suspension length) and builds the event


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
        _field_messages(self)

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)


class AnnualReportForm(VersionedForm):
    confirm_warnings = forms.BooleanField(
        label=gettext_lazy("Tôi đã kiểm tra: các biến động bất thường nêu trên là đúng."), required=False
    )

    class Meta:
        model = AnnualReport
        fields = [
            "year",
            "members_official",
            "members_associate",
            "new_members",
            "member_cooperatives",
            "regular_workers",
            "revenue",
            "revenue_from_members",
            "pre_tax_profit",
            "total_capital",
            "indivisible_assets",
            "average_worker_income",
            "development_fund",
            "reserve_fund",
            "other_funds",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField) and name != "expected_version":
                field.widget.attrs.update({"inputmode": "numeric"})
                if name not in ("pre_tax_profit", "year"):
                    # Counts and money are never negative. Model validators run in the service;
                    # the page repeats the bound so the message names the field at once.
                    field.validators = [v for v in field.validators if getattr(v, "code", "") != "min_value"]
                    field.validators.append(MinValueValidator(0))
                    field.widget.attrs["min"] = 0
        _field_messages(self)

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)

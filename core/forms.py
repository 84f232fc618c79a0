"""Form helpers shared by the apps' pages: Vietnamese field messages, service errors on the form,
the version a concurrent edit is checked against, date inputs."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def vietnamese_field_messages(form) -> None:
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

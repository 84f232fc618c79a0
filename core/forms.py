"""Form helpers shared by the apps' pages: Vietnamese field messages, service errors on the form,
the version a concurrent edit is checked against, date inputs."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.filters import is_row_id
from core.numbers import NumberError, format_number, parse_number, parse_whole_number


class NumberField(forms.CharField):
    """A number typed the Vietnamese way ("200.000.000", "1.234,5"), read by
    core.numbers.parse_number: a Decimal, or an int with `whole=True` (counts, money in đồng).
    Shown back grouped the same way ("1.500.000")."""

    @property
    def default_limit_messages(self) -> dict[str, str]:
        return {
            "min_value": _("“%(value)s” không được nhỏ hơn %(limit_value)s."),
            "max_value": _("“%(value)s” không được lớn hơn %(limit_value)s."),
        }

    def __init__(self, *, whole: bool = False, min_value=None, max_value=None, **kwargs):
        self.whole, self.min_value, self.max_value = whole, min_value, max_value
        mode = "numeric" if whole else "decimal"
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": mode, "class": "form-control text-end"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = (parse_whole_number if self.whole else parse_number)(value)
        except NumberError as error:
            # Named by vietnamese_field_messages(): "Doanh thu (đồng): “hai tỷ” không phải là số…".
            text = f"{self.named}: {error}" if getattr(self, "named", "") else str(error)
            raise ValidationError(text, code="invalid") from None
        below = self.min_value is not None and number < self.min_value
        above = self.max_value is not None and number > self.max_value
        for limit, code, beyond in ((self.min_value, "min_value", below), (self.max_value, "max_value", above)):
            if beyond:
                # vietnamese_field_messages() may have replaced the message by one naming the field.
                message = self.error_messages.get(code) or self.default_limit_messages[code]
                raise ValidationError(message % {"value": value, "limit_value": format_number(limit)}, code=code)
        return number

    def prepare_value(self, value):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            decimals = max(0, -value.as_tuple().exponent) if isinstance(value, Decimal) else 0
            return format_number(value, decimals)
        return value


class MoneyField(NumberField):
    """An amount in whole đồng: "1.500.000", "1500000", "1.500.000 đ"."""

    def __init__(self, **kwargs):
        super().__init__(whole=True, **kwargs)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a chosen value that is no row id ("99999999999999999999", "-1") as an
    invalid choice before any query: Django looks the ids up with `pk__in`, which SQLite cannot bind
    beyond 64 bits (a 500). Every form picking several rows by id uses this one."""

    def clean(self, value):
        if self.to_field_name is None and isinstance(value, list | tuple):
            for pk in value:
                if isinstance(pk, str) and pk and not is_row_id(pk):
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super().clean(value)


#: What a typed date may look like: dd/mm/yyyy first (shown that way too), then the ISO form older
#: links and browsers send. Whatever the page's language: English pages must not read 05/06 as May 6.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A date typed and shown as dd/mm/yyyy. A text input, not `type="date"`: the browser's date
    picker follows the browser's locale (mm/dd/yyyy on an English Chrome), the rest of the pages
    dd/mm/yyyy. The pattern lets the browser point at a malformed date before posting; the server
    reads it with DATE_INPUT_FORMATS (core.formats, and DateField below)."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
            "autocomplete": "off",
            **(attrs or {}),
        }
        attrs.pop("type", None)
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date field reading dd/mm/yyyy whatever the active language, with DateInput."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS


#: Model number fields that are not amounts or counts: years, months, days, ordinals, versions.
#: They keep Django's integer field (and the browser's number input where a template draws one).
NOT_AMOUNTS = frozenset(
    {"year", "start_year", "version", "page", "report_due_month", "report_due_day", "due_month", "due_day", "number"}
)


def number_field_for(model_field, form_field):
    """The core NumberField/MoneyField replacing Django's IntegerField/DecimalField/FloatField of
    `model_field`, with its label, help, required flag, initial value and bounds; MoneyField for
    whole đồng (a big integer whose label says "đồng")."""
    # Django's DecimalField and FloatField are IntegerField subclasses.
    whole = not isinstance(form_field, forms.DecimalField | forms.FloatField)
    money = whole and "đồng" in str(getattr(model_field, "verbose_name", ""))
    kwargs = {
        "label": form_field.label,
        "required": form_field.required,
        "help_text": form_field.help_text,
        "initial": form_field.initial,
        "disabled": form_field.disabled,
        "min_value": getattr(form_field, "min_value", None),
        "max_value": getattr(form_field, "max_value", None),
        # max_digits/decimal_places of a DecimalField still checked on the form.
        "validators": [v for v in form_field.validators if isinstance(v, DecimalValidator)],
    }
    return MoneyField(**kwargs) if money else NumberField(whole=whole, **kwargs)


class NumberModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Every model form's amounts and counts read the Vietnamese way: the number fields Django
    derives from the model (not those a form declares) become core NumberField/MoneyField,
    except NOT_AMOUNTS; model date fields read dd/mm/yyyy (DATE_INPUT_FORMATS)."""

    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        model = getattr(new_class._meta, "model", None)
        if model is None:
            return new_class
        for field_name, field in list(new_class.base_fields.items()):
            if field_name in new_class.declared_fields:
                continue
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.input_formats = DATE_INPUT_FORMATS
                if not isinstance(field.widget, DateInput) and type(field.widget) is forms.DateInput:
                    field.widget = DateInput()
            numeric = isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
            if numeric and field_name not in NOT_AMOUNTS:
                new_class.base_fields[field_name] = number_field_for(model._meta.get_field(field_name), field)
        return new_class


class ModelForm(forms.ModelForm, metaclass=NumberModelFormMetaclass):
    """The project's model form: Django's, with NumberModelFormMetaclass."""


def style_widgets(form) -> None:
    """Bootstrap classes on every widget (unless the form set one), so templates render `{{ field }}`."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


def mark_invalid_fields(form) -> None:
    """After validation, the fields in error say so to the browser: `aria-invalid`, the Bootstrap
    `is-invalid` class, `aria-describedby` pointing at the message (templates give it the id
    "<field id>-error"), and `autofocus` on the first one, so the page opens scrolled to it
    (a long form's error is not left far below the top of the page)."""
    focused = False
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    for name, field in form.fields.items():
        if name not in form.errors:
            continue
        widget = field.widget
        css = widget.attrs.get("class", "")
        widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}-error"})
        if "is-invalid" not in css.split():
            widget.attrs["class"] = f"{css} is-invalid".strip()
        if not focused and not widget.is_hidden:
            widget.attrs["autofocus"] = True
            focused = True


class ErrorFocusMixin:
    """mark_invalid_fields() after every validation of this form."""

    def full_clean(self):
        super().full_clean()
        mark_invalid_fields(self)

    def add_error(self, field, error):
        super().add_error(field, error)
        if getattr(self, "cleaned_data", None) is not None and hasattr(self, "_errors"):
            mark_invalid_fields(self)


class StyledFormMixin(ErrorFocusMixin):
    """style_widgets() for every form of this class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


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
        if isinstance(field, NumberField):
            field.named = label
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = _("— Chọn —")
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
            field.choices = [("", _("— Chọn —")), *field.choices[1:]]
    style_widgets(form)
    for field in form.fields.values():
        for validator in getattr(field, "validators", []):
            if getattr(validator, "code", "") in ("min_value", "max_value"):
                validator.message = field.error_messages[validator.code]


class ServiceFormMixin(ErrorFocusMixin):
    """The page side of the one error path (core.errors): a service's ValidationError goes on the
    field it names, or above the form (with the field's label) when the form has no such field.

    `service_fields` maps a model field named by the service to the form field that shows it
    (a target's value_min and value_max are both typed in "value")."""

    service_fields: dict[str, str] = {}

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for name, messages in error.error_dict.items():
            target = self.service_fields.get(name, name)
            target = target if target in self.fields else None
            for message in messages:
                text = " ".join(message.messages)
                if target is None and name not in ("__all__", None):
                    label = self._model_label(name)
                    text = f"{label}: {text}" if label else text
                self.add_error(target, text)

    def _model_label(self, name) -> str:
        model = getattr(getattr(self, "_meta", None), "model", None)
        try:
            return str(model._meta.get_field(name).verbose_name).capitalize()
        except Exception:  # noqa: BLE001 - an unknown name just gets no label
            return ""


class ServiceModelForm(ServiceFormMixin, ModelForm):
    """A model form whose instance the service validates: the form only parses what was typed and
    fills the instance; model validation (codes, uniqueness, constraints, dates) runs once, in the
    service, so that pages, API and imports give the same messages, shown by add_service_error.

    Django has no public switch for "fill the instance but do not full_clean it", so this is the
    one place that overrides ModelForm._post_clean."""

    def _post_clean(self):
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as error:
            self._update_errors(error)


#: An edit posted without the version its page showed (a page saved before versions, a hand-made
#: request) would overwrite whatever was saved meanwhile: it is refused, as the API refuses it
#: (core.errors.VersionRequiredError), with what to do.
VERSION_MISSING = gettext_lazy(
    "Chưa lưu: trang sửa không gửi kèm phiên bản của bản ghi nên không kiểm tra được có ai vừa sửa nó hay "
    "không. Hãy tải lại trang rồi sửa lại."
)


class VersionFormMixin(forms.Form):
    """The hidden `version` (the same name as in the API) the editor started from, so a concurrent
    edit is refused (core.errors.StaleVersionError); an edit without it is refused too
    (VERSION_MISSING). Mix into a model form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") is None and "version" not in self.errors:
            self.add_error(None, VERSION_MISSING)
        return cleaned

    @property
    def expected_version(self) -> int | None:
        """The version to pass to the service: None for a new record."""
        return self.cleaned_data.get("version") if self.instance.pk else None


def posted_version(data) -> int:
    """The `version` a page without a Form class (the assessment sheet) posted; ValidationError if
    it is missing (VERSION_MISSING) or not a whole number."""
    version = forms.IntegerField(required=False, min_value=0).clean(data.get("version"))
    if version is None:
        raise ValidationError(VERSION_MISSING, code="version_missing")
    return version


class VersionedForm(VersionFormMixin, ServiceModelForm):
    """A service-validated model form carrying `version`."""

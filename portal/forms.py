"""Query and bulk-action forms of the signed-in pages (portal.work, portal.queue)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import is_row_id
from geo.models import AdminUnit
from portal.queue import BULK_KINDS, KIND_LABELS
from registry.models import Field, OrganizationKind


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại việc"),
        required=False,
        choices=[("", _("Tất cả"))] + list(KIND_LABELS.items()),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class BulkApproveForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind, KIND_LABELS[kind]) for kind in BULK_KINDS])
    ids = forms.TypedMultipleChoiceField(coerce=int, error_messages={"required": _("Hãy chọn ít nhất một mục.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; portal.queue.approve_many refuses those outside the user's queue.
        # What is no row id ("abc", a 20-digit number) is not a choice: refused before any query.
        self.fields["ids"].choices = [(value, value) for value in self.data.getlist("ids") if is_row_id(value)]


class OpenDataFilterForm(forms.Form):
    """Query parameters of the open-data page and its downloads (core.query): kind, field,
    province (its code) and a search text. Cleaned values are what `published_organizations` takes."""

    q = forms.CharField(label=_("Tên hoặc mã số"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Loại hình"), required=False, choices=[("", "—"), *OrganizationKind.choices])
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False, choices=[("", "—"), *Field.choices])
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), required=False, queryset=AdminUnit.objects.current().provinces(), to_field_name="code"
    )

    def clean_province(self) -> str:
        province = self.cleaned_data.get("province")
        return province.code if province else ""

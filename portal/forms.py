"""Query and bulk-action forms of the signed-in pages (portal.work, portal.queue)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.queue import BULK_KINDS, KIND_LABELS


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
        self.fields["ids"].choices = [(value, value) for value in self.data.getlist("ids") if value.isdigit()]

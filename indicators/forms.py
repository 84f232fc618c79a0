from django import forms
from django.utils.translation import gettext_lazy as _

from geo.models import AdminUnit


class ManualValueForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Địa bàn"), queryset=AdminUnit.objects.none())
    value = forms.CharField(label=_("Giá trị"), max_length=30, help_text=_("Ví dụ: 1.234,5"))
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdminUnit.objects.none()

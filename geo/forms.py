"""Query parameters of the geography pages (core.query): the directory's search and province, and
the picker search's level, code set, province and scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import nfc
from geo.models import AdminUnit, Edition, Level


class SearchText(forms.CharField):
    """A name to look for, in NFC (what the database holds)."""

    def __init__(self, **kwargs):
        super().__init__(label=_("Tìm kiếm"), required=False, max_length=100, **kwargs)

    def clean(self, value):
        return nfc(super().clean(value))


class UnitListForm(forms.Form):
    q = SearchText()
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        required=False,
        queryset=AdminUnit.objects.current().provinces(),
        to_field_name="code",
    )


class UnitSearchForm(forms.Form):
    q = SearchText()
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=Level.choices)
    edition = forms.ChoiceField(label=_("Bộ mã"), required=False, choices=Edition.choices)
    # Any edition: a legacy picker narrows to a former province.
    province = forms.ModelChoiceField(label=_("Tỉnh, thành phố"), required=False, queryset=AdminUnit.objects.provinces())
    scope = forms.ChoiceField(label=_("Phạm vi"), required=False, choices=[("mine", _("Địa bàn của tôi"))])

    def clean_level(self) -> str:
        return self.cleaned_data.get("level") or Level.COMMUNE

    def clean_edition(self) -> str:
        return self.cleaned_data.get("edition") or Edition.CURRENT

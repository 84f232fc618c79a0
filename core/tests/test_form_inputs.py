"""Every form of the project reads amounts and counts the Vietnamese way (core.forms NumberField /
MoneyField) and dates as dd/mm/yyyy, whatever the page's language."""

import datetime as dt
import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from core.forms import DateInput, ModelMultipleChoiceField, NumberField
from registry.forms import AnnualReportForm, MemberForm
from support.forms import LoanForm, RepaymentForm

#: Number fields that are not amounts or counts, by name: years, months, days of a deadline,
#: ordinal numbers, the hidden version, the page of a list, a row of a file, and an id picked from a list
#: (agency).
ALLOWED = {
    "agency",
    "year",
    "start_year",
    "confirm_year",
    "version",
    "page",
    "report_due_month",
    "report_due_day",
    "due_month",
    "due_day",
    "number",
    "row",
}


def _project_forms() -> list[type[forms.BaseForm]]:
    base = Path(settings.BASE_DIR).resolve()
    for app in apps.get_app_configs():
        if not Path(app.path).resolve().is_relative_to(base):
            continue
        for module in pkgutil.walk_packages([app.path], f"{app.name}."):
            if any(part in module.name.split(".") for part in ("tests", "migrations", "management")):
                continue
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if not subclass.__module__.startswith("django"):
                found.append(subclass)
    return found


def test_every_number_field_of_every_form_reads_vietnamese_numbers():
    classes = _project_forms()
    names = {cls.__name__ for cls in classes}
    # The walk reached the forms the issue names (registry, support, programs, indicators).
    assert {"AnnualReportForm", "OrganizationForm", "MemberForm", "SupportRecordForm", "LoanForm", "ReportForm"} <= names
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField) and name not in ALLOWED
    ]
    assert plain == []


def test_money_and_counts_accept_separators_and_refuse_words():
    form = AnnualReportForm(data={"year": "2025", "revenue": "200.000.000", "members_official": "1.234", "version": ""})
    form.is_valid()
    assert form.cleaned_data["revenue"] == 200_000_000
    assert form.cleaned_data["members_official"] == 1234
    form = AnnualReportForm(data={"year": "2025", "revenue": "hai tỷ"})
    assert not form.is_valid()
    assert "không viết bằng chữ" in form.errors["revenue"][0]
    assert "hai tỷ" in form.errors["revenue"][0]


def test_a_counts_minimum_is_kept_and_named():
    form = AnnualReportForm(data={"year": "2025", "regular_workers": "-3"})
    assert not form.is_valid()
    assert "không được nhỏ hơn 0" in form.errors["regular_workers"][0]


def test_a_rate_takes_a_decimal_comma_and_money_shows_grouped():
    rate = LoanForm.base_fields["annual_rate"]
    assert isinstance(rate, NumberField)
    assert rate.clean("7,5") == Decimal("7.5")
    assert LoanForm.base_fields["term_months"].clean("1.200") == 1200
    member = MemberForm(initial={"capital_contribution": 796_000_000})
    assert 'value="796.000.000"' in str(member["capital_contribution"])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_typed_and_shown_day_first_in_every_language(language):
    with translation.override(language):
        form = RepaymentForm(data={"paid_on": "05/06/2026", "principal": "1.000.000"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["paid_on"] == dt.date(2026, 6, 5)
        shown = str(RepaymentForm(initial={"paid_on": dt.date(2026, 6, 5)})["paid_on"])
    assert 'value="05/06/2026"' in shown
    assert 'type="text"' in shown and 'placeholder="dd/mm/yyyy"' in shown


def test_model_date_fields_get_the_day_first_input():
    for cls in _project_forms():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                assert isinstance(field.widget, DateInput), f"{cls.__name__}.{name}"
                assert field.widget.input_type == "text"


def test_every_field_picking_several_rows_is_cores():
    """core.forms.ModelMultipleChoiceField refuses an id beyond the database's before the query."""
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _project_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, ModelMultipleChoiceField)
    ]
    assert plain == []


@pytest.mark.django_db
@pytest.mark.parametrize("wrong", ["99999999999999999999", "-1", "abc"])
def test_several_rows_picked_by_an_id_no_row_can_have_are_an_invalid_choice(wrong):
    # A 20-digit id reached `pk__in` and SQLite could not bind it: a 500 (the form attack found it).
    from accounts.models import Agency
    from accounts.tests.factories import AgencyFactory

    agency = AgencyFactory()
    field = ModelMultipleChoiceField(Agency.objects.all())
    assert list(field.clean([str(agency.pk)])) == [agency]
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(agency.pk), wrong])
    assert refused.value.code == "invalid_choice"

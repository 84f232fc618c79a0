"""Pages open on the latest year with reports and mark years whose reports are still coming in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.tests.factories import AnnualReportFactory
from registry.years import default_report_year, report_year_options

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)  # before the 15/12/2026 deadline of TT 09/2024: 2026 is still open


def test_the_default_is_the_latest_year_whose_deadline_has_passed(personas):
    AnnualReportFactory(organization=personas.organization, year=2024)
    AnnualReportFactory(organization=personas.organization, year=2025)
    AnnualReportFactory(organization=personas.organization, year=2026)
    assert default_report_year(personas.province_officer, today=TODAY) == 2025
    assert default_report_year(personas.province_officer, today=dt.date(2026, 12, 16)) == 2026


def test_without_a_closed_year_the_default_is_the_latest_with_reports_else_last_year(personas):
    assert default_report_year(personas.province_officer, today=TODAY) == 2025
    AnnualReportFactory(organization=personas.organization, year=2026)
    assert default_report_year(personas.province_officer, today=TODAY) == 2026


def test_an_open_year_says_how_many_reports_are_in(personas):
    AnnualReportFactory(organization=personas.organization, year=2026)
    AnnualReportFactory(organization=personas.organization, year=2025)
    options = {option.year: option for option in report_year_options(personas.province_officer, today=TODAY)}
    assert list(options)[:2] == [2026, 2025]
    # Two operating organizations in the province, one report in; the other province's is not counted.
    assert options[2026].label == "2026: 1/2 báo cáo"
    assert options[2025].label == "2025"
    commune = {option.year: option for option in report_year_options(personas.commune_officer, today=TODAY)}
    assert commune[2026].label == "2026: 1/1 báo cáo"


def test_the_public_sees_the_years_without_counts(personas):
    AnnualReportFactory(organization=personas.organization, year=2025)
    from django.contrib.auth.models import AnonymousUser

    options = report_year_options(AnonymousUser(), today=TODAY)
    assert [option.label for option in options[:2]] == ["2026", "2025"]
    assert default_report_year(AnonymousUser(), today=TODAY) == 2025


def test_plan_vs_actual_opens_on_the_default_year_and_marks_open_years(personas, client_for):
    last_year = timezone.localdate().year - 1  # its deadline has always passed
    AnnualReportFactory(organization=personas.organization, year=last_year)
    response = client_for(personas.province_officer).get(reverse("indicators:plan_actual"))
    assert response.context["year"] == last_year
    text = response.content.decode()
    assert f'<option value="{last_year}" selected>' in text
    for option in response.context["year_options"]:
        assert option.label in text
        assert ("báo cáo" in option.label) == option.is_open


def test_the_pivot_opens_on_the_default_year_with_the_year_picker(personas, client_for):
    last_year = timezone.localdate().year - 1
    AnnualReportFactory(organization=personas.organization, year=last_year)
    response = client_for(personas.province_officer).get(reverse("indicators:pivot"))
    assert response.status_code == 200
    assert response.context["year"] == last_year
    assert f'<option value="{last_year}" selected>' in response.content.decode()

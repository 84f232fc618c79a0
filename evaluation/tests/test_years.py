"""The year the evaluation pages open on, and the year picker's counts (evaluation.years)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.forms import default_year
from evaluation.models import YearResult
from evaluation.tests.helpers import accepted
from evaluation.years import assessment_year_options, default_assessment_year

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)  # before the 2026 sheets' deadline (15/12): 2026 is still open


def test_officers_open_on_the_latest_closed_year_with_data(personas):
    YearResult.objects.create(organization=personas.organization, year=2023, rating="tot")
    accepted(personas.organization, 2026, 80).__class__.objects.filter(year=2026).update(first_submitted_at=timezone.now())
    # 2026 has a submitted sheet but is still open: the page opens on 2023, whose figures are complete.
    assert default_assessment_year(personas.province_officer, today=TODAY) == 2023
    assert default_assessment_year(personas.leader, today=TODAY) == 2023
    # Nothing the reader may see: the year being assessed.
    assert default_assessment_year(personas.other_commune_officer, today=TODAY) == default_year()


def test_the_cooperative_keeps_the_year_its_sheet_is_due(personas):
    YearResult.objects.create(organization=personas.organization, year=2023, rating="tot")
    assert default_assessment_year(personas.cooperative, today=TODAY) == default_year()


def test_open_years_say_how_many_sheets_are_in(personas):
    accepted(personas.organization, 2026, 80).__class__.objects.filter(year=2026).update(first_submitted_at=timezone.now())
    options = {option.year: option for option in assessment_year_options(personas.province_officer, today=TODAY)}
    # Two operating cooperatives in the officer's province, one sheet sent.
    assert options[2026].label == "2026: 1/2 phiếu"
    assert options[2024].label == "2024" and not options[2024].is_open
    assert min(options) == 2020


def test_the_pages_open_on_that_year_and_show_the_counts(personas, client_for):
    YearResult.objects.create(organization=personas.organization, year=2023, rating="tot")
    client = client_for(personas.province_officer)
    for name in ("evaluation:home", "evaluation:results"):
        response = client.get(reverse(name))
        assert response.context["year"] == 2023, name
        assert '<option value="2023" selected>2023</option>' in response.content.decode()
    assert client.get(reverse("evaluation:home"), {"year": 2024}).context["year"] == 2024

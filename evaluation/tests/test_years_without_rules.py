"""Data the system accepts for a year no rule set covers (a report of 2019, before TT 01/2020 took
effect on 01/04/2020) is shown as "not classified", never raised to a page."""

import pytest
from django.urls import reverse

from evaluation.classification import unclassified
from evaluation.selectors import organization_years
from registry.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


def test_a_report_of_2019_is_shown_as_not_classified_for_want_of_rules(personas):
    AnnualReportFactory(organization=personas.organization, year=2019)
    (year,) = organization_years(personas.organization)
    assert year.size == unclassified(2019)
    assert (year.size.class_label, year.size.reason) == ("Chưa phân loại", "chưa có quy định áp dụng cho năm 2019")


@pytest.mark.parametrize("url_name", ["registry:organization_detail", "evaluation:organization"])
def test_the_representative_opens_their_own_pages_with_a_report_of_2019(personas, client_for, url_name):
    AnnualReportFactory(organization=personas.organization, year=2019)
    response = client_for(personas.cooperative).get(reverse(url_name, args=[personas.organization.pk]))
    assert response.status_code == 200
    assert "chưa có quy định áp dụng cho năm 2019" in response.content.decode()


def test_a_sheet_for_a_year_without_criteria_is_not_found_with_the_reason(personas, client_for):
    response = client_for(personas.cooperative).get(reverse("evaluation:assessment", args=[personas.organization.pk, 2019]))
    assert response.status_code == 404
    assert "chưa có quy định áp dụng cho năm 2019" in response.content.decode()

"""One definition per figure: what the dashboard shows says what it divides by, and colours follow direction."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.dashboard.figures import Figure
from indicators.models import Indicator


@pytest.mark.django_db
def test_every_indicator_on_the_dashboard_defines_its_numerator_denominator_and_scope(personas, client_for):
    response = client_for(personas.province_officer).get(reverse("home"))
    figures = response.context["figures"]
    targets = response.context["targets"]
    shown = {f.code for f in figures} | {item.target.indicator.code for item in targets}
    assert {"htx_total", "htx_dissolved"} <= shown
    for indicator in Indicator.objects.filter(code__in=shown):
        assert indicator.numerator and indicator.denominator and indicator.population, indicator.code
    page = response.content.decode()
    for f in figures:
        assert f"Tử số: {f.indicator.numerator}" in page  # on hover (title) and in the footnote


@pytest.mark.django_db
def test_every_indicator_of_the_catalogue_has_a_definition():
    missing = [i.code for i in Indicator.objects.all() if not (i.numerator and i.denominator and i.population)]
    assert missing == []


@pytest.mark.django_db
def test_the_three_good_fair_shares_have_different_names_and_denominators():
    shares = Indicator.objects.filter(code__in=["htx_good_fair_share", "htx_good_fair_share_rated", "ket_good_fair_share"])
    assert len({s.name for s in shares}) == 3 and len({s.denominator for s in shares}) == 3


def test_more_dissolutions_read_as_bad_and_more_cooperatives_as_good():
    dissolved = Figure("htx_dissolved", "Số HTX giải thể", 9, 5, "tổ chức", 2025, None, higher_is_better=False)
    founded = Figure("htx_new", "Số HTX thành lập mới", 9, 5, "tổ chức", 2025, None)
    assert (dissolved.trend, founded.trend) == ("bad", "good")
    assert Figure("htx_dissolved", "x", 3, 5, "", 2025, None, higher_is_better=False).trend == "good"
    assert Figure("htx_total", "x", Decimal(5), 5, "", 2025, None).trend == "flat"


@pytest.mark.django_db
def test_dissolutions_are_flagged_lower_is_better_in_the_catalogue():
    assert not Indicator.objects.get(code="htx_dissolved").higher_is_better
    assert Indicator.objects.get(code="htx_new").higher_is_better

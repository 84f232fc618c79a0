import pytest
from django.urls import reverse

from indicators.models import Indicator
from indicators.tests.fixtures import build


@pytest.fixture
def data(personas):
    return build(personas.geo)


def test_officers_get_the_dashboard_with_figures_linking_to_lists(personas, data, client_for):
    response = client_for(personas.province_officer).get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-figure="htx_total"' in body
    assert f"/to-chuc/?kind=htx&amp;province={personas.geo.province.pk}" in body
    assert "dashboard-charts" in body


def test_the_public_gets_only_published_indicators(personas, data, client_for):
    Indicator.objects.filter(code="htx_total").update(is_published=True)
    body = client_for(None).get(reverse("home")).content.decode()
    assert Indicator.objects.get(code="htx_total").name in body
    assert Indicator.objects.get(code="htx_members").name not in body


@pytest.mark.parametrize("persona", ["province_officer", "commune_officer", "leader", "admin"])
def test_pages_render_for_officers(personas, data, client_for, persona):
    client = client_for(getattr(personas, persona))
    for url in (
        reverse("indicators:plan_actual"),
        reverse("indicators:catalogue"),
        reverse("indicators:pivot") + "?indicator=htx_total&rows=kind",
        reverse("indicators:indicator_detail", args=["htx_total"]),
        reverse("indicators:indicator_detail", args=["trainings_held"]),
    ):
        assert client.get(url).status_code == 200, url

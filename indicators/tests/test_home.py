import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona", ["commune_officer", "cooperative", "alliance_officer"])
def test_home_renders_for_every_role(personas, client_for, persona):
    assert client_for(getattr(personas, persona)).get(reverse("home")).status_code == 200


def test_home_still_renders_when_the_catalogue_lacks_an_indicator_it_charts(personas, client_for):
    from indicators.models import Indicator

    Indicator.objects.filter(code__in=["htx_total", "htx_members"]).delete()
    response = client_for(personas.province_officer).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["map"]["points"] == []

import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona", ["commune_officer", "cooperative", "alliance_officer"])
def test_home_renders_for_every_role(personas, client_for, persona):
    assert client_for(getattr(personas, persona)).get(reverse("home")).status_code == 200

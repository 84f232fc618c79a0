"""Who sees which places and indicators, and who may publish or enter values (nothing changes when refused)."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, ManualValue
from indicators.tests.fixtures import build


@pytest.fixture
def data(personas):
    return build(personas.geo)


def values_url(code="htx_total", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("api-indicator-values", args=[code]) + ("?" + query if query else "")


def test_a_commune_officer_sees_their_commune_and_the_province_totals_only(personas, data, client_for):
    client = client_for(personas.commune_officer)
    geo = personas.geo
    assert client.get(values_url(scope=geo.commune_a.pk)).status_code == 200
    # 6 HTX of the fixture and the 2 of the personas in the city at the end of 2024
    assert client.get(values_url(scope=geo.province.pk, year=2024)).json()["cells"][0]["value"] == 8
    assert client.get(values_url(scope=geo.province.pk, rows="commune")).status_code == 400
    assert client.get(values_url(scope=geo.commune_b.pk)).status_code == 403
    assert client.get(values_url(scope=geo.other_province.pk)).status_code == 403
    assert client.get(reverse("home") + f"?scope={geo.commune_b.pk}").status_code == 403


def test_a_province_officer_sees_their_communes_but_not_another_province(personas, data, client_for):
    client = client_for(personas.province_officer)
    response = client.get(values_url(scope=personas.geo.province.pk, rows="commune", year=2024))
    assert response.status_code == 200
    cells = {cell["row"]: cell["value"] for cell in response.json()["cells"]}
    assert cells[str(personas.geo.commune_a.pk)] == 4 and cells[None] == 8
    assert client.get(values_url(scope=personas.geo.other_commune.pk)).status_code == 403
    assert client.get(values_url(scope="country", rows="province")).status_code == 200


def test_the_public_sees_only_published_indicators(personas, data, client_for):
    anonymous = client_for(None)
    assert anonymous.get(values_url(scope=personas.geo.province.pk)).status_code == 404
    assert anonymous.get(reverse("indicators:indicator_detail", args=["htx_total"])).status_code == 404
    Indicator.objects.filter(code="htx_total").update(is_published=True)
    assert anonymous.get(values_url(scope=personas.geo.province.pk)).status_code == 200
    listed = {item["code"] for item in anonymous.get(reverse("api-indicator-list")).json()["results"]}
    assert listed == {"htx_total"}
    assert client_for(personas.cooperative).get(values_url(code="htx_members")).status_code == 404


@pytest.mark.parametrize("persona", [None, "cooperative"])
def test_plan_actual_and_pivot_are_for_officers(personas, data, client_for, persona):
    client = client_for(getattr(personas, persona) if persona else None)
    for url in (reverse("indicators:pivot"), reverse("api-indicator-plan-actual")):
        assert client.get(url).status_code in (302, 403, 401), url
    assert client.get(reverse("indicators:plan_actual")).status_code in (302, 403)


@pytest.mark.parametrize("persona", ["commune_officer", "leader", "cooperative", "department_officer"])
def test_only_province_officers_publish(personas, data, client_for, persona):
    before = Indicator.history.count()
    response = client_for(getattr(personas, persona)).post(reverse("indicators:publish", args=["htx_total"]), {"published": "1"})
    assert response.status_code in (403, 404)
    indicator = Indicator.objects.get(code="htx_total")
    assert not indicator.is_published and Indicator.history.count() == before


def test_a_province_officer_publishes_with_history(personas, data, client_for):
    client_for(personas.province_officer).post(reverse("indicators:publish", args=["htx_total"]), {"published": "1"})
    indicator = Indicator.objects.get(code="htx_total")
    assert indicator.is_published and indicator.published_by == personas.province_officer
    assert indicator.history.first().history_user == personas.province_officer


def test_manual_values_are_entered_for_ones_own_place_only(personas, data, client_for):
    url = reverse("indicators:manual_value", args=["trainings_held"])
    geo = personas.geo
    refused = client_for(personas.commune_officer).post(
        url, {"year": 2024, "unit": geo.commune_b.pk, "value": "4", "source": "BC"}
    )
    assert refused.status_code == 403 and not ManualValue.objects.exists()
    client_for(personas.commune_officer).post(
        url, {"year": 2024, "unit": geo.commune_a.pk, "value": "4", "source": "Báo cáo 12/BC"}
    )
    client_for(personas.other_commune_officer).post(url, {"year": 2024, "unit": geo.commune_b.pk, "value": "1,5", "source": "BC"})
    assert ManualValue.objects.count() == 2
    response = client_for(personas.province_officer).get(values_url(code="trainings_held", year=2024, scope=geo.province.pk))
    assert response.json()["cells"][0]["value"] == 5.5


def test_bad_manual_values_name_the_field_and_write_nothing(personas, data, client_for):
    url = reverse("indicators:manual_value", args=["trainings_held"])
    response = client_for(personas.province_officer).post(
        url, {"year": 2024, "unit": personas.geo.commune_a.pk, "value": "nhiều", "source": "Báo cáo"}, follow=True
    )
    body = response.content.decode()
    assert "không phải là số" in body and not ManualValue.objects.exists()


@pytest.mark.parametrize(
    "persona",
    ["admin", "province_officer", "alliance_officer", "department_officer", "leader", "commune_officer", "cooperative", None],
)
def test_the_units_offered_for_manual_values_are_exactly_those_each_may_enter(personas, data, persona):
    """`enterable_units` (one query) says what `can_enter_values_for` says unit by unit, old units included."""
    from django.contrib.auth.models import AnonymousUser

    from geo.models import AdminUnit
    from indicators.permissions import can_enter_values_for, enterable_units

    user = getattr(personas, persona) if persona else AnonymousUser()
    units = AdminUnit.objects.all()
    expected = {unit.pk for unit in units.select_related("province") if can_enter_values_for(user, unit)}
    assert set(enterable_units(user, units).values_list("pk", flat=True)) == expected
    if persona == "commune_officer":
        assert expected == {personas.geo.commune_a.pk}
    if persona == "province_officer":
        assert personas.geo.province.pk in expected and personas.geo.other_province.pk not in expected


def test_the_units_for_manual_values_cost_the_same_queries_for_30_more_communes(personas, data, django_assert_num_queries):
    """Permission is one filter over the units, not one check per unit (a province has thousands; issue #19 §7)."""
    from geo.tests.factories import AdminUnitFactory
    from indicators.scope import Scope
    from indicators.selectors import manual_entry_units

    officer, city = personas.province_officer, personas.geo.province
    officer.has_role()  # the roles are read once per user, before counting
    with django_assert_num_queries(2):  # whether there is any, then the units
        few = list(manual_entry_units(user=officer, scope=Scope.of(city)))
    AdminUnitFactory.create_batch(30, province=city, parent=city)
    with django_assert_num_queries(2):
        many = list(manual_entry_units(user=officer, scope=Scope.of(city)))
    assert len(many) == len(few) + 30 and city in many
    assert personas.geo.other_province not in many and personas.geo.other_commune not in many


def test_every_role_check_of_indicators_is_in_its_permissions_module():
    """Views, APIs, selectors and services ask `indicators.permissions`; none reads a role itself."""
    import ast
    from pathlib import Path

    app = Path(__file__).resolve().parents[1]
    role_names = {"has_role", "is_admin", "is_superuser", "roles", "PROVINCE_READERS", "PROVINCE_WRITERS", "Role"}
    found = []
    for path in sorted(app.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(app).parts) or path.name == "permissions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
            if name in role_names:
                found.append(f"{path.relative_to(app)}:{node.lineno} {name}")
    assert found == []

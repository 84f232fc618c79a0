"""/api/v1/admin-units/ and /api/v1/unit-successions/: public, read-only, filterable."""

import pytest

from geo.models import AdminUnit, UnitSuccession

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/admin-units/"
SUCCESSIONS = "/api/v1/unit-successions/"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_anyone_may_list_units_and_filter_them(geo, client_for):
    client = client_for(None)
    response = client.get(UNITS, {"edition": "2025", "level": "commune", "province": geo.province.pk})
    assert response.status_code == 200
    assert ids(response) == {geo.commune_a.pk, geo.commune_b.pk, geo.commune_c.pk}
    assert ids(client.get(UNITS, {"edition": "legacy", "level": "commune", "q": "dien"})) == {
        geo.legacy_commune_a1.pk,
        geo.legacy_commune_a2.pk,
    }
    assert ids(client.get(UNITS, {"code": "20305"})) == {geo.commune_a.pk, geo.legacy_commune_a1.pk}
    assert ids(client.get(UNITS, {"province_code": "46", "level": "commune"})) == {geo.other_commune.pk}


def test_a_unit_shows_its_successors_and_predecessors(geo, client_for):
    client = client_for(None)
    old = client.get(f"{UNITS}{geo.legacy_commune_a1.pk}/").json()
    assert old["full_name"] == "Phường Điện Phước" and old["edition"] == "legacy" and old["valid_to"] == "2025-06-30"
    assert [(s["id"], s["is_primary"]) for s in old["successors"]] == [(geo.commune_a.pk, True)]
    new = client.get(f"{UNITS}{geo.commune_a.pk}/").json()
    assert {p["full_name"] for p in new["predecessors"]} == {"Phường Điện Phước", "Phường Điện An"}


def test_the_crosswalk_can_be_filtered_by_province_and_unit(geo, client_for):
    client = client_for(None)
    rows = client.get(SUCCESSIONS, {"new_unit": geo.commune_a.pk}).json()["results"]
    assert {r["old_unit"]["full_name"] for r in rows} == {"Phường Điện Phước", "Phường Điện An"}
    provinces = client.get(SUCCESSIONS, {"level": "province"}).json()["results"]
    assert [(r["old_unit"]["code"], r["new_unit"]["code"]) for r in provinces] == [("49", "48")]
    assert len(client.get(SUCCESSIONS, {"old_province": geo.legacy_province.pk}).json()["results"]) == 4


def test_nobody_can_write_through_the_api(personas, client_for):
    geo = personas.geo
    before = (list(AdminUnit.objects.values()), list(UnitSuccession.objects.values()))
    for user in (None, personas.commune_officer, personas.admin):
        client = client_for(user)
        assert client.post(UNITS, {"code": "1", "name": "x"}, content_type="application/json").status_code in (403, 405)
        assert client.delete(f"{UNITS}{geo.commune_a.pk}/").status_code in (403, 405)
        assert client.patch(
            f"{SUCCESSIONS}{UnitSuccession.objects.first().pk}/", {"is_primary": False}, content_type="application/json"
        ).status_code in (403, 405)
    assert (list(AdminUnit.objects.values()), list(UnitSuccession.objects.values())) == before


def test_the_schema_documents_the_filters(client_for, db):
    schema = client_for(None).get("/api/schema/", {"format": "json"}).json()
    params = {p["name"] for p in schema["paths"][UNITS]["get"]["parameters"]}
    assert {"edition", "level", "province", "province_code", "q", "code"} <= params
    assert {"old_unit", "new_unit", "level", "new_province"} <= {
        p["name"] for p in schema["paths"][SUCCESSIONS]["get"]["parameters"]
    }

"""The directory page and the picker search endpoint (public geography)."""

import pytest
from django.urls import reverse

from geo.models import AdminUnit, UnitSuccession

pytestmark = pytest.mark.django_db


def test_the_directory_lists_provinces_with_their_merged_predecessors(geo, client_for):
    response = client_for(None).get(reverse("geo:unit_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thành phố Đà Nẵng" in page and "Tỉnh Quảng Nam" in page and "Thành phố Huế" in page
    da_nang = next(p for p in response.context["provinces"] if p.pk == geo.province.pk)
    assert da_nang.commune_count == 3 and da_nang.legacy_provinces == [geo.legacy_province]


def test_a_province_page_shows_each_commune_and_where_it_came_from(geo, client_for):
    response = client_for(None).get(reverse("geo:unit_list"), {"province": "48"})
    assert response.status_code == 200
    communes = {c.full_name: c for c in response.context["communes"]}
    assert set(communes) == {"Phường Điện Bàn Đông", "Xã Duy Xuyên", "Phường Hải Châu"}
    assert {e.old_unit.full_name for e in communes["Phường Điện Bàn Đông"].predecessors} == {
        "Phường Điện Phước",
        "Phường Điện An",
    }
    assert "Phường Điện Phước (Thị xã Điện Bàn, Tỉnh Quảng Nam)" in response.content.decode()


def test_search_ignores_marks_and_finds_communes_by_their_former_name(geo, client_for):
    client = client_for(None)
    by_new_name = client.get(reverse("geo:unit_list"), {"q": "hai chau"})
    assert [c.full_name for c in by_new_name.context["communes"]] == ["Phường Hải Châu"]
    by_old_name = client.get(reverse("geo:unit_list"), {"q": "Điện Phước"})
    assert [c.full_name for c in by_old_name.context["communes"]] == ["Phường Điện Bàn Đông"]


def test_htmx_search_returns_only_the_results_fragment(geo, client_for):
    response = client_for(None).get(
        reverse("geo:unit_list"), {"q": "duy"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    page = response.content.decode()
    assert "Xã Duy Xuyên" in page and "<html" not in page


def test_an_unknown_province_is_a_400_naming_the_parameter(geo, client_for):
    response = client_for(None).get(reverse("geo:unit_list"), {"province": "99"})
    assert response.status_code == 400
    assert "Tỉnh, thành phố" in response.content.decode()


def test_a_search_text_longer_than_100_characters_is_a_400_naming_it(geo, client_for):
    response = client_for(None).get(reverse("geo:unit_list"), {"q": "a" * 101})
    assert response.status_code == 400
    assert "Tìm kiếm" in response.content.decode()


def test_the_picker_search_returns_current_communes_with_their_province(geo, client_for):
    response = client_for(None).get(reverse("geo:unit_search"), {"q": "hai chau"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": geo.commune_c.pk,
            "text": "Phường Hải Châu, Thành phố Đà Nẵng",
            "code": "20194",
            "name": "Hải Châu",
            "unit_type": "Phường",
            "edition": "2025",
            "level": "commune",
            "province_id": geo.province.pk,
        }
    ]


def test_the_picker_search_follows_the_crosswalk_for_former_names(geo, client_for):
    rows = client_for(None).get(reverse("geo:unit_search"), {"q": "dien an"}).json()["results"]
    assert [r["text"] for r in rows] == ["Phường Điện Bàn Đông, Thành phố Đà Nẵng (trước đây: Phường Điện An)"]


def test_the_picker_search_can_look_in_the_old_code_set_and_one_province(geo, client_for):
    client = client_for(None)
    legacy = client.get(reverse("geo:unit_search"), {"q": "dien", "edition": "legacy"}).json()["results"]
    assert {r["text"] for r in legacy} == {"Phường Điện Phước, Tỉnh Quảng Nam", "Phường Điện An, Tỉnh Quảng Nam"}
    in_hue = client.get(reverse("geo:unit_search"), {"q": "", "province": geo.other_province.pk}).json()["results"]
    assert [r["id"] for r in in_hue] == [geo.other_commune.pk]
    assert client.get(reverse("geo:unit_search"), {"q": "203"}).json()["results"][0]["code"].startswith("203")


def test_the_picker_search_rejects_bad_parameters(geo, client_for):
    client = client_for(None)
    assert client.get(reverse("geo:unit_search"), {"level": "xa"}).status_code == 400
    assert client.get(reverse("geo:unit_search"), {"province": "abc"}).status_code == 400
    wrong_scope = client.get(reverse("geo:unit_search"), {"scope": "all"})
    assert wrong_scope.status_code == 400
    assert "Phạm vi" in wrong_scope.json()["error"]
    assert "Bộ mã" in client.get(reverse("geo:unit_search"), {"edition": "1990"}).json()["error"]
    assert client.get(reverse("geo:unit_search"), {"province": "99999999"}).status_code == 400


def test_scope_mine_limits_the_picker_to_the_users_jurisdiction(personas, client_for):
    url = reverse("geo:unit_search")
    mine = client_for(personas.commune_officer).get(url, {"scope": "mine"}).json()["results"]
    assert [r["id"] for r in mine] == [personas.geo.commune_a.pk]
    province = client_for(personas.province_officer).get(url, {"scope": "mine"}).json()["results"]
    assert {r["id"] for r in province} == {personas.geo.commune_a.pk, personas.geo.commune_b.pk, personas.geo.commune_c.pk}
    assert client_for(None).get(url, {"scope": "mine"}).json()["results"] == []
    assert client_for(personas.cooperative).get(url, {"scope": "mine"}).json()["results"] == []


def test_the_pages_only_read(geo, client_for):
    before = (AdminUnit.objects.count(), UnitSuccession.objects.count())
    client = client_for(None)
    assert client.post(reverse("geo:unit_list"), {"q": "x"}).status_code == 405
    assert client.post(reverse("geo:unit_search"), {"q": "x"}).status_code == 405
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count()) == before

"""Managing targets from the indicators section: who may set, change and delete which targets
(nothing changes when refused), how values are checked, the history kept, and that a change shows
in the plan-versus-actual table."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, Target
from indicators.targets.forms import parse_target_value
from indicators.tests.fixtures import build


@pytest.fixture
def data(personas):
    return build(personas.geo)


def indicator(code) -> Indicator:
    return Indicator.objects.get(code=code)


def make_target(unit, code="htx_total", **values) -> Target:
    defaults = {"start_year": 2024, "year": 2026, "value_min": Decimal(10), "document": "KH 12/KH-UBND"}
    return Target.objects.create(
        indicator=indicator(code), scope_level="country" if unit is None else unit.level, scope_unit=unit, **defaults | values
    )


def form_data(scope, code="htx_total", **values) -> dict:
    return {
        "indicator": indicator(code).pk,
        "scope": scope,
        "start_year": 2024,
        "year": 2026,
        "value": "12",
        "accumulation": "level",
        "document": "KH 99/KH-UBND",
        "verification": "verified",
    } | values


def state() -> list:
    return list(Target.objects.order_by("pk").values_list("pk", "scope_unit", "value_min", "value_max", "document", "year"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35.000", (Decimal(35000), None)),
        ("200–250", (Decimal(200), Decimal(250))),
        ("200 - 250", (Decimal(200), Decimal(250))),
        ("2 đến 3", (Decimal(2), Decimal(3))),
        ("4,5", (Decimal("4.5"), None)),
        ("1.234,5", (Decimal("1234.5"), None)),
        ("-2", (Decimal(-2), None)),
    ],
)
def test_target_values_are_read_as_vietnamese_write_them(text, expected):
    assert parse_target_value(text) == expected


def test_everyone_who_sees_the_indicators_reads_the_targets(personas, data, client_for):
    target = make_target(personas.geo.commune_a)
    url = reverse("indicators:targets") + f"?scope={personas.geo.province.pk}"
    for user in (personas.province_officer, personas.commune_officer, personas.leader):
        body = client_for(user).get(url).content.decode()
        assert f'data-target="{target.pk}"' in body, user
    assert "muc-tieu/them" in client_for(personas.province_officer).get(url).content.decode()
    assert "muc-tieu/them" not in client_for(personas.commune_officer).get(url).content.decode()
    # The public sees targets of published indicators only.
    public = client_for(None).get(url).content.decode()
    assert f'data-target="{target.pk}"' not in public
    Indicator.objects.filter(code="htx_total").update(is_published=True)
    assert f'data-target="{target.pk}"' in client_for(None).get(url).content.decode()


def test_a_province_officer_sets_targets_for_the_province_and_its_communes(personas, data, client_for):
    client = client_for(personas.province_officer)
    for unit in (personas.geo.province, personas.geo.commune_b):
        response = client.post(reverse("indicators:target_create"), form_data(unit.pk, value="200–250"))
        assert response.status_code == 302, response.context["form"].errors
        target = Target.objects.get(scope_unit=unit)
        assert (target.scope_level, target.value_min, target.value_max) == (unit.level, 200, 250)
        record = target.history.get()
        assert record.history_user == personas.province_officer and record.history_type == "+"


@pytest.mark.parametrize(
    ("persona", "scope"),
    [
        ("province_officer", "country"),
        ("province_officer", "other_province"),
        ("province_officer", "other_commune"),
        ("commune_officer", "commune_a"),
        ("leader", "province"),
        ("department_officer", "province"),
        ("cooperative", "commune_a"),
    ],
)
def test_the_wrong_user_cannot_set_a_target_and_nothing_changes(personas, data, client_for, persona, scope):
    unit = None if scope == "country" else getattr(personas.geo, scope)
    before = state()
    response = client_for(getattr(personas, persona)).post(
        reverse("indicators:target_create"), form_data("country" if unit is None else unit.pk)
    )
    assert response.status_code in (200, 403)
    if response.status_code == 200:  # the place is not offered to this officer
        assert "scope" in response.context["form"].errors
    assert state() == before


def test_the_public_is_sent_to_log_in_and_nothing_changes(personas, data, client_for):
    target = make_target(personas.geo.province)
    before = state()
    client = client_for(None)
    for url, payload in (
        (reverse("indicators:target_create"), form_data(personas.geo.province.pk)),
        (reverse("indicators:target_update", args=[target.pk]), form_data(personas.geo.province.pk, value="99")),
        (reverse("indicators:target_delete", args=[target.pk]), {}),
    ):
        response = client.post(url, payload)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert state() == before


@pytest.mark.parametrize("persona", ["commune_officer", "other_commune_officer", "leader", "alliance_officer"])
@pytest.mark.parametrize("place", ["province", "commune_a", "national"])
def test_only_managers_change_or_delete_a_target(personas, data, client_for, persona, place):
    target = make_target(None if place == "national" else getattr(personas.geo, place))
    before = state()
    client = client_for(getattr(personas, persona))
    update = reverse("indicators:target_update", args=[target.pk])
    delete = reverse("indicators:target_delete", args=[target.pk])
    assert client.get(update).status_code == 403
    assert client.post(update, form_data(target.scope_unit_id or "country", value="999")).status_code == 403
    assert client.post(delete).status_code == 403
    assert state() == before


def test_a_province_officer_cannot_touch_national_or_other_provinces_targets(personas, data, client_for):
    national, elsewhere = make_target(None), make_target(personas.geo.other_commune)
    before = state()
    client = client_for(personas.province_officer)
    for target in (national, elsewhere):
        assert client.post(reverse("indicators:target_delete", args=[target.pk])).status_code == 403
        assert (
            client.post(reverse("indicators:target_update", args=[target.pk]), form_data(personas.geo.province.pk)).status_code
            == 403
        )
    # Nor move one of theirs out of the province.
    own = make_target(personas.geo.commune_a)
    before = state()
    response = client.post(reverse("indicators:target_update", args=[own.pk]), form_data(personas.geo.other_province.pk))
    assert response.status_code == 200 and "scope" in response.context["form"].errors
    assert state() == before


def test_an_admin_manages_national_targets(personas, data, client_for):
    client = client_for(personas.admin)
    response = client.post(reverse("indicators:target_create"), form_data("country", value="45.000"))
    assert response.status_code == 302
    target = Target.objects.get(scope_level="country", document="KH 99/KH-UBND")
    assert target.scope_unit is None and target.value_min == 45000
    assert client.post(reverse("indicators:target_delete", args=[target.pk])).status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    assert [record.history_type for record in Target.history.filter(id=target.pk).order_by("history_date")] == ["+", "-"]
    assert Target.history.filter(id=target.pk, history_type="-").get().history_user == personas.admin


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"value": "250–200"}, "value", "cận trên phải lớn hơn hoặc bằng cận dưới"),
        ({"value": "nhiều"}, "value", "hãy viết bằng chữ số"),
        ({"value": "5 – 3 – 1"}, "value", "không phải một số hay một khoảng"),
        ({"start_year": 2027, "year": 2026}, "start_year", "phải trước hoặc bằng năm mục tiêu"),
        ({"year": 1990, "start_year": 1990}, "year", "Năm phải từ 2000 đến 2100."),
        ({"document": "  "}, "document", "Ghi rõ văn bản giao chỉ tiêu"),
        ({"value": "12,5"}, "value", "giá trị phải là số nguyên không âm"),
        ({"indicator_code": "htx_good_fair_share", "value": "120"}, "value", "là tỷ lệ: giá trị phải từ 0 đến 100"),
        ({"accumulation": "cumulative"}, "accumulation", "không cộng dồn qua các năm"),
        ({"scope": "999999"}, "scope", "lựa chọn hợp lệ"),
    ],
)
def test_bad_targets_are_refused_with_a_message_and_nothing_changes(personas, data, client_for, values, field, message):
    code = values.pop("indicator_code", "htx_total")
    before = state()
    payload = form_data(personas.geo.province.pk, code=code) | values
    response = client_for(personas.province_officer).post(reverse("indicators:target_create"), payload)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors.get(field, [])), errors
    assert state() == before


def test_growth_targets_may_be_negative_and_flows_may_be_cumulative(personas, data, client_for):
    client = client_for(personas.province_officer)
    province = personas.geo.province.pk
    assert (
        client.post(reverse("indicators:target_create"), form_data(province, code="htx_revenue_growth", value="-2–5")).status_code
        == 302
    )
    cumulative = form_data(province, code="htx_new", value="200–250", accumulation="cumulative")
    assert client.post(reverse("indicators:target_create"), cumulative).status_code == 302
    again = client.post(reverse("indicators:target_create"), cumulative)
    assert "đã giao chỉ tiêu này" in " ".join(again.context["form"].errors["document"])


def test_an_edit_shows_in_the_plan_actual_table_and_its_history(personas, data, client_for):
    target = make_target(personas.geo.province, year=2026, value_min=Decimal(10))
    client = client_for(personas.province_officer)
    plan = reverse("indicators:plan_actual") + f"?scope={personas.geo.province.pk}&year=2026"
    (row,) = [item for item in client.get(plan).context["rows"] if item.target.pk == target.pk]
    old_percent = row.percent
    response = client.post(
        reverse("indicators:target_update", args=[target.pk]), form_data(personas.geo.province.pk, value="20–30")
    )
    assert response.status_code == 302
    (row,) = [item for item in client.get(plan).context["rows"] if item.target.pk == target.pk]
    assert row.target.value_label == "20–30" and row.percent == old_percent / 2
    page = client.get(reverse("indicators:target_update", args=[target.pk]))
    history = page.context["history"]
    assert history[0].who and "20" in " ".join(change.new for change in history[0].changes)
    assert "Lịch sử thay đổi" in page.content.decode()


# --- The same through the API ------------------------------------------------------------------

API = "/api/v1/indicators/targets/"


def api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def api_payload(unit, code="htx_total", **values) -> dict:
    return {
        "indicator": code,
        "scope_unit": None if unit is None else unit.pk,
        "start_year": 2024,
        "year": 2026,
        "value_min": "200",
        "value_max": "250",
        "accumulation": "level",
        "document": "KH 7/KH-UBND",
    } | values


def test_the_api_lists_targets_and_lets_a_province_officer_manage_theirs(personas, data):
    client = api(personas.province_officer)
    created = client.post(API, api_payload(personas.geo.commune_a), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["scope_level"] == "commune" and body["history"][0]["who"]
    listed = client.get(API, {"scope": personas.geo.province.pk}).json()
    assert body["id"] in [row["id"] for row in listed["results"]]
    changed = client.patch(f"{API}{body['id']}/", {"value_min": "210"}, format="json")
    assert changed.status_code == 200 and Target.objects.get(pk=body["id"]).value_min == 210
    assert client.delete(f"{API}{body['id']}/").status_code == 204
    assert not Target.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize("persona", [None, "commune_officer", "leader", "cooperative"])
def test_the_api_refuses_the_wrong_user_and_nothing_changes(personas, data, persona):
    target = make_target(personas.geo.province)
    before = state()
    client = api(getattr(personas, persona) if persona else None)
    expected = (401, 403)
    assert client.post(API, api_payload(personas.geo.province), format="json").status_code in expected
    assert client.patch(f"{API}{target.pk}/", {"value_min": "1"}, format="json").status_code in expected + (404,)
    assert client.delete(f"{API}{target.pk}/").status_code in expected + (404,)
    assert state() == before


def test_the_api_refuses_a_province_officer_outside_their_province_and_bad_values(personas, data):
    client = api(personas.province_officer)
    before = state()
    assert client.post(API, api_payload(None), format="json").status_code == 403
    assert client.post(API, api_payload(personas.geo.other_commune), format="json").status_code == 403
    reply = client.post(API, api_payload(personas.geo.province, value_min="250", value_max="200"), format="json")
    assert reply.status_code == 400 and "cận trên" in reply.json()["value_max"][0]
    reply = client.post(API, api_payload(personas.geo.province, document=""), format="json")
    assert reply.status_code == 400 and "document" in reply.json()
    assert state() == before

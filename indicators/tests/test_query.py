"""Query parameters of the indicator pages and their API twins go through one form per view
(indicators.forms): a wrong value is a 400 naming the parameter, a good one works, no year is the
documented default."""

import pytest
from django.urls import reverse

from indicators.tests.fixtures import build


@pytest.fixture
def data(personas):
    return build(personas.geo)


@pytest.mark.parametrize(
    ("route", "params", "named"),
    [
        ("home", {"year": "abc"}, "Năm"),
        ("home", {"year": "1999"}, "Năm"),
        ("home", {"scope": "tinh"}, "Địa bàn"),
        ("indicators:plan_actual", {"format": "pdf"}, "Định dạng"),
        ("indicators:pivot", {"indicator": "htx_total", "rows": "huyen"}, "Hàng"),
        ("indicators:pivot", {"indicator": "htx_total", "rows": "kind", "cols": "kind"}, "Hàng và cột"),
        ("indicators:pivot", {"indicator": "khong_co"}, "Chỉ tiêu"),
        ("indicators:pivot", {"indicator": "htx_total", "format": "pdf"}, "Định dạng"),
        ("indicators:targets", {"scope": "1.5"}, "Địa bàn"),
    ],
)
def test_a_wrong_parameter_of_an_indicator_page_is_a_400_naming_it(personas, data, client_for, route, params, named):
    response = client_for(personas.province_officer).get(reverse(route), params)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_good_parameters_of_the_indicator_pages_work_and_no_year_is_the_default(personas, data, client_for):
    client = client_for(personas.province_officer)
    scope = personas.geo.province.pk
    assert client.get(reverse("home"), {"year": 2024, "scope": scope}).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("indicators:targets"), {"scope": "country"}).status_code == 200
    response = client.get(reverse("indicators:plan_actual"), {"year": 2024, "format": "xlsx"})
    assert response["Content-Disposition"].endswith('ke-hoach-thuc-hien-2024.xlsx"')
    context = client.get(reverse("indicators:pivot"), {"indicator": "htx_total", "rows": "commune", "year": 2024}).context
    assert (context["year"], context["row_by"], context["error"]) == (2024, "commune", "")


def test_an_axis_the_place_cannot_give_is_said_on_the_pivot_page_and_refused_by_the_api(personas, data, client_for):
    client = client_for(personas.commune_officer)
    params = {"scope": personas.geo.province.pk, "rows": "commune", "year": 2024}
    page = client.get(reverse("indicators:pivot"), {"indicator": "htx_total", **params})
    assert page.status_code == 200
    assert "Không thể phân tổ" in page.context["error"]
    api = client.get(reverse("api-indicator-values", args=["htx_total"]), params)
    assert api.status_code == 400
    assert "Không thể phân tổ" in api.json()["rows"][0]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("values", {"year": "abc"}, "year"),
        ("values", {"rows": "huyen"}, "rows"),
        ("values", {"rows": "kind", "cols": "kind"}, "cols"),
        ("values", {"scope": "<b>"}, "scope"),
        ("plan", {"year": "2024.5"}, "year"),
        ("targets", {"scope": "-3"}, "scope"),
    ],
)
def test_a_wrong_parameter_of_the_indicator_api_is_a_400_with_the_field(personas, data, client_for, url, params, field):
    urls = {
        "values": reverse("api-indicator-values", args=["htx_total"]),
        "plan": reverse("api-indicator-plan-actual"),
        "targets": reverse("indicator-target-list"),
    }
    response = client_for(personas.province_officer).get(urls[url], params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_good_parameters_of_the_indicator_api_work(personas, data, client_for):
    client = client_for(personas.province_officer)
    values = client.get(reverse("api-indicator-values", args=["htx_total"]), {"year": 2024, "rows": "commune"}).json()
    assert (values["year"], values["rows"], values["cols"]) == (2024, "commune", None)
    assert client.get(reverse("api-indicator-plan-actual"), {"year": 2024, "scope": "country"}).json()["year"] == 2024
    assert client.get(reverse("indicator-target-list"), {"scope": personas.geo.province.pk}).status_code == 200

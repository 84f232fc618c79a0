"""Every figure links to the list of organizations behind it: following the link as the same user
gives a list whose total is the figure (a count) or the organizations the figure rests on (a sum,
an average, a share's numerator). The fixture has organizations dissolved, converted and suspended
at year boundaries (indicators.tests.fixtures)."""

import pytest
from django.urls import reverse

from indicators.computations.values import value_for
from indicators.models import Indicator, Unit
from indicators.scope import Scope
from registry.models import OrganizationKind, Status
from registry.tests.factories import OrganizationFactory

from .fixtures import D, build, event


@pytest.fixture
def data(personas):
    from evaluation.models import YearResult

    fixture = build(personas.geo)
    orgs = fixture.orgs
    for key, rating, size in (("a1_old", "tot", "nho"), ("a2_old", "kha", "sieu_nho"), ("b_new", "yeu", "nho")):
        YearResult.objects.create(organization=orgs[key], year=2024, rating=rating, size_class=size)
    YearResult.objects.create(organization=orgs["outside"], year=2024, rating="tot", size_class="nho")
    # A cooperative group dissolved on the first day of 2024 and one converted on its last day.
    tht = OrganizationFactory(
        name="THT giải thể", kind=OrganizationKind.COOPERATIVE_GROUP, commune=personas.geo.commune_b, founded_on=D(2020, 1, 1)
    )
    event(tht, Status.DISSOLVED, D(2024, 1, 1))
    return fixture


def listed(client, url) -> int:
    """How many organizations the list at `url` shows (its paginator's total)."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.context["filterset"].errors, (url, response.context["filterset"].errors)
    return response.context["page"].paginator.count


def behind(figure, scope) -> int:
    """What the list behind a figure must count: the figure itself for counts, the organizations
    it rests on otherwise (a share links to its numerator, the organizations rated tốt or khá)."""
    indicator = Indicator.objects.get(code=figure.code)
    if indicator.unit == Unit.ORGANIZATIONS:
        return figure.value or 0
    if indicator.computation == "rated_good_fair_share":
        return value_for(Indicator.objects.get(code="htx_good_fair"), year=figure.year, scope=scope)["value"]
    row = value_for(indicator, year=figure.year, scope=scope)
    return row["n"] if row else 0


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_dashboard_figure_links_to_a_list_of_the_organizations_it_counts(personas, data, client_for, year):
    client = client_for(personas.province_officer)
    context = client.get(reverse("home"), {"year": year}).context
    scope = Scope.of(personas.geo.province)
    figures = {figure.code: figure for figure in context["figures"]}
    assert {"htx_total", "htx_new", "htx_dissolved", "htx_members", "htx_avg_revenue"} <= set(figures)
    for figure in figures.values():
        assert figure.url, figure.code
        assert listed(client, figure.url) == behind(figure, scope), (figure.code, figure.url)


def test_the_boundary_cases_are_counted_and_listed_alike(personas, data, client_for):
    client = client_for(personas.province_officer)
    figures = {figure.code: figure for figure in client.get(reverse("home"), {"year": 2024}).context["figures"]}
    # Founded on 31/12/2024; dissolved on 31/12/2024 (gone at year-end); dissolved on 1/1/2025 (still there).
    assert figures["htx_new"].value == 1 and listed(client, figures["htx_new"].url) == 1
    assert figures["htx_dissolved"].value == 1
    names = [org.name for org in client.get(figures["htx_dissolved"].url).context["page"].object_list]
    assert names == ["HTX giải thể 31/12"]
    assert "HTX giải thể 1/1" in str(client.get(figures["htx_total"].url).context["page"].object_list)


def test_chart_points_link_to_their_year_and_series(personas, data, client_for):
    client = client_for(personas.province_officer)
    context = client.get(reverse("home"), {"year": 2025}).context
    charts = context["charts"]
    years = charts["years"]
    for series, values in charts["counts"].items():
        for index in (years.index(2023), years.index(2024), years.index(2025)):
            assert listed(client, charts["links"]["counts"][series][index]) == values[index], (series, years[index])
    members_2024 = charts["links"]["members"][str(OrganizationKind.COOPERATIVE.label)][years.index(2024)]
    assert listed(client, members_2024) == 2  # the two cooperatives of the city that reported for 2024
    for label, values in charts["ratings"].items():
        assert listed(client, charts["links"]["ratings"][label][years.index(2024)]) == values[years.index(2024)], label
    for item in charts["by_field"]:
        assert listed(client, item["url"]) == item["value"], item["label"]
    for point in context["map"]["points"]:
        assert listed(client, point["url"]) == point["value"][2], point["name"]


@pytest.mark.parametrize(
    ("indicator", "rows", "cols"),
    [
        ("htx_total", "commune", "field"),
        ("htx_total", "year", None),
        ("htx_dissolved", "year", None),
        ("htx_new", "commune", None),
        ("htx_suspended", "year", None),
        ("htx_operating", "commune", "field"),
        ("tht_dissolved", "commune", None),
        ("htx_good_fair", "size_class", "commune"),
        ("htx_size_small", "commune", None),
    ],
)
def test_every_pivot_cell_links_to_the_organizations_it_counts(personas, data, client_for, indicator, rows, cols):
    client = client_for(personas.province_officer)
    params = {"indicator": indicator, "rows": rows, "year": 2024, **({"cols": cols} if cols else {})}
    context = client.get(reverse("indicators:pivot"), params).context
    assert not context["error"]
    checked = 0
    for row in context["grid"][1]:
        for cell in row[1:]:
            assert cell.url, (row[0], cell)
            assert listed(client, cell.url) == int(cell.replace(".", "") if cell else 0), (row[0], cell.url)
            checked += 1
    assert checked > 1


def test_averages_link_to_the_reporting_organizations(personas, data, client_for):
    client = client_for(personas.province_officer)
    context = client.get(reverse("indicators:pivot"), {"indicator": "htx_avg_revenue", "rows": "commune", "year": 2024}).context
    (commune_a_row,) = [row for row in context["grid"][1] if row[0] == personas.geo.commune_a.full_name]
    assert commune_a_row[1] == "2.000,0"
    assert listed(client, commune_a_row[1].url) == 2


def test_the_indicator_page_links_each_year_to_its_list(personas, data, client_for):
    client = client_for(personas.province_officer)
    context = client.get(reverse("indicators:indicator_detail", args=["htx_total"]), {"year": 2025}).context
    for row in context["grid"][1]:
        assert listed(client, row[1].url) == int(row[1]), row[0]


def test_a_commune_officer_following_a_province_figure_sees_only_their_commune(personas, data, client_for):
    client = client_for(personas.commune_officer)
    province = personas.geo.province
    context = client.get(reverse("home"), {"year": 2024, "scope": province.pk}).context
    figure = next(figure for figure in context["figures"] if figure.code == "htx_total")
    assert f"province={province.pk}" in figure.url
    in_commune = value_for(Indicator.objects.get(code="htx_total"), year=2024, scope=Scope.of(personas.geo.commune_a))
    assert listed(client, figure.url) == in_commune["value"] < figure.value
    organizations = client.get(figure.url).context["page"].object_list
    assert {org.commune_id for org in organizations} == {personas.geo.commune_a.pk}


def test_the_public_gets_no_cell_links(personas, data, client_for):
    Indicator.objects.filter(code="htx_total").update(is_published=True)
    context = client_for(None).get(reverse("indicators:indicator_detail", args=["htx_total"]), {"year": 2024}).context
    assert not any(getattr(cell, "url", None) for row in context["grid"][1] for cell in row[1:])


def test_growth_links_to_the_list_of_the_indicator_it_grows_from(personas, data):
    from indicators.links import indicator_list_url

    scope = Scope.of(personas.geo.province)
    growth = indicator_list_url(Indicator.objects.get(code="htx_total_growth"), scope=scope, year=2024)
    assert growth == indicator_list_url(Indicator.objects.get(code="htx_total"), scope=scope, year=2024)
    assert indicator_list_url(Indicator.objects.get(code="trainings_held"), scope=scope, year=2024) is None


def test_figures_of_a_pre_2025_area_link_to_the_organizations_of_its_successor_communes(personas, data, client_for):
    client = client_for(personas.province_officer)
    old_commune = personas.geo.legacy_commune_b  # Duy Thành, now part of commune B
    context = client.get(reverse("home"), {"year": 2024, "scope": old_commune.pk}).context
    figure = next(figure for figure in context["figures"] if figure.code == "htx_total")
    assert f"former_area={old_commune.pk}" in figure.url
    in_province = value_for(Indicator.objects.get(code="htx_total"), year=2024, scope=Scope.of(personas.geo.province))
    assert 0 < listed(client, figure.url) == figure.value < in_province["value"]
    organizations = client.get(figure.url).context["page"].object_list
    assert {org.commune_id for org in organizations} == {personas.geo.commune_b.pk}

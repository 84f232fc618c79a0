from decimal import Decimal

import pytest

from indicators.computations.values import compute, value_for
from indicators.models import Indicator
from indicators.scope import Scope
from indicators.tests.fixtures import build


@pytest.fixture
def data(geo):
    return build(geo)


def total(code, year, scope, **kwargs):
    row = value_for(Indicator.objects.get(code=code), year=year, scope=scope)
    return None if row is None else row["value"]


def by(code, year, scope, breakdown):
    rows = compute(Indicator.objects.get(code=code), years=[year], scope=scope, breakdowns=[breakdown])
    return {row[breakdown]: row["value"] for row in rows if row["value"]}


def test_counts_at_year_end_follow_dissolutions_on_either_side_of_new_year(data):
    city = Scope.of(data.geo.province)
    assert total("htx_total", 2024, city) == 6  # dissolved on 31/12/2024 is gone, on 1/1/2025 still there
    assert total("htx_total", 2023, city) == 6
    assert total("htx_total", 2022, city) == 7  # converted in 2023 still counted at the end of 2022
    assert total("htx_total", 2025, city) == 6  # founded_2025 in, dissolved_next_day out
    assert total("tht_total", 2024, city) == 1


def test_founded_dissolved_and_converted_are_counted_in_their_year(data):
    city = Scope.of(data.geo.province)
    assert total("htx_new", 2024, city) == 1
    assert total("htx_new", 2025, city) == 1
    assert total("htx_dissolved", 2024, city) == 1
    assert total("htx_dissolved", 2025, city) == 1
    assert total("htx_converted", 2023, city) == 1
    assert total("htx_converted", 2024, city) == 0


def test_operating_and_suspended_on_a_date_come_from_the_latest_event(data):
    city = Scope.of(data.geo.province)
    # suspended_short's suspension ended on 30/06/2024: operating again at year end.
    assert total("htx_operating", 2024, city) == 5
    assert total("htx_suspended", 2024, city) == 1
    assert total("htx_suspended", 2023, city) == 0


def test_records_on_pre_2025_communes_roll_into_the_merged_commune(data):
    city = Scope.of(data.geo.province)
    assert by("htx_total", 2024, city, "commune") == {data.geo.commune_a.pk: 3, data.geo.commune_b.pk: 3}
    assert total("htx_total", 2024, Scope.of(data.geo.commune_a)) == 3
    # The old province's plan is measured on the communes that succeeded it.
    assert total("htx_total", 2024, Scope.of(data.geo.legacy_province)) == 6
    assert total("htx_total", 2024, Scope.of(data.geo.legacy_commune_a1)) == 3


def test_country_scope_and_province_breakdown_include_other_provinces(data):
    country = Scope.country()
    assert total("htx_total", 2024, country) == 7
    assert by("htx_total", 2024, country, "province") == {data.geo.province.pk: 6, data.geo.other_province.pk: 1}


def test_annual_report_figures(data):
    city = Scope.of(data.geo.province)
    assert total("htx_members", 2024, city) == 150
    assert total("htx_avg_revenue", 2024, city) == Decimal(2000)
    assert total("htx_member_revenue_share", 2024, city) == Decimal("37.5")
    assert total("htx_avg_profit", 2024, city) == Decimal(80)
    assert total("htx_avg_worker_income", 2024, city) == Decimal(4_500_000)
    assert total("htx_revenue_growth", 2024, city) == Decimal(25)
    assert by("htx_members", 2024, city, "field") == {"nong_nghiep": 110, "thuong_mai": 40}
    assert total("htx_members", 2022, city) is None


def test_growth_of_counts_year_on_year(data):
    city = Scope.of(data.geo.province)
    assert total("htx_total_growth", 2023, city) == (Decimal(6) / Decimal(7) - 1) * 100


def test_figures_of_one_page_share_their_queries_and_agree(data, django_assert_max_num_queries):
    from indicators.computations.common import computing

    city = Scope.of(data.geo.province)
    with computing():
        total("htx_total", 2024, city)
        total("htx_members", 2024, city)
        with django_assert_max_num_queries(2):  # indicator lookups only: the grouped queries are shared
            assert total("tht_total", 2024, city) == 1
            assert total("htx_avg_revenue", 2024, city) == Decimal(2000)


def test_ratings_and_size_classes_come_from_evaluation_results(data):
    from evaluation.models import YearResult

    orgs = data.orgs
    for key, rating, size in (
        ("a1_old", "tot", "nho"),
        ("a2_old", "kha", "sieu_nho"),
        ("b_new", "yeu", "nho"),
        ("outside", "tot", "vua"),
    ):
        YearResult.objects.create(organization=orgs[key], year=2024, rating=rating, size_class=size)
    YearResult.objects.create(organization=orgs["suspended_long"], year=2024, rating="", size_class="nho")  # not rated
    city = Scope.of(data.geo.province)
    assert total("htx_good_fair", 2024, city) == 2
    assert total("htx_good_fair_share", 2024, city) == Decimal(200) / 3
    assert total("htx_size_small", 2024, city) == 3
    assert total("htx_size_medium", 2024, city) == 0
    assert by("htx_good_fair", 2024, city, "commune") == {data.geo.commune_a.pk: 2}
    rows = compute(Indicator.objects.get(code="htx_good_fair_share"), years=[2024], scope=city, breakdowns=["size_class"])
    assert {row["size_class"]: row["value"] for row in rows} == {"nho": 50, "sieu_nho": 100}


@pytest.mark.parametrize("legacy", ["legacy_province", "legacy_district", "legacy_commune_b"])
def test_an_old_area_on_its_province_page_counts_what_it_counts_alone(data, legacy):
    """On a province's page the old areas merged into it are taken out of the province's groups
    (no second query); the figures are those the old area gives computed on its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.computations.common import computing
    from indicators.computations.registry import prefetch

    old = Scope.of(getattr(data.geo, legacy))
    codes = ("htx_total", "htx_new", "htx_dissolved", "tht_total")
    alone = {code: compute(Indicator.objects.get(code=code), years=range(2020, 2026), scope=old) for code in codes}
    with computing():
        prefetch(scope=Scope.of(data.geo.province), breakdowns=["field", "commune"])
        with CaptureQueriesContext(connection) as queries:
            on_page = {code: compute(Indicator.objects.get(code=code), years=range(2020, 2026), scope=old) for code in codes}
    assert on_page == alone
    assert any(row["value"] for row in alone["htx_total"])
    assert not [q for q in queries.captured_queries if "first_event_on" in q["sql"]]  # no lifetimes query


def test_nq20_good_fair_share_is_over_every_collective_organization_not_htx_only(data):
    from evaluation.models import YearResult
    from indicators.models import Target

    orgs = data.orgs
    YearResult.objects.create(organization=orgs["a1_old"], year=2024, rating="tot")
    YearResult.objects.create(organization=orgs["a2_old"], year=2024, rating="kha")
    YearResult.objects.create(organization=orgs["b_new"], year=2024, rating="not_assessed")
    city = Scope.of(data.geo.province)
    every_kind = sum(total(code, 2024, city) for code in ("tht_total", "htx_total", "lhhtx_total"))
    assert total("tht_total", 2024, city) > 0  # the fixture has cooperative groups: the denominators differ
    assert total("ket_good_fair_share", 2024, city) == Decimal(200) / every_kind
    assert total("htx_good_fair_share_rated", 2024, city) == 100  # over the HTX given a band only
    assert total("htx_good_fair_share", 2024, city) == Decimal(200) / 3  # over the HTX with a result
    target = Target.objects.get(document="NQ 20-NQ/TW", value_min=60)
    assert target.indicator.code == "ket_good_fair_share" and target.verification == "secondary"
    assert "tổ chức kinh tế tập thể" in target.note
    assert not Target.objects.filter(document="NQ 20-NQ/TW", indicator__code="htx_good_fair_share").exists()

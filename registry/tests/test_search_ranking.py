"""Search ranks by relevance: exact and prefix matches of the diacritic-free name, then the code,
then partial matches; a sort the reader chooses still wins."""

import pytest

from registry.selectors import organization_list
from registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(personas):
    def make(name, code=None, **fields):
        extra = {"registration_code": code} if code else {}
        return OrganizationFactory(name=name, commune=personas.geo.commune_a, province=personas.geo.province, **extra, **fields)

    return make


def names(user, **params):
    return [o.name for o in organization_list(user=user, filters=params)]


def test_tam_an_lists_tam_an_before_tam_thanh_which_comes_first_alphabetically(personas, named):
    named("Hợp tác xã Nông nghiệp Tam Thành")
    named("Hợp tác xã Tam An")
    assert names(personas.province_officer, q="tam an") == ["Hợp tác xã Tam An", "Hợp tác xã Nông nghiệp Tam Thành"]
    assert names(personas.province_officer, q="tam an", sort="code")[0] == "Hợp tác xã Nông nghiệp Tam Thành"


def test_exact_then_prefix_then_code_then_whole_words_then_partial(personas, named):
    named("Hợp tác xã Nông nghiệp Tâm An Đông", code="4000123456")  # whole words inside the name
    named("Tâm An Phú")  # the name starts with the query
    named("Hợp tác xã Tâm An", code="4000999999")  # exact once the kind words are set aside
    named("Hợp tác xã Thủy sản Tam Thanh")  # every word somewhere ("an" in "thanh")
    assert names(personas.province_officer, q="Tâm An") == [
        "Hợp tác xã Tâm An",
        "Tâm An Phú",
        "Hợp tác xã Nông nghiệp Tâm An Đông",
        "Hợp tác xã Thủy sản Tam Thanh",
    ]


def test_a_code_match_comes_after_name_matches_and_before_partial_ones(personas, named):
    by_code = named("Hợp tác xã Dịch vụ Bình Minh", code="4001234567")
    named("4001 Hợp tác xã Sao Mai")  # a name that starts with the digits
    assert names(personas.province_officer, q="4001")[:2] == ["4001 Hợp tác xã Sao Mai", by_code.name]


def test_abbreviations_rank_like_the_words_they_stand_for(personas, named):
    named("Hợp tác xã Nông nghiệp Tam An")
    named("Hợp tác xã Tam An")
    assert names(personas.province_officer, q="htx tam an")[0] == "Hợp tác xã Tam An"


def test_a_sort_the_reader_chose_wins_over_relevance(personas, named):
    named("Tam Thành")
    named("Tam An")
    assert names(personas.province_officer, q="tam an", sort="-name") == ["Tam Thành", "Tam An"]
    assert names(personas.province_officer, q="tam an", sort="name") == ["Tam An", "Tam Thành"]


def test_the_api_ranks_the_same_way(personas, named, client_for):
    named("Hợp tác xã Nông nghiệp Tam Thành")
    named("Hợp tác xã Tam An")
    response = client_for(personas.province_officer).get("/api/v1/organizations/", {"q": "tam an"})
    assert [row["name"] for row in response.json()["results"]] == ["Hợp tác xã Tam An", "Hợp tác xã Nông nghiệp Tam Thành"]


@pytest.mark.parametrize("query", [",", " , ,"])
def test_a_query_of_separators_only_lists_by_name_without_ranking(personas, named, query):
    """The parameter fuzz found "," crashing the list (an empty condition to rank by)."""
    named("Hợp tác xã Tam An")
    assert isinstance(names(personas.province_officer, q=query), list)

"""Wrong query parameters never make a page fail (issue #13): every page that reads `request.GET`
gets wrong values for each of its parameters and answers without a 5xx, never echoing an HTML
fragment unescaped. The pages validate their parameters through a form (core.query), so most
wrong values get a 400 page naming the parameter.

Bounded: each value once with every parameter of a page at the same time, then each parameter
alone with three of the values (rotating, so every value meets every page), then hypothesis'
free text in the search boxes.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz_targets import HTML_FRAGMENT, TARGETS, WRONG_VALUES

PER_PARAMETER = 3

#: One worker builds the demo once and runs these tests one after another (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("site")


@pytest.fixture
def officer_client(demo_client):
    """The province officer: every page below is theirs (an administrator's lists offer every
    commune of the country, which makes each request slow without testing anything more)."""
    return demo_client("tinh")


@pytest.fixture
def urls(demo_site, db):
    """The URL of each target, with ids of demo rows the province officer may open."""
    from indicators.models import Indicator
    from programs.models import Program
    from registry.models import Organization
    from support.models import FundLoan

    ids = {
        "organization": Organization.objects.order_by("pk").first().pk,
        "program": Program.objects.order_by("pk").first().pk,
        "loan": FundLoan.objects.order_by("pk").first().pk,
        "indicator": Indicator.objects.order_by("code").first().code,
        "csv": "csv",
        "xlsx": "xlsx",
    }
    return {target.route: reverse(target.route, args=[ids[name] for name in target.args]) for target in TARGETS}


def failure(response) -> str:
    """Why `response` is wrong ('' if it is not)."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "text/html" in response.get("Content-Type", "") and HTML_FRAGMENT.encode() in body:
        return "the HTML fragment came back unescaped"
    return ""


def test_wrong_values_of_every_parameter_get_no_server_error(officer_client, urls):
    failures = []
    for target in TARGETS:
        url = urls[target.route]
        queries = [dict.fromkeys(target.params, value) for value in WRONG_VALUES]
        for index, name in enumerate(target.params):
            queries += [{name: WRONG_VALUES[(index + step) % len(WRONG_VALUES)]} for step in range(PER_PARAMETER)]
        for query in queries:
            problem = failure(officer_client.get(url, query))
            if problem:
                failures.append(f"{url} {query}: {problem}")
    assert failures == []


# The client and the demo are the same for every example: nothing a GET does needs resetting.
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=40))
def test_any_text_in_a_search_box_gets_an_answer(officer_client, urls, text):
    for route in ("registry:organization_list", "geo:unit_list", "geo:unit_search", "support:record_list"):
        assert failure(officer_client.get(urls[route], {"q": text})) == ""

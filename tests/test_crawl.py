"""Every role walks the demo site from `/` without a server error (issue #13).

Breadth-first over same-site links (`href`, `hx-get`) and redirects, in Vietnamese and in English,
sampling the detail pages of every list and opening each export link: no 5xx, no page with a raw
traceback, no template variable left unresolved (TEMPLATES' string_if_invalid is set to a marker).
"""

import copy

import pytest

from tests.conftest import ROLES
from tests.crawler import INVALID_MARKER, crawl

#: Requests per role and language; the site has fewer pages than this for the cooperative's account.
BUDGET = 150
MINIMUM = 150
#: Pages an officer's crawl must reach: the detail page of each list, the reports and the exports.
OFFICER_ROUTES = {
    "registry:organization_detail",
    "evaluation:organization",
    "evaluation:results",
    "programs:task_detail",
    "programs:report_detail",
    "support:record_detail",
    "support:activity_detail",
    "support:loan_detail",
    "indicators:indicator_detail",
    "imports:export_organizations",
    "portal:organizations_download",
}
#: Pages only one role can reach: the demo holds a finished rating run of its last year and the
#: summary DOCX the province officer then asked for (listed on their home).
ROLE_ROUTES = {"tinh": {"evaluation:run", "reports:queued_status", "reports:queued_download"}}

#: One worker builds the demo once and runs these tests one after another (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("site")


@pytest.fixture
def strict_templates(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = INVALID_MARKER
    settings.TEMPLATES = templates


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_walks_the_site_without_a_server_error(demo_client, strict_templates, record_property, role, language):
    result = crawl(demo_client(role, language), max_pages=BUDGET)
    refused = [f"{v.status} {v.url}" for v in result.visits if 400 <= v.status < 500]
    statuses = dict(sorted(result.statuses().items()))
    record_property("crawl_pages", f"{role} ({language}): {result.pages} pages, {statuses} {' '.join(refused)}".rstrip())
    problems = [f"{v.status} {v.url} (from {v.source}): {v.problem}" for v in result.problems]
    assert problems == []
    assert result.pages >= MINIMUM or result.exhausted, f"only {result.pages} pages reached"
    required = (OFFICER_ROUTES if role == "admin" else set()) | ROLE_ROUTES.get(role, set())
    missing = required - {shape.partition("?")[0] for shape in result.shapes}
    assert not missing, f"the crawl did not reach {sorted(missing)}"

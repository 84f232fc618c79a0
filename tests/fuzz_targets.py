"""Every page that reads query parameters (but /healthz, whose 503 is its answer when the worker
or cache is down: core/tests/test_health.py), with the parameters it reads (for the fuzz test).

`args` names a row of the demo the URL needs ("organization", "program", ...); the fuzz test
resolves it to an id the signed-in administrator may open.
"""

from dataclasses import dataclass

ORGANIZATION_FILTERS = (
    "q", "kind", "status", "status_on", "field", "province", "commune", "former_area", "credit_fund",
    "founded_year", "exists_year", "ended_how", "ended_year", "report_year", "missing_report_year",
    "evaluation_year", "size_class", "rating", "page", "sort",
)  # fmt: skip


@dataclass(frozen=True)
class Target:
    route: str
    params: tuple[str, ...]
    args: tuple[str, ...] = ()
    #: Parameters sent with every request to this page (e.g. the one that makes it an export).
    base: tuple[tuple[str, str], ...] = ()


TARGETS = (
    Target("home", ("year", "scope")),
    Target("geo:unit_list", ("q", "province")),
    Target("geo:unit_search", ("q", "level", "edition", "province", "scope")),
    Target("registry:organization_list", ORGANIZATION_FILTERS),
    Target("imports:batch_list", ("page",)),
    Target("imports:export_organizations", ORGANIZATION_FILTERS, args=("csv",)),
    Target("imports:export_reports", ("year", "report_year", "kind", "province", "commune"), args=("csv",)),
    Target("evaluation:home", ("year",)),
    Target("evaluation:results", ("year", "commune", "group", "format")),
    Target("evaluation:organization", ("year",), args=("organization",)),
    Target("programs:program_detail", ("year", "group", "agency", "status"), args=("program",)),
    Target("programs:consolidated", ("year",), args=("program", "xlsx")),
    Target("indicators:plan_actual", ("year", "scope", "format")),
    Target("indicators:pivot", ("indicator", "rows", "cols", "scope", "year", "format")),
    Target("indicators:targets", ("scope",)),
    Target("indicators:indicator_detail", ("scope", "year", "format"), args=("indicator",)),
    Target(
        "support:record_list",
        ("q", "year", "agency", "commune", "support_type", "funding_source", "policy", "field", "page", "format"),
    ),
    Target("support:activity_list", ("q", "year", "agency", "commune", "kind", "page", "format")),
    Target("support:member_list", ("q", "all", "format")),
    Target("support:service_list", ("year", "kind", "page", "format")),
    Target("support:loan_list", ("q", "on", "status", "format")),
    Target("support:loan_detail", ("on",), args=("loan",)),
    Target("support:policy_list", ("format",)),
    Target("support:import", ("kind", "template")),
    Target("accounts:account_list", ("q", "role", "active", "page")),
    Target("portal:open_data", ("kind", "field", "province", "q")),
    Target("work:queue", ("kind", "year")),
    Target("registry:annual_report_create", ("year",), args=("organization",)),
    Target("portal:organizations_download", ("kind", "field", "province", "q"), args=("csv",)),
)

#: Wrong values of every sort: text for a number, negative, huge, empty, unknown choice, decimals,
#: impossible dates, SQL and HTML fragments, and characters a URL or a database may choke on.
WRONG_VALUES = (
    "abc",
    "-1",
    "99999999999999999999999",
    "",
    "khong-co",
    "1.5",
    "2019-13-45",
    "1' OR '1'='1",
    "<script>alert('x')</script>",
    "\x00",
    "%",
)
#: The HTML fragment above must never come back unescaped.
HTML_FRAGMENT = "<script>alert('x')</script>"

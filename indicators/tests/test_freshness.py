"""Computed values are cached between requests, and any write makes the cached values unreachable."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.computations.common import computing
from indicators.computations.values import value_for
from indicators.freshness import data_fingerprint
from indicators.models import Indicator
from indicators.scope import Scope
from registry.models import Status
from registry.services import status_event_add
from registry.tests.factories import AnnualReportFactory, OrganizationFactory


def _htx_total(scope, year):
    with computing():
        return value_for(Indicator.objects.get(code="htx_total"), year=year, scope=scope)["value"]


def test_a_second_request_on_unchanged_data_is_answered_from_the_cache(personas):
    city = Scope.of(personas.geo.province)
    first = _htx_total(city, 2024)
    with CaptureQueriesContext(connection) as queries:
        again = _htx_total(city, 2024)
    assert again == first
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    assert "registry_statusevent" not in statements.replace("registry_historicalstatusevent", "")


def test_a_new_organization_is_counted_at_once(personas):
    city = Scope.of(personas.geo.province)
    before = _htx_total(city, 2024)
    OrganizationFactory(commune=personas.geo.commune_c, founded_on=dt.date(2020, 1, 1))
    assert _htx_total(city, 2024) == before + 1


def test_a_dissolution_changes_the_count_at_once(personas):
    city = Scope.of(personas.geo.province)
    before = _htx_total(city, 2024)
    status_event_add(
        actor=personas.admin, organization=personas.organization, status=Status.DISSOLVED, effective_on=dt.date(2024, 6, 1)
    )
    assert _htx_total(city, 2024) == before - 1


def test_the_fingerprint_changes_with_an_annual_report_and_not_without_writes(personas):
    fingerprint = data_fingerprint()
    assert data_fingerprint() == fingerprint
    AnnualReportFactory(organization=personas.organization, year=2023)
    assert data_fingerprint() != fingerprint


def test_the_dashboard_on_unchanged_data_reads_no_registry_rows_again(personas, client_for):
    client = client_for(personas.province_officer)
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"registry_statusevent"' not in statements and '"registry_annualreport"' not in statements
    OrganizationFactory(commune=personas.geo.commune_c, founded_on=dt.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert '"registry_statusevent"' in " ".join(q["sql"] for q in queries.captured_queries)


def test_the_functions_of_a_page_enter_computing_themselves(personas):
    """A caller need not remember `with computing()`: the dashboard and a cross table called bare
    share and cache their figures, and answer again from the cache on unchanged data."""
    from indicators.dashboard.figures import dashboard
    from indicators.permissions import access
    from indicators.tables import cross_table

    city = Scope.of(personas.geo.province)
    htx_total = Indicator.objects.get(code="htx_total")
    table = cross_table(htx_total, year=2024, scope=city, row_by="commune", col_by=None)
    seen = access(user=personas.province_officer, scope=city)
    dashboard(access=seen, year=2024)
    with CaptureQueriesContext(connection) as queries:
        again = cross_table(htx_total, year=2024, scope=city, row_by="commune", col_by=None)
        dashboard(access=seen, year=2024)
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    # (the ratings chart reads evaluation results directly, as before: only computed figures are cached)
    assert '"registry_statusevent"' not in statements and '"registry_annualreport"' not in statements
    assert again.cells == table.cells

"""The tables imports write by the ten thousand keep the indexes the app reads them by, and only
those (core.models.BulkHistoricalRecords; registry AnnualReport.organization)."""

import pytest
from django.db import connection

from registry.models import AnnualReport, Member


def _indexed_columns(model) -> list[tuple]:
    """The column tuple of every index and unique constraint on the model's table."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return sorted(tuple(c["columns"]) for c in found.values() if c["index"] or c["unique"] or c["primary_key"])


@pytest.mark.django_db
@pytest.mark.parametrize("model", [AnnualReport, Member])
def test_bulk_history_is_indexed_by_record_and_organization_not_by_date_or_user(model):
    indexed = _indexed_columns(model.history.model)
    assert ("id",) in indexed  # a record's history
    assert ("organization_id",) in indexed  # an organization's history (registry.selectors)
    assert ("history_date",) not in indexed
    assert ("history_user_id",) not in indexed


@pytest.mark.django_db
def test_reports_are_found_by_organization_through_the_one_report_per_year_index():
    indexed = _indexed_columns(AnnualReport)
    assert ("organization_id", "year") in indexed
    assert ("organization_id",) not in indexed  # the unique index above serves it


@pytest.mark.django_db
def test_other_history_keeps_its_date_index():
    from registry.models import Organization

    assert ("history_date",) in _indexed_columns(Organization.history.model)

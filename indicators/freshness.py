"""Knowing, cheaply, whether the data behind the indicators changed: a fingerprint of the tables.

Indicators are computed live. To answer the dashboard in milliseconds instead of seconds, computed
values are cached under the current fingerprint, so any write makes the old entries unreachable
(invalidated on writes, across processes: the fingerprint is read from the database, not from a
per-process signal). Every write of the project records a history row (simple-history), whose id
only grows, so the largest history id of each source table changes with every create, update or
delete; tables without history add their row count and latest `updated_at`.

Apps that feed computations contribute their tables through the hook "indicators.data_sources"
(returns a list of model classes); indicators never imports them.
"""

import hashlib

from django.apps import apps
from django.db import connection

from core.extensions import hooks

#: Tables every built-in computation may read (app_label.ModelName).
BUILT_IN_SOURCES = (
    "registry.HistoricalOrganization",
    "registry.HistoricalStatusEvent",
    "registry.HistoricalMember",
    "registry.HistoricalAnnualReport",
    "geo.UnitSuccession",
    "evaluation.YearResult",
    "evaluation.HistoricalAssessment",
    "indicators.HistoricalIndicator",
    "indicators.HistoricalTarget",
    "indicators.HistoricalManualValue",
)


def source_models() -> list:
    models = []
    for label in BUILT_IN_SOURCES:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    models += hooks.collect("indicators.data_sources")
    return models


def _state_columns(model) -> list[str]:
    """SQL expressions that change with every write of `model`'s table."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = {field.name: field for field in model._meta.fields}
    if "history_id" in fields:
        return [f"(SELECT MAX({quote(fields['history_id'].column)}) FROM {table})"]
    columns = [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {table})"]
    if "updated_at" in fields:
        columns.append(f"(SELECT MAX({quote(fields['updated_at'].column)}) FROM {table})")
    return columns


def data_fingerprint() -> str:
    """One query (one round trip) reads the state of every source table."""
    models = source_models()
    columns = [column for model in models for column in _state_columns(model)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        values = cursor.fetchone()
    state = "|".join([model._meta.label for model in models] + [str(value) for value in values])
    return hashlib.sha1(state.encode()).hexdigest()

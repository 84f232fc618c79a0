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

from django.db import connection

from evaluation.models import Assessment, YearResult
from geo.models import UnitSuccession
from indicators import hooks as indicators_hooks
from indicators.models import Indicator, ManualValue, Target
from registry.models import AnnualReport, Member, Organization, StatusEvent


def built_in_sources() -> list:
    """Tables every built-in computation may read (all from apps below indicators, or its own)."""
    return [
        Organization.history.model,
        StatusEvent.history.model,
        Member.history.model,
        AnnualReport.history.model,
        UnitSuccession,
        YearResult,
        Assessment.history.model,
        Indicator.history.model,
        Target.history.model,
        ManualValue.history.model,
    ]


def source_models() -> list:
    return built_in_sources() + indicators_hooks.data_sources.collect()


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

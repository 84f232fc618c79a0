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
from django.db.models import Count, Max

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


def _state_of(model) -> str:
    if hasattr(model, "history_id") or any(f.name == "history_id" for f in model._meta.fields):
        return str(model._default_manager.aggregate(last=Max("history_id"))["last"])
    aggregates = {"n": Count("pk"), "last": Max("pk")}
    if any(f.name == "updated_at" for f in model._meta.fields):
        aggregates["changed"] = Max("updated_at")
    return ":".join(str(value) for value in model._default_manager.aggregate(**aggregates).values())


def data_fingerprint() -> str:
    state = "|".join(f"{model._meta.label}={_state_of(model)}" for model in source_models())
    return hashlib.sha1(state.encode()).hexdigest()

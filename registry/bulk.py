"""Bulk writers of members and annual reports (the Excel import writes them by the ten thousand),
next to their models so that they keep the models' invariants: what `save()` and the field
defaults would give (`version`, timestamps, computed fields) is given here in one place, and
registry/tests/test_bulk.py compares a bulk-written row field by field with one written by save().
"""

import datetime as dt
from collections.abc import Callable, Iterable

from simple_history.utils import bulk_update_with_history

from core.bulk import allocate_ids, insert_columns, insert_history
from registry.models import AnnualReport, Member

#: Rows per UPDATE statement of bulk_update_with_history.
BULK_SIZE = 500
#: Fields save() computes from the others, by model (Member.save sets search_text).
COMPUTED: dict[type, dict[str, Callable]] = {Member: {"search_text": Member.compute_search_text}, AnnualReport: {}}


def create_with_history(model, columns: dict[str, list], *, actor, reason: str, now: dt.datetime) -> list[int]:
    """INSERT new records and their "created" history rows; return the records' ids in row order.

    `columns`: {attname: one value per record} of the fields the caller has; the others get their
    defaults, as `Model(**values)` would, then version 1, the timestamps `now` and the computed
    fields, as save() would. Column by column, with ids allocated beforehand: no model instance per
    row except to compute a field, and nothing to return (PostgreSQL: COPY); see core.bulk."""
    computed = COMPUTED[model]
    count = len(next(iter(columns.values())))
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = dict(columns)
    for field in fields:
        if field.attname not in columns:
            columns[field.attname] = [field.get_default()] * count
    columns.update(version=[1] * count, created_at=[now] * count, updated_at=[now] * count)
    if computed:
        names = list(columns)
        instances = [model(**dict(zip(names, record, strict=True))) for record in zip(*columns.values(), strict=True)]
        for name, compute in computed.items():
            columns[name] = [compute(instance) for instance in instances]
    ids = columns["id"] = allocate_ids(model, count)
    insert_columns(model, {name: columns[name] for name in ["id", *(field.attname for field in fields)]})
    insert_history(model, ids, history_type="+", user=actor, reason=reason, when=now)
    return ids


def update_with_history(model, instances: list, fields: Iterable[str], *, actor, reason: str, now: dt.datetime) -> None:
    """Write `fields` of `instances` (already changed in memory) and their "changed" history rows,
    as save() would: the version goes up by one, updated_at is `now`, computed fields follow."""
    computed = COMPUTED[model]
    for instance in instances:
        instance.version += 1
        instance.updated_at = now
        for name, compute in computed.items():
            setattr(instance, name, compute(instance))
    written = sorted({*fields, "version", "updated_at", *computed})
    bulk_update_with_history(instances, model, written, batch_size=BULK_SIZE, default_user=actor, default_change_reason=reason)

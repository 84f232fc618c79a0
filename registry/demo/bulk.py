"""Fast inserts for large generated datasets (the national benchmark data, hundreds of thousands of rows).

`bulk_create` spends most of its time building SQL value by value, and needs the ids of the
organizations back before their events, members and reports can point at them. Here the ids are
given explicitly (one `MAX(id)` per table) and the rows go in as multi-row INSERTs
(`core.bulk.insert_rows`). The rows are the ones `bulk_create` would write: same columns,
timestamps filled like `auto_now(_add)`, foreign keys taken from the related objects. No history
rows, no signals.
"""

from django.core.management.color import no_style
from django.db import connection, models

from core.bulk import insert_rows


def insert(objs: list[models.Model], model: type[models.Model], *, now) -> None:
    """Insert `objs` (instances of `model`, not yet saved), giving each its id."""
    if not objs:
        return
    meta = model._meta
    fields = meta.concrete_fields
    parents = [field for field in fields if field.is_relation]
    stamped = [field for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(meta.pk.column)}) FROM {connection.ops.quote_name(meta.db_table)}")
        next_id = (cursor.fetchone()[0] or 0) + 1
    rows = []
    for pk, obj in enumerate(objs, next_id):
        for field in parents:  # the parent rows were inserted first: their ids into the *_id columns
            parent = field.get_cached_value(obj, default=None)
            if parent is not None:
                setattr(obj, field.attname, parent.pk)
        for field in stamped:
            setattr(obj, field.attname, now)
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
        rows.append([getattr(obj, field.attname) for field in fields])
    insert_rows(model, [field.attname for field in fields], rows)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):  # PostgreSQL: new ids go on after ours
            cursor.execute(statement)

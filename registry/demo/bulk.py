"""Fast inserts for large generated datasets (the national benchmark data, hundreds of thousands of rows).

`bulk_create` spends most of its time building SQL value by value; here the ids are given
explicitly (one `MAX(id)` per table), the values are handed to the driver as they are, and the
rows go in with one `executemany` (SQLite) or one `COPY` (PostgreSQL) per table. The rows are
the ones `bulk_create` would write: same columns, timestamps filled like `auto_now(_add)`,
foreign keys taken from the related objects. No history rows, no signals.
"""

from django.core.management.color import no_style
from django.db import connection, models


def insert(objs: list[models.Model], model: type[models.Model], *, now) -> None:
    """Insert `objs` (instances of `model`, not yet saved), giving each its id."""
    if not objs:
        return
    meta = model._meta
    fields = meta.concrete_fields
    parents = [f for f in fields if f.is_relation]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    converters = [_converter(field) for field in fields]
    for index, field in enumerate(fields):
        if field in stamped:  # the same moment on every row: converted once
            stamp = converters[index](now) if converters[index] else now
            converters[index] = lambda _value, stamp=stamp: stamp
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
        values = [getattr(obj, field.attname) for field in fields]
        rows.append([convert(value) if convert else value for value, convert in zip(values, converters, strict=True)])
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):  # PostgreSQL: ids go on after ours
            cursor.execute(statement)


# Values the drivers take as they are (Python int, str, bool, None); everything else goes
# through the field's own conversion, as `bulk_create` would do.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _converter(field: models.Field):
    if field.get_internal_type() in _PLAIN:
        return None
    if type(field) is models.DateField:
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)

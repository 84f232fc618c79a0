"""Inserts and updates for the yearly batch, which writes up to one row per cooperative of the country
(45.000) in one go.

On PostgreSQL even a multi-row INSERT (core.bulk) spends most of its time in the client, quoting tens of
thousands of parameters into the statement. COPY streams the rows instead (psycopg 3 dumps them in C,
about ten times faster): new rows straight into the table, changed rows into a temporary table that one
UPDATE … FROM applies. SQLite has no COPY and no round trips: core.bulk's INSERTs and `bulk_update`.

Values are Python values (aware datetimes, Decimals). No `save()`, signals or history are involved:
write this way only models that need none, like `YearResult`.
"""

from collections.abc import Sequence

from django.db import connection, transaction
from django.db.models import Model

from core.bulk import insert_rows


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def _copy(cursor, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({_quoted(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert_many(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """INSERT `rows` (tuples of values in `columns` order; the primary key is left to the database)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        insert_rows(model, columns, rows)
        return
    with connection.cursor() as cursor:
        _copy(cursor, connection.ops.quote_name(model._meta.db_table), columns, rows)


def update_many(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """UPDATE `columns` of the rows whose primary key is the first value of each tuple (the values
    of `columns` follow, in order)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        instances = [model(pk=pk, **dict(zip(columns, values, strict=True))) for pk, *values in rows]
        model.objects.bulk_update(instances, columns)
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    staged = quote(f"{model._meta.db_table}_changes")
    assignments = ", ".join(f"{quote(c)} = {staged}.{quote(c)}" for c in columns)
    # In one transaction: if anything fails, the temporary table goes with the rollback.
    with transaction.atomic(), connection.cursor() as cursor:
        # The table's column types, none of its constraints.
        cursor.execute(f"CREATE TEMPORARY TABLE {staged} AS SELECT {pk}, {_quoted(columns)} FROM {table} WITH NO DATA")
        _copy(cursor, staged, [model._meta.pk.column, *columns], rows)
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {staged} WHERE {table}.{pk} = {staged}.{pk}")
        cursor.execute(f"DROP TABLE {staged}")

"""New results of the yearly batch, which writes up to one row per cooperative of the country (45.000)
in one go.

On PostgreSQL, COPY streams the rows (psycopg 3 dumps them in C): about three times faster than
core.bulk's INSERT … SELECT FROM json_populate_recordset, and ten times faster than a multi-row VALUES,
which spends its time in the client quoting tens of thousands of parameters. SQLite has no COPY:
core.bulk's multi-row INSERTs. (Changed rows, few on a re-run, go through core.bulk.update_rows.)

Values are Python values (aware datetimes, Decimals). No `save()`, signals or history are involved:
write this way only models that need none, like `YearResult`.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model

from core.bulk import insert_rows


def insert_many(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """INSERT `rows` (tuples of values in `columns` order, column names; the primary key is left to
    the database)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        insert_rows(model, columns, rows)
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

"""Multi-row INSERTs for the few writers that handle tens of thousands of rows at once
(the Excel import's staging and commit, the yearly evaluation), and their history rows.

Building a model instance per row and letting the ORM compile its SQL costs several times more
than the database work itself at that volume (bench/import). These helpers take plain values,
prepare only the columns whose Python value the driver cannot take as it is, and send one
statement per chunk (PostgreSQL: COPY when no value needs returning; SQLite: one prepared
statement run for every row), where executemany is one round trip per row on PostgreSQL.
"""

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import partial

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

#: Field types whose Python values (int, str, bool, None) both drivers accept unchanged.
PLAIN_FIELD_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)
#: Parameters per statement: under SQLite's default limit (32,766) and PostgreSQL's (65,535).
MAX_PARAMS = 30_000
#: Rows per statement on PostgreSQL (sent as one JSON parameter).
PG_CHUNK = 5_000

#: Columns simple-history adds to every historical table (the rest mirror the model's columns).
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _preparer(field):
    """None when the driver takes the field's Python values as they are, else a function that
    adapts one value (remembering the last one: a batch repeats the same timestamp on every row)."""
    kind = field.get_internal_type()
    if kind in PLAIN_FIELD_TYPES:
        return None
    if kind == "JSONField":
        adapt_json = partial(connection.ops.adapt_json_value, encoder=field.encoder)
        # Most JSON columns of a staged row are empty: encode {} and [] once, not once per row.
        empty = {dict: adapt_json({}), list: adapt_json([])}
        return lambda value: empty[type(value)] if not value and type(value) in empty else adapt_json(value)
    adapt = partial(field.get_db_prep_save, connection=connection)
    last = [object(), None]

    def prepare(value):
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return prepare


def _prepared_columns(fields, prepare, rows: Sequence[Sequence]) -> list[list]:
    """The rows' values column by column, adapted for the driver where the field needs it."""
    width = len(fields)
    if any(len(row) != width for row in rows):
        raise ValueError(f"every row needs {width} values")
    columns = [list(column) for column in zip(*rows, strict=True)]
    for index, p in enumerate(prepare):
        if p is not None:
            columns[index] = [p(value) for value in columns[index]]
    return columns


def _json_default(value):
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()  # full precision (DjangoJSONEncoder would cut microseconds)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in bulk")


def _pg_records(meta, fields, rows: Sequence[Sequence]):
    """PostgreSQL: (a record set, params) per chunk, the rows sent as one JSON text that
    json_populate_recordset turns into rows of the table's own column types. One parameter
    instead of thousands: psycopg's Python array dumpers and the planner's cost of a large
    VALUES list are both avoided, and json.dumps runs in C."""
    names = [field.column for field in fields]
    width = len(names)
    source = f"json_populate_recordset(NULL::{connection.ops.quote_name(meta.db_table)}, %s::json)"
    for start in range(0, len(rows), PG_CHUNK):
        part = rows[start : start + PG_CHUNK]
        if any(len(row) != width for row in part):
            raise ValueError(f"every row needs {width} values")
        yield source, [json.dumps([dict(zip(names, row, strict=True)) for row in part], default=_json_default)]


def _values_lists(fields, rows: Sequence[Sequence]):
    """Elsewhere (SQLite): (a multi-row VALUES, params) per chunk, as many rows as the parameter
    limit allows."""
    prepare = [_preparer(field) for field in fields]
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = min(MAX_PARAMS, connection.features.max_query_params or MAX_PARAMS)
    chunk = max(1, limit // len(fields))
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        columns = _prepared_columns(fields, prepare, part)
        yield "VALUES " + ", ".join([marks] * len(part)), [value for row in zip(*columns, strict=True) for value in row]


def _prepared(field, column: Sequence) -> Sequence:
    """A column's values as the driver takes them. One object repeated down the column (a batch's
    timestamp, an empty list) is adapted once."""
    prepare = _preparer(field)
    if prepare is None:
        return column
    if column and len(set(map(id, column))) == 1:
        return [prepare(column[0])] * len(column)
    return [prepare(value) for value in column]


def insert_columns(model, columns: Mapping[str, Sequence]) -> None:
    """INSERT rows given column by column (field name or attname of `model` → one value per row),
    nothing returned: the columns are adapted for the driver as columns and zipped into rows in C.
    PostgreSQL: a binary COPY streams the rows (psycopg dumps them in C), several times faster
    than json_populate_recordset at tens of thousands of rows (bench/evaluation, bench/import). SQLite: one prepared
    statement run for every row (executemany binds each row in C; multi-row VALUES make long SQL
    that Django rewrites placeholder by placeholder)."""
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError("every column needs a value for each row")
    if not lengths or not lengths.pop():
        return
    meta, quote = model._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in columns]
    prepared = [_prepared(field, values) for field, values in zip(fields, columns.values(), strict=True)]
    target = f"{quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = _column_types(cursor, meta.db_table, [field.column for field in fields])
            with cursor.copy(f"COPY {target} FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                for row in zip(*prepared, strict=True):
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {target} VALUES ({marks})", list(zip(*prepared, strict=True)))


def _column_types(cursor, table: str, columns: list[str]) -> list[int]:
    """PostgreSQL: the type (oid) of each of the table's `columns`, as the table has it. A binary
    COPY needs them, and is four times faster than a text COPY at tens of thousands of rows: the
    values are sent as they are, not printed and parsed back."""
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
        [connection.ops.quote_name(table)],
    )
    types = dict(cursor.fetchall())
    return [types[column] for column in columns]


def among(values) -> RawSQL:
    """The given whole numbers (ids) or texts (codes) as a subquery taking one parameter, for
    `field__in=among(values)`: a plain `__in` list costs Django and the driver a placeholder each
    (tens of thousands in a large import), and SQLite refuses more than 32.766 of them."""
    values = list(values)
    texts = any(isinstance(value, str) for value in values)
    values = [str(value) for value in values] if texts else [int(value) for value in values]
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{'text' if texts else 'bigint'}[])", [values])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])


def allocate_ids(model, count: int) -> list[int]:
    """`count` new primary-key values for `model`, for rows inserted with explicit ids (then
    nothing needs returning, and PostgreSQL can COPY). Call inside the writing transaction.

    PostgreSQL: taken from the column's sequence, as a default id would be. SQLite: the ids after
    the highest one the table has ever used (its AUTOINCREMENT counter), which no one else can take
    while this transaction holds the write lock."""
    if count <= 0:
        return []
    meta, ops = model._meta, connection.ops
    table, pk = meta.db_table, meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence's name first: in the same statement pg_get_serial_sequence would run
            # for every id (six times slower).
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [ops.quote_name(table), pk])
            # One array rather than a row per id: the driver builds 50.000 rows' tuples otherwise.
            cursor.execute("SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)", [cursor.fetchone()[0], count])
            return cursor.fetchone()[0]
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        if not connection.in_atomic_block:
            raise RuntimeError("allocate_ids needs the transaction that inserts the rows")
        cursor.execute(f"SELECT max({ops.quote_name(pk)}) FROM {ops.quote_name(table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            used = cursor.fetchone()
            highest = max(highest, used[0] if used else 0)
    return list(range(highest + 1, highest + 1 + count))


def insert_rows(model, columns: Sequence[str], rows: Sequence[Sequence], *, returning: str | None = None) -> list:
    """INSERT `rows` (values in the order of `columns`, field names or attnames of `model`).
    No `save()`, signals or history are involved (history: `insert_history`).

    With `returning` (a column name), return that column's value for each row, in row order
    (SQLite ≥ 3.35 and PostgreSQL return the inserted rows in order; the ORM's bulk_create
    relies on the same)."""
    if not rows:
        return []
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"every row needs {len(columns)} values")
    if not returning:
        insert_columns(model, dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))
        return []
    meta, ops = model._meta, connection.ops
    fields = [meta.get_field(name) for name in columns]
    head = "INSERT INTO {} ({}) ".format(ops.quote_name(meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields))
    tail = " RETURNING " + ops.quote_name(meta.get_field(returning).column)
    returned = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            select = "SELECT {} FROM ".format(", ".join(ops.quote_name(f.column) for f in fields))
            statements = ((select + source, params) for source, params in _pg_records(meta, fields, rows))
        else:
            statements = _values_lists(fields, rows)
        for sql, params in statements:
            cursor.execute(head + sql + tail, params)
            returned.extend(row[0] for row in cursor.fetchall())
    return returned


def update_rows(model, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """UPDATE the rows whose primary key is each row's first value, setting the other `columns`.
    PostgreSQL: one UPDATE … FROM json_populate_recordset per chunk; elsewhere one prepared UPDATE run for all
    rows (executemany: cheap on SQLite, where statements do not travel)."""
    if not rows:
        return
    meta, ops = model._meta, connection.ops
    fields = [meta.get_field(name) for name in columns]
    key, *values = [ops.quote_name(field.column) for field in fields]
    table = ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assignments = ", ".join(f"{column} = v.{column}" for column in values)
            for source, params in _pg_records(meta, fields, rows):
                cursor.execute(f"UPDATE {table} SET {assignments} FROM {source} AS v WHERE {table}.{key} = v.{key}", params)
            return
        prepare = [_preparer(field) for field in fields]
        columns = _prepared_columns(fields, prepare, rows)
        params = [[*row[1:], row[0]] for row in zip(*columns, strict=True)]  # the key goes last: WHERE
        assignments = ", ".join(f"{column} = %s" for column in values)
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {key} = %s", params)


def history_columns(model) -> list[str]:
    """The attnames a historical record copies from `model` (its own `id` included)."""
    history_model = model.history.model
    own = {"history_id", *HISTORY_COLUMNS}
    return [f.attname for f in history_model._meta.concrete_fields if f.attname not in own]


def insert_history(model, ids: Sequence[int], *, history_type: str, user, reason: str, when=None) -> None:
    """Write one simple-history record for each record of `model` whose id is in `ids`, all
    stamped with the same user, reason and time, as simple-history's bulk helpers do. The records
    are copied inside the database (INSERT … SELECT from the records just written): at tens of
    thousands of rows, sending every value a second time cost more than the records' own INSERT."""
    if not len(ids):
        return
    history_model = model.history.model
    meta, history_meta, quote = model._meta, history_model._meta, connection.ops.quote_name
    copied = [meta.get_field(name).column for name in history_columns(model)]
    stamps = dict(zip(HISTORY_COLUMNS, (when or timezone.now(), reason, history_type, user.pk if user else None), strict=True))
    stamp_params = [_prepared(history_meta.get_field(name), [value])[0] for name, value in stamps.items()]
    head = "INSERT INTO {} ({}) SELECT {}, {} FROM {} ".format(
        quote(history_meta.db_table),
        ", ".join(quote(column) for column in [*copied, *(history_meta.get_field(n).column for n in stamps)]),
        ", ".join(quote(column) for column in copied),
        ", ".join(["%s"] * len(stamps)),
        quote(meta.db_table),
    )
    key, low, high = quote(meta.pk.column), min(ids), max(ids)
    if high - low + 1 == len(set(ids)):
        # Consecutive, as allocate_ids gives them: a range of the primary key (the subquery below
        # cost PostgreSQL a quarter more at 50.000 ids, bench/import).
        where, params = f"{key} BETWEEN %s AND %s", [low, high]
    else:
        within = among(ids)
        where, params = f"{key} IN ({within.sql})", list(within.params)
    with connection.cursor() as cursor:
        cursor.execute(f"{head} WHERE {where} ORDER BY {key}", [*stamp_params, *params])

"""Multi-row INSERTs for the few writers that handle tens of thousands of rows at once
(the Excel import's staging and commit, the yearly evaluation), and their history rows.

Building a model instance per row and letting the ORM compile its SQL costs several times more
than the database work itself at that volume (bench/import). These helpers take plain values,
prepare only the columns whose Python value the driver cannot take as it is, and send one
statement per chunk: one round trip per chunk on PostgreSQL, where executemany is one per row.
"""

from collections.abc import Sequence
from functools import partial

from django.db import connection
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


def insert_rows(model, columns: Sequence[str], rows: Sequence[Sequence], *, returning: str | None = None) -> list:
    """INSERT `rows` (values in the order of `columns`, field names or attnames of `model`).

    With `returning` (a column name), return that column's value for each row, in row order
    (both SQLite ≥ 3.35 and PostgreSQL return the rows of a multi-row VALUES in order; the ORM's
    bulk_create relies on the same)."""
    if not rows:
        return []
    meta, ops = model._meta, connection.ops
    fields = [meta.get_field(name) for name in columns]
    prepare = [_preparer(field) for field in fields]
    head = "INSERT INTO {} ({}) VALUES ".format(
        ops.quote_name(meta.db_table), ", ".join(ops.quote_name(field.column) for field in fields)
    )
    tail = " RETURNING " + ops.quote_name(meta.get_field(returning).column) if returning else ""
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = min(MAX_PARAMS, connection.features.max_query_params or MAX_PARAMS)
    chunk = max(1, limit // len(fields))
    prepared = [(index, p) for index, p in enumerate(prepare) if p is not None]
    width = len(fields)
    returned = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            params = [value for row in part for value in row]
            if len(params) != width * len(part):
                raise ValueError(f"every row needs {width} values")
            for index, p in prepared:  # column by column: only the few columns that need it
                params[index::width] = [p(value) for value in params[index::width]]
            cursor.execute(head + ", ".join([marks] * len(part)) + tail, params)
            if returning:
                returned.extend(row[0] for row in cursor.fetchall())
    return returned


def history_columns(model) -> list[str]:
    """The attnames a historical record copies from `model` (its own `id` included)."""
    history_model = model.history.model
    own = {"history_id", *HISTORY_COLUMNS}
    return [f.attname for f in history_model._meta.concrete_fields if f.attname not in own]


def insert_history(model, records: Sequence[dict], *, history_type: str, user, reason: str, when=None) -> None:
    """Write one simple-history record per dict of `model` values (attname → value, `id` included),
    all stamped with the same user, reason and time, as simple-history's bulk helpers do."""
    columns = history_columns(model)
    when = when or timezone.now()
    user_id = user.pk if user is not None else None
    insert_rows(
        model.history.model,
        [*columns, *HISTORY_COLUMNS],
        [[record[name] for name in columns] + [when, reason, history_type, user_id] for record in records],
    )

"""Writing many rows in one statement, for sweeps that claim thousands of things at once.

`rows_insert` sends a few rows as one array per column that PostgreSQL `unnest`s, and many
(COPY_FROM and more) by COPY into a temporary table: no model instances, no value quoted
into the SQL, and `ON CONFLICT … DO NOTHING` when a unique index is the claim (the rows
it skipped are simply not returned).

    claimed = rows_insert(ReminderClaim, ["rule", "object_id", ...], rows,
                          conflict=["rule", "object_id", "occurrence", "recipient"],
                          returning=["id", "object_id"])

Like Django's bulk_create on PostgreSQL, the rows come back in the order they were given
(skipped ones left out): the statement inserts them ordered by their position.
"""

import json
from collections.abc import Sequence

import psycopg
from django.db import connection, models, transaction

CHUNK = 5000
# From this many rows on, COPY through a temporary table (see _copy_insert).
COPY_FROM = 64


def _cursor():
    """A cursor that sends parameters apart from the statement (server-side binding):
    Django's psycopg cursors quote every value into the SQL text, and quoting arrays of
    thousands of values costs more than the insert itself. Still Django's wrapper, so
    the statement is logged and counted like any other."""
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


def _column(model, name: str) -> tuple[models.Field, str, str]:
    """(field, column, array type) of a concrete field."""
    field = model._meta.get_field(name)
    db_type = field.db_type(connection)
    if isinstance(field, models.JSONField):
        return field, field.column, "text"  # sent as text, cast per row below
    return field, field.column, db_type.split("(")[0] if "varchar" in db_type else db_type


def _value(field, value):
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    return value


def rows_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence],
    *,
    conflict: Sequence[str] | None = None,
    returning: Sequence[str] = ("id",),
) -> list[tuple]:
    """Insert `rows` (tuples in the order of `fields`); returns the `returning` columns of
    the rows inserted, in the order given. With `conflict` (the columns of a unique
    index), rows that would break it are skipped instead of failing the transaction."""
    columns = [_column(model, name) for name in fields]
    names = ", ".join(connection.ops.quote_name(column) for _field, column, _type in columns)
    arrays = ", ".join(f"%b::{array_type}[]" for _field, _column_, array_type in columns)
    aliases = ", ".join(f"c{index}" for index in range(len(columns)))
    selected = ", ".join(
        f"c{index}::jsonb" if isinstance(field, models.JSONField) else f"c{index}"
        for index, (field, _column_, _type) in enumerate(columns)
    )
    on_conflict = ""
    if conflict:
        target = ", ".join(model._meta.get_field(name).column for name in conflict)
        on_conflict = f" ON CONFLICT ({target}) DO NOTHING"
    returned = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name).column) for name in returning
    )
    returned = f" RETURNING {returned}" if returning else ""
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) "  # noqa: S608
        f"SELECT {selected} FROM unnest({arrays}) WITH ORDINALITY AS t({aliases}, row_position) "
        f"ORDER BY row_position{on_conflict}{returned}"
    )
    if len(rows) >= COPY_FROM:
        return _copy_insert(model, columns, rows, f"{on_conflict}{returned}", bool(returning))
    result = []
    with _cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params = [
                [_value(field, row[index]) for row in chunk]
                if isinstance(field, models.JSONField)
                else [row[index] for row in chunk]
                for index, (field, _column_, _type) in enumerate(columns)
            ]
            cursor.execute(sql, params)
            if returning:
                result.extend(cursor.fetchall())
    return result


def _copy_insert(model, columns, rows, tail: str, returning: bool) -> list[tuple]:
    """Many rows: COPY them into a temporary table (psycopg formats them in C), then one
    INSERT … SELECT in their order. Sending them as arrays costs the arrays' formatting,
    in Python, value by value."""
    quote = connection.ops.quote_name
    staging = quote(f"bulk_{model._meta.db_table}")
    definitions = ", ".join(
        f"c{index} {'jsonb' if isinstance(field, models.JSONField) else field.db_type(connection)}"
        for index, (field, _column_, _type) in enumerate(columns)
    )
    names = ", ".join(quote(column) for _field, column, _type in columns)
    aliases = ", ".join(f"c{index}" for index in range(len(columns)))
    jsons = [index for index, (field, _c, _t) in enumerate(columns)
             if isinstance(field, models.JSONField)]  # fmt: skip
    result = []
    with transaction.atomic(), _cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {staging} (row_position integer, {definitions}) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY {staging} FROM STDIN") as copy:  # noqa: S608
            for position, row in enumerate(rows):
                if jsons:
                    row = list(row)
                    for index in jsons:
                        row[index] = _value(columns[index][0], row[index])
                copy.write_row((position, *row))
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608
            f"SELECT {aliases} FROM {staging} ORDER BY row_position{tail}"
        )
        if returning:
            result = cursor.fetchall()
        cursor.execute(f"DROP TABLE {staging}")
    return result

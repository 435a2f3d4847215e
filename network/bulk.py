"""Writing many rows in one statement, for sweeps that claim thousands of things at once.

`rows_insert` sends each column as one array and lets PostgreSQL `unnest` them: one round
trip per chunk, no model instances, and `ON CONFLICT … DO NOTHING` when a unique index
is the claim (the rows it skipped are simply not returned). `rows_update` sets one column
of many rows from a list of (primary key, value) pairs.

    claimed = rows_insert(ReminderClaim, ["rule", "object_id", ...], rows,
                          conflict=["rule", "object_id", "occurrence", "recipient"],
                          returning=["id", "object_id"])

Like Django's bulk_create on PostgreSQL, the rows come back in the order they were given
(skipped ones left out): the statement inserts them ordered by their position.
"""

import json
from collections.abc import Sequence

from django.db import connection, models

CHUNK = 5000


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
    arrays = ", ".join(f"%s::{array_type}[]" for _field, _column_, array_type in columns)
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
    result = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params = [
                [_value(field, row[index]) for row in chunk]
                for index, (field, _column_, _type) in enumerate(columns)
            ]
            cursor.execute(sql, params)
            if returning:
                result.extend(cursor.fetchall())
    return result


def rows_update(model: type[models.Model], field: str, pairs: Sequence[tuple]) -> int:
    """Set `field` of each row to its value: `pairs` are (primary key, value)."""
    if not pairs:
        return 0
    pk_field, pk_column, pk_type = _column(model, model._meta.pk.name)
    target, column, array_type = _column(model, field)
    table = connection.ops.quote_name(model._meta.db_table)
    value = "v.value::jsonb" if isinstance(target, models.JSONField) else "v.value"
    sql = (
        f"UPDATE {table} SET {connection.ops.quote_name(column)} = {value} "  # noqa: S608
        f"FROM unnest(%s::{pk_type}[], %s::{array_type}[]) AS v(pk, value) "
        f"WHERE {table}.{connection.ops.quote_name(pk_column)} = v.pk"
    )
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), CHUNK):
            chunk = pairs[start : start + CHUNK]
            cursor.execute(
                sql, [[pk for pk, _value_ in chunk], [_value(target, v) for _pk, v in chunk]]
            )
            updated += cursor.rowcount
    return updated

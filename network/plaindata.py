"""Template contexts kept in the database (an email rendered by the worker that sends it,
an in-app notification rendered when it is read): plain data only, so what is rendered
later is what was meant now, and nothing holds a model instance.

Allowed: str, int, float, bool, None, date, datetime, Decimal, and lists and dicts (with
str keys) of those. Dates, datetimes and decimals are tagged so that they come back as
themselves (`{{ due_on|date }}` works on a stored context). Anything else is refused at
once, in the caller's transaction, with the key that held it."""

import datetime
from decimal import Decimal

_PLAIN = {str, int, float, bool}
_TAGS = {"$date": datetime.date.fromisoformat, "$datetime": datetime.datetime.fromisoformat,
         "$decimal": Decimal}  # fmt: skip


def plain_data(value, *, key: str = "context"):
    """`value` as JSON-ready data; TypeError for anything that is not plain data."""
    if value is None or type(value) in _PLAIN:  # the common case first: a sweep's 100,000
        return value
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, list | tuple):
        return [plain_data(item, key=f"{key}[{n}]") for n, item in enumerate(value)]
    if isinstance(value, dict):
        if not all(isinstance(name, str) for name in value):
            raise TypeError(f"{key}: keys must be strings")
        return {
            name: item
            if type(item) in _PLAIN or item is None
            else plain_data(item, key=f"{key}.{name}")
            for name, item in value.items()
        }
    raise TypeError(
        f"{key} is a {type(value).__name__}: a stored context holds plain data only "
        "(text, numbers, dates, lists, dicts)"
    )


def from_plain_data(value):
    """The inverse of plain_data."""
    if isinstance(value, list):
        return [from_plain_data(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, raw),) = value.items()
            if tag in _TAGS and isinstance(raw, str):
                return _TAGS[tag](raw)
        return {name: from_plain_data(item) for name, item in value.items()}
    return value

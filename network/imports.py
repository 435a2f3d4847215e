"""The one spreadsheet import: what every upload-preview-confirm of a table shares.

An import (the member register, an evaluation's offline checklist) is:
1. the upload is checked (network/files.py) and kept privately in a `KeptUpload` row
   (network/models/imports.py) with its status: has errors, or ready;
2. `parse_sheet` reads it within limits (network/spreadsheets.py), matches the header
   row to the import's columns (any accepted spelling, accents and case ignored),
   cleans each row with the import's own function, and collects every error as a plain
   dict naming the spreadsheet row (the header is row 1), the column and a reason code
   with its values — stored as JSON, put into words in the reader's language only when
   shown (`error_message`), listed by templates/includes/import_errors.html;
3. the preview says what confirming would change; nothing is saved while errors remain;
4. confirming re-reads the kept file (never a second upload) and applies it;
5. `kept_uploads_sweep` deletes uploads never confirmed, and the files of confirmed ones.
"""

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network import spreadsheets
from network.exports import read_back
from network.models.imports import ImportStatus

# An upload waits this long for its confirmation; then the sweep deletes it.
KEPT_FOR = timedelta(hours=24)
SWEEP_BATCH = 2000

# Reasons every import may give (each import adds its own).
MESSAGES = {
    "missing_column": _("The column is missing; the file needs the columns %(columns)s."),
    "required": _("A value is required."),
    "too_long": _("At most %(max)s characters."),
    "bad_choice": _("“%(value)s” is not one of: %(choices)s."),
    "empty": _("The file has no rows of data."),
}


@dataclass
class ParsedSheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, clean values)
    errors: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        """Rows of data read: the clean ones and those with errors."""
        return len(self.rows) + len({error["row"] for error in self.errors if error["row"] > 1})


def normalize_header(header) -> str:
    """A header cell as the import compares it: lower case, no accents, words joined by
    "_" ("Año de nacimiento" → "ano_de_nacimiento")."""
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    text = text.strip().lower().replace("(", " ").replace(")", " ")
    return "_".join(text.replace("-", " ").replace("/", " ").split())


def header_names(columns: Iterable[str], aliases: dict[str, list[str]]) -> dict[str, str]:
    """{accepted spelling: column} for `header_positions`."""
    return {name: name for name in columns} | {
        normalize_header(alias): name for name, spellings in aliases.items() for alias in spellings
    }


def cell_text(cells: list, index: int | None) -> str:
    """A cell as text: whole numbers without ".0", trimmed, our own export's formula quote
    undone (network.exports.safe_cell)."""
    value = cells[index] if index is not None and index < len(cells) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    return read_back(text)


def parse_sheet(
    data: bytes,
    file_format: str,
    *,
    limits: spreadsheets.Limits,
    names: dict[str, str],
    required: Iterable[str],
    clean_row: Callable[[dict, int], tuple[dict, list]],
    unique: str | None = None,
    duplicate_code: str = "duplicate",
) -> ParsedSheet:
    """Read a spreadsheet into clean rows and errors. `names` maps header spellings to
    columns (`header_names`); `clean_row(raw, row_number)` turns one row's texts into
    (values, errors); `unique` names a clean value no two rows may share."""
    result = ParsedSheet()
    try:
        table = spreadsheets.read_rows(data, file_format, limits=limits)
    except spreadsheets.SpreadsheetRefused as refused:
        result.errors.append({"row": 1, "column": "", "code": refused.code, **refused.params})
        return result
    if not table:
        result.errors.append({"row": 1, "column": "", "code": "empty"})
        return result
    positions: dict[str, int] = {}
    for index, header in enumerate(table[0]):
        name = names.get(normalize_header(header))
        if name and name not in positions:
            positions[name] = index
        elif str(header or "").strip():
            result.ignored_columns.append(str(header).strip())
    for column in required:
        if column not in positions:
            result.errors.append({"row": 1, "column": column, "code": "missing_column"})
    if result.errors:
        return result
    seen: dict = {}
    for number, cells in enumerate(table[1:], start=2):
        raw = {name: cell_text(cells, index) for name, index in positions.items()}
        if not any(raw.values()):
            continue
        values, errors = clean_row(raw, number)
        key = values.get(unique) if unique else None
        if key not in (None, ""):
            if key in seen:
                errors.append(
                    {"row": number, "column": unique, "code": duplicate_code, "value": key,
                     "other": seen[key]}
                )  # fmt: skip
            else:
                seen[key] = number
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append((number, values))
    if not result.rows and not result.errors:
        result.errors.append({"row": 1, "column": "", "code": "empty"})
    return result


def error_message(error: dict, messages: dict | None = None, **params) -> str:
    """An error of an import in the active language: the import's own `messages` first,
    then the shared ones, then the reader's (network.spreadsheets.MESSAGES). `params`
    fill what the stored error does not carry (the accepted values, the columns...)."""
    values = {"max": "", **params, **error}
    for table in (messages or {}, MESSAGES, spreadsheets.MESSAGES):
        if error["code"] in table:
            return str(table[error["code"]]) % values
    raise KeyError(error["code"])


def errors_shown(errors: list[dict], *, message, column_label) -> list[dict]:
    """Rows for templates/includes/import_errors.html, in the reader's language."""
    return [
        {
            "row": error["row"],
            "column": column_label(error["column"]) if error["column"] else "",
            "reason": message(error),
        }
        for error in errors
    ]


def kept_uploads_sweep(model, *, older_than: timedelta = KEPT_FOR, now=None) -> dict:
    """Delete uploads of `model` (a KeptUpload) never confirmed within `older_than`
    (their rows and kept files), and the kept files of confirmed ones (what they held is
    saved; the file may be personal data nobody needs any more). Running it twice, or
    two at once, deletes nothing twice: rows are claimed with SKIP LOCKED and a file
    already gone is not an error."""
    cutoff = (now or timezone.now()) - older_than
    unconfirmed = [ImportStatus.INVALID, ImportStatus.READY]
    deleted = files_dropped = 0
    while True:
        with transaction.atomic():
            stale = list(
                model.objects.select_for_update(skip_locked=True)
                .filter(status__in=unconfirmed, created_at__lt=cutoff)
                .values_list("pk", "file_name")[:SWEEP_BATCH]
            )
            model.objects.filter(pk__in=[pk for pk, _name in stale]).delete()
        _delete_files(name for _pk, name in stale)
        deleted += len(stale)
        if len(stale) < SWEEP_BATCH:
            break
    while True:
        with transaction.atomic():
            applied = list(
                model.objects.select_for_update(skip_locked=True)
                .filter(status=ImportStatus.APPLIED, applied_at__lt=cutoff)
                .exclude(file_name="")
                .values_list("pk", "file_name")[:SWEEP_BATCH]
            )
            model.objects.filter(pk__in=[pk for pk, _name in applied]).update(file_name="")
        _delete_files(name for _pk, name in applied)
        files_dropped += len(applied)
        if len(applied) < SWEEP_BATCH:
            break
    return {"deleted": deleted, "files_dropped": files_dropped}


def _delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)  # FileSystemStorage ignores a missing file

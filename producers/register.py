"""Reading, checking and writing member registers as CSV or XLSX files (no database).

A file becomes rows of clean values or a list of errors, each error naming the
spreadsheet row (the header is row 1), the column and a reason code; the reason is put
into words in the reader's language only when shown (`error_message`). Reading, header
matching and the errors' form are the shared import's (network/imports.py).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from network import imports, spreadsheets
from network.text import clean_name

MAX_ROWS = 50_000
LIMITS = spreadsheets.Limits(rows=MAX_ROWS, columns=100)
COLUMNS = [
    "code",
    "name",
    "gender",
    "birth_year",
    "community",
    "total_area_ha",
    "production_area_ha",
    "covered_area_ha",
    "beehives",
    "products",
    "organic_status",
    "active",
]
REQUIRED = ("code", "name")
COLUMN_LABELS = {
    "code": _("code"),
    "name": _("name"),
    "gender": _("gender"),
    "birth_year": _("year of birth"),
    "community": _("community"),
    "total_area_ha": _("total area (ha)"),
    "production_area_ha": _("area in production (ha)"),
    "covered_area_ha": _("area under cover (ha)"),
    "beehives": _("beehives"),
    "products": _("products"),
    "organic_status": _("organic status"),
    "active": _("active"),
}
# Header spellings accepted besides the column names themselves (normalized: lower case,
# no accents, words joined by "_").
_ALIASES = {
    "code": ["codigo", "member_code", "codigo_socio", "codigo_de_socio"],
    "name": ["nombre", "nombre_completo", "full_name", "nome"],
    "gender": ["genero", "sexo", "sex", "genre"],
    "birth_year": ["year_of_birth", "ano_de_nacimiento", "ano_nacimiento", "anio_nacimiento"],
    "community": ["comunidad", "comunidade", "communaute"],
    "total_area_ha": ["total_area", "area_total_ha", "area_total"],
    "production_area_ha": ["production_area", "area_produccion_ha", "area_en_produccion_ha"],
    "covered_area_ha": ["area_under_cover_ha", "area_cubierta_ha", "area_bajo_cubierta_ha"],
    "beehives": ["colmenas", "colmeias", "ruches"],
    "products": ["productos", "produtos", "produits"],
    "organic_status": ["estado_organico", "organico", "organic"],
    "active": ["activo", "ativo", "actif"],
}
_CHOICES = {
    "gender": {
        "f": "f", "female": "f", "woman": "f", "mujer": "f", "femenino": "f", "mulher": "f",
        "feminino": "f", "femme": "f", "feminin": "f",
        "m": "m", "male": "m", "man": "m", "hombre": "m", "masculino": "m", "h": "m",
        "homem": "m", "homme": "m", "masculin": "m",
        "o": "o", "other": "o", "otro": "o", "otra": "o", "outro": "o", "outra": "o",
        "autre": "o", "": "",
    },
    "organic_status": {
        "organic": "organic", "organico": "organic", "o": "organic", "org": "organic",
        "biologique": "organic", "bio": "organic",
        "transition": "transition", "transicion": "transition", "t": "transition",
        "transicao": "transition", "conversion": "transition", "en_conversion": "transition",
        "en_transicion": "transition", "em_transicao": "transition",
        "conventional": "conventional", "convencional": "conventional", "c": "conventional",
        "conventionnel": "conventional",
        "": "",
    },
    "active": {
        "yes": True, "si": True, "sim": True, "oui": True, "true": True, "1": True, "x": True,
        "no": False, "nao": False, "non": False, "false": False, "0": False, "": True,
    },
}  # fmt: skip
_TEXT_LIMITS = {"code": 40, "name": 200, "community": 120, "products": 200}
_AREA_MAX = Decimal("100000")
_HUNDREDTH = Decimal("0.01")

# The register's own reasons; the shared ones (missing column, required, too long, bad
# choice) are network.imports.MESSAGES, the file's refusals network.spreadsheets.MESSAGES.
ERROR_MESSAGES = {
    "duplicate_code": _("The code “%(value)s” is also used in row %(other)s."),
    "not_a_number": _("“%(value)s” is not a number."),
    "negative": _("“%(value)s” is negative."),
    "too_large": _("“%(value)s” is larger than %(max)s."),
    "not_whole": _("“%(value)s” is not a whole number."),
    "not_a_year": _("“%(value)s” is not a year between 1900 and %(max)s."),
    "production_over_total": _("The area in production is larger than the total area."),
    "empty": _("The file has no rows of members."),
}
# The accepted values an error names, in the reader's language; each word is one the
# import accepts (tests/producers/test_register_import.py checks every language).
_CHOICE_HINTS = {
    "gender": "F, M, O",
    "organic_status": _("organic, transition, conventional"),
    "active": _("yes, no"),
}


def error_message(error: dict) -> str:
    """An error of a register, in the active language."""
    return imports.error_message(
        error,
        ERROR_MESSAGES,
        columns=", ".join(REQUIRED),
        choices=_CHOICE_HINTS.get(error["column"], ""),
    )


def column_label(column: str) -> str:
    return str(COLUMN_LABELS.get(column, column))


_normalize = imports.normalize_header
_HEADER_NAMES = imports.header_names(COLUMNS, _ALIASES)


def parse_register(
    data: bytes, file_format: str, *, today: date | None = None
) -> imports.ParsedSheet:
    """Clean members, or errors (network/imports.py reads the file and the header)."""
    max_year = (today or date.today()).year
    return imports.parse_sheet(
        data,
        file_format,
        limits=LIMITS,
        names=_HEADER_NAMES,
        required=REQUIRED,
        clean_row=lambda raw, number: _clean_row(raw, number, max_year),
        unique="code",
        duplicate_code="duplicate_code",
    )


def _clean_row(raw: dict, number: int, max_year: int) -> tuple[dict, list]:
    values, errors = {}, []

    def fail(column, code, **params):
        errors.append({"row": number, "column": column, "code": code, **params})

    for column in ("code", "name", "community", "products"):
        text = raw.get(column, "")
        if column == "name":
            text = clean_name(text)
        if column in REQUIRED and not text:
            fail(column, "required")
        elif len(text) > _TEXT_LIMITS[column]:
            fail(column, "too_long", max=_TEXT_LIMITS[column])
        values[column] = text
    for column in ("gender", "organic_status", "active"):
        text = raw.get(column, "")
        key = _normalize(text)
        if key not in _CHOICES[column]:
            fail(column, "bad_choice", value=text)
        else:
            values[column if column != "active" else "is_active"] = _CHOICES[column][key]
    year = raw.get("birth_year", "")
    values["birth_year"] = None
    if year:
        if not year.isdigit() or not 1900 <= int(year) <= max_year:
            fail("birth_year", "not_a_year", value=year, max=max_year)
        else:
            values["birth_year"] = int(year)
    for column in ("total_area_ha", "production_area_ha", "covered_area_ha"):
        values[column] = _decimal(raw.get(column, ""), column, fail)
    hives = raw.get("beehives", "")
    values["beehives"] = None
    if hives:
        number_value = _decimal(hives, "beehives", fail)
        if number_value is not None:
            if number_value != number_value.to_integral_value():
                fail("beehives", "not_whole", value=hives)
            else:
                values["beehives"] = int(number_value)
    total, production = values.get("total_area_ha"), values.get("production_area_ha")
    if total is not None and production is not None and production > total:
        fail("production_area_ha", "production_over_total")
    return values, errors


def _decimal(text: str, column: str, fail) -> Decimal | None:
    if not text:
        return None
    cleaned = text.replace(" ", "")
    if "," in cleaned and "." in cleaned:
        thousands = "," if cleaned.index(",") < cleaned.index(".") else "."
        cleaned = cleaned.replace(thousands, "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        fail(column, "not_a_number", value=text)
        return None
    if not value.is_finite():
        fail(column, "not_a_number", value=text)
        return None
    if value < 0:
        fail(column, "negative", value=text)
        return None
    if value > _AREA_MAX:
        fail(column, "too_large", value=text, max=_AREA_MAX)
        return None
    return value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


# --- Writing ---------------------------------------------------------------------------

_GENDER_OUT = {"f": "F", "m": "M", "o": "O", "": ""}


def export_rows(members):
    """One line per member, in the columns an import reads back (header: COLUMNS)."""
    for member in members:
        yield [
            member.code,
            member.name,
            _GENDER_OUT.get(member.gender, ""),
            member.birth_year,
            member.community,
            member.total_area_ha,
            member.production_area_ha,
            member.covered_area_ha,
            member.beehives,
            member.products,
            member.organic_status,
            "yes" if member.is_active else "no",
        ]

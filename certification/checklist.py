"""An evaluation's offline checklist as a spreadsheet: written for the lead evaluator to
fill in where there is no signal, read back through the shared import
(network/imports.py). No database here: the services plan and apply what is read.

One row per finding, keyed by the finding's number, with the version of the finding
when the file was made: a row whose finding changed on the server since then is a
conflict for a person to resolve, never silently overwritten."""

from django.utils.translation import gettext_lazy as _

from certification.models import FindingResult
from network import imports, spreadsheets

COLUMNS = [
    "finding",
    "section",
    "criterion",
    "class",
    "text",
    "self_evaluation",
    "result",
    "comment",
    "version",
]
REQUIRED = ("finding", "result", "comment", "version")
COLUMN_LABELS = {
    "finding": _("finding"),
    "section": _("section"),
    "criterion": _("criterion"),
    "class": _("class"),
    "text": _("text"),
    "self_evaluation": _("self-evaluation"),
    "result": _("result"),
    "comment": _("comment"),
    "version": _("version"),
}
_ALIASES = {
    "finding": ["hallazgo", "constatacao", "constat", "id"],
    "result": ["resultado", "resultat"],
    "comment": ["comentario", "comentarios", "commentaire", "observacion", "observaciones"],
    "version": ["version_stamp"],
}
# Results as codes (what the file is written with) or words in the four languages.
_RESULTS = {
    "": "",
    "c": "C", "compliant": "C", "cumple": "C", "conforme": "C",
    "nc": "NC", "non_compliant": "NC", "no_cumple": "NC", "no_conforme": "NC",
    "nao_conforme": "NC", "non_conforme": "NC",
    "nr": "NR", "not_reviewed": "NR", "no_revisado": "NR", "nao_revisado": "NR",
    "non_examine": "NR", "non_verifie": "NR",
    "na": "NA", "n_a": "NA", "not_applicable": "NA", "no_aplica": "NA", "no_aplicable": "NA",
    "nao_se_aplica": "NA", "nao_aplicavel": "NA", "non_applicable": "NA",
}  # fmt: skip
assert set(_RESULTS.values()) == {"", *FindingResult.values}
COMMENT_MAX = 10_000
# How a person resolves a conflict: keep the file's values, or those stored meanwhile.
KEEP_FILE, KEEP_SERVER = "file", "server"
LIMITS = spreadsheets.Limits(rows=2_000, columns=30)

ERROR_MESSAGES = {
    "not_a_finding": _("“%(value)s” is not a finding of this evaluation."),
    "duplicate_finding": _("The finding “%(value)s” is also in row %(other)s."),
    "bad_version": _("“%(value)s” is not the version this file was made with."),
    "empty": _("The file has no rows of findings."),
}


def error_message(error: dict) -> str:
    return imports.error_message(
        error,
        ERROR_MESSAGES,
        columns=", ".join(REQUIRED),
        choices="C, NC, NR, NA",
    )


def column_label(column: str) -> str:
    return str(COLUMN_LABELS.get(column, column))


_HEADER_NAMES = imports.header_names(COLUMNS, _ALIASES)


def parse_checklist(data: bytes, file_format: str, *, finding_ids: set[int]) -> imports.ParsedSheet:
    """Each row as {"finding", "result", "comment", "version"}, or its errors; a finding
    must be one of `finding_ids` (the evaluation's)."""

    def clean_row(raw: dict, number: int):
        values, errors = {}, []

        def fail(column, code, **params):
            errors.append({"row": number, "column": column, "code": code, **params})

        text = raw.get("finding", "")
        if not text:
            fail("finding", "required")
        elif not text.isdigit() or int(text) not in finding_ids:
            fail("finding", "not_a_finding", value=text)
        else:
            values["finding"] = int(text)
        result = raw.get("result", "")
        key = imports.normalize_header(result)
        if key not in _RESULTS:
            fail("result", "bad_choice", value=result)
        else:
            values["result"] = _RESULTS[key]
        comment = raw.get("comment", "")
        if len(comment) > COMMENT_MAX:
            fail("comment", "too_long", max=COMMENT_MAX)
        values["comment"] = comment.replace("\r\n", "\n")
        version = raw.get("version", "")
        if not version.isdigit() or int(version) < 1:
            fail("version", "bad_version", value=version)
        else:
            values["version"] = int(version)
        return values, errors

    return imports.parse_sheet(
        data,
        file_format,
        limits=LIMITS,
        names=_HEADER_NAMES,
        required=REQUIRED,
        clean_row=clean_row,
        unique="finding",
        duplicate_code="duplicate_finding",
    )


def export_rows(findings, *, answers: dict[int, str]):
    """One line per finding, in COLUMNS (texts in the active language)."""
    for finding in findings:
        criterion = finding.criterion
        yield [
            finding.pk,
            f"{criterion.section.code}. {criterion.section.name}",
            criterion.code,
            criterion.get_criterion_class_display(),
            str(criterion.text),
            answers.get(criterion.pk, ""),
            finding.result,
            finding.comment,
            finding.version,
        ]

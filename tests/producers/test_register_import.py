"""Member register import and export: preview with per-row errors in the reader's
language, nothing saved while errors remain, idempotent re-import, CSV and XLSX."""

import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from network.models import ActivityLog
from producers.models import Member, MemberImport
from producers.register import error_message, parse_register
from tests.producers.factories import MemberFactory

HEADER = "code,name,gender,birth_year,community,total_area_ha,production_area_ha,covered_area_ha,beehives,products,organic_status,active\n"  # noqa: E501
GOOD = HEADER + (
    "S-001,Rosa Quispe,F,1975,Santa Teresa,5,3.5,,,café,organic,yes\n"
    "S-002,Juan Mamani,M,2001,Huayopata,12,10,,,café,transition,yes\n"
    "S-003,Lucía Condori,F,1990,Maranura,2,1,0.5,,cacao,,no\n"
)


def csv_upload(text: str, name: str = "socios.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, name="socios.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload(client, organization, file):
    return client.post(f"/organizations/{organization.pk}/members/import/", {"file": file})


def test_it_reads_spanish_headers_and_decimal_commas():
    parsed = parse_register(
        "Código;Nombre;Sexo;Año de nacimiento;Área en producción (ha)\n"
        "A1;Ana;mujer;1980;2,5\n".encode(),
        "csv",
    )
    assert parsed.errors == []
    assert parsed.rows[0][1]["production_area_ha"] == Decimal("2.50")
    assert parsed.rows[0][1]["gender"] == "f"


def test_it_names_row_column_and_reason_for_each_bad_cell():
    text = HEADER + (
        "S-001,Rosa,F,1975,,5,3,,,,,yes\n"
        ",Sin Código,F,1975,,5,3,,,,,yes\n"
        "S-003,Ana,X,19x5,,5,7,,,,,yes\n"
        "S-001,Repetida,F,1975,,5,3,,,,,yes\n"
        "S-005,Colmenas,F,1975,,,,,12.5,,,maybe\n"
    )
    errors = {
        (e["row"], e["column"], e["code"]) for e in parse_register(text.encode(), "csv").errors
    }
    assert errors == {
        (3, "code", "required"),
        (4, "gender", "bad_choice"),
        (4, "birth_year", "not_a_year"),
        (4, "production_area_ha", "production_over_total"),
        (5, "code", "duplicate_code"),
        (6, "beehives", "not_whole"),
        (6, "active", "bad_choice"),
    }


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr"])
@pytest.mark.parametrize(
    ("column", "meanings"),
    [("organic_status", ["organic", "transition", "conventional"]), ("active", [True, False])],
)
def test_a_bad_choice_names_the_accepted_words_in_the_readers_language_and_they_import(
    language, column, meanings
):
    with translation.override(language):
        message = error_message({"row": 2, "column": column, "code": "bad_choice", "value": "?"})
    words = message.rsplit(": ", 1)[1].rstrip(".").split(", ")
    if language != "en":
        assert words != {"organic_status": ["organic", "transition", "conventional"],
                         "active": ["yes", "no"]}[column]  # fmt: skip
    key = "is_active" if column == "active" else column
    for word, meaning in zip(words, meanings, strict=True):
        parsed = parse_register(f"code,name,{column}\nA1,Ana,{word}\n".encode(), "csv")
        assert parsed.errors == [], (language, word)
        assert parsed.rows[0][1][key] == meaning, (language, word)


def test_a_file_with_errors_saves_nothing_and_reports_in_the_users_language(
    client, coop_a, coop_a_admin
):
    coop_a_admin.language = "en"
    coop_a_admin.save()
    client.force_login(coop_a_admin)
    response = upload(client, coop_a, csv_upload(GOOD + "S-004,Pedro,M,1890,,1,1,,,,,yes\n"))
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert '<td class="number">5</td><td>year of birth</td>' in page
    assert "is not a year between 1900 and" in page
    assert Member.objects.count() == 0
    assert MemberImport.objects.get().status == MemberImport.Status.INVALID
    assert client.post(response["Location"]).status_code == 200  # confirming is refused
    assert Member.objects.count() == 0

    coop_a_admin.language = "es"
    coop_a_admin.save()
    page = client.get(response["Location"]).content.decode()
    assert "año de nacimiento" in page
    assert "no es un año entre 1900 y" in page


def test_confirming_imports_the_kept_file_without_uploading_it_again(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    response = upload(client, coop_a, csv_upload(GOOD))
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert Member.objects.count() == 0  # the preview saves nothing
    assert "3" in preview
    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    rosa = Member.objects.get(organization=coop_a, code="S-001")
    assert (rosa.name, rosa.gender, rosa.birth_year, rosa.production_area_ha) == (
        "Rosa Quispe", "f", 1975, Decimal("3.50"),
    )  # fmt: skip
    assert Member.objects.get(code="S-003").is_active is False
    entry = ActivityLog.objects.get(verb="register.imported")
    assert entry.changes["created"] == 3
    assert entry.scope_id == str(coop_a.pk)
    assert client.post(response["Location"]).status_code == 200  # not twice
    assert Member.objects.count() == 3


def test_re_importing_the_same_file_changes_nothing_and_a_changed_row_updates_one(
    client, coop_a, coop_a_admin
):
    client.force_login(coop_a_admin)
    client.post(upload(client, coop_a, csv_upload(GOOD))["Location"])
    stamps = dict(Member.objects.values_list("code", "updated_at"))

    again = upload(client, coop_a, csv_upload(GOOD))
    assert MemberImport.objects.get(pk=again["Location"].split("/")[-2]).summary["unchanged"] == 3
    client.post(again["Location"])
    assert dict(Member.objects.values_list("code", "updated_at")) == stamps

    changed = upload(client, coop_a, csv_upload(GOOD.replace("Huayopata,12,10", "Huayopata,12,11")))
    client.post(changed["Location"])
    summary = MemberImport.objects.get(pk=changed["Location"].split("/")[-2]).summary
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 2)
    assert Member.objects.get(code="S-002").production_area_ha == Decimal("11")
    assert Member.objects.count() == 3


def test_xlsx_imports_like_csv(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    rows = [["code", "name", "gender", "production_area_ha", "beehives"],
            [101, "Ana", "F", 2.5, None], ["X-2", "Luis", "M", None, 300]]  # fmt: skip
    response = upload(client, coop_a, xlsx_upload(rows))
    client.post(response["Location"])
    assert dict(Member.objects.values_list("code", "production_area_ha")) == {
        "101": Decimal("2.50"),
        "X-2": None,
    }
    assert Member.objects.get(code="X-2").beehives == 300


def test_a_file_that_is_not_a_register_is_refused_with_the_reason(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    fake = SimpleUploadedFile("socios.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    response = upload(client, coop_a, fake)
    assert response.status_code == 200
    assert "no es de uno de los tipos aceptados" in response.content.decode()
    assert MemberImport.objects.count() == 0


def test_the_uploaded_file_is_kept_privately_under_a_server_chosen_name(
    client, coop_a, coop_a_admin, settings
):
    client.force_login(coop_a_admin)
    upload(client, coop_a, csv_upload(GOOD, name="../../etc/passwd.csv"))
    kept = MemberImport.objects.get()
    assert kept.file_name.startswith(f"imports/{coop_a.pk}/")
    assert "passwd" not in kept.file_name
    assert default_storage.path(kept.file_name).startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_another_cooperative_cannot_confirm_someone_elses_import(
    client, coop_a, coop_a_admin, coop_b_admin
):
    client.force_login(coop_a_admin)
    location = upload(client, coop_a, csv_upload(GOOD))["Location"]
    client.force_login(coop_b_admin)
    assert client.post(location).status_code == 404
    assert Member.objects.count() == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_reads_back_as_the_same_register(client, coop_a, coop_a_viewer, file_format):
    MemberFactory(organization=coop_a, code="E1", name="=cmd()", covered_area_ha=Decimal("0.25"))
    MemberFactory(organization=coop_a, code="E2", gender="", birth_year=None, is_active=False)
    MemberFactory(organization=coop_a, code="E3", name="@Luis", community="-Alto",
                  products="+café", total_area_ha=Decimal("1234.56"), beehives=12)  # fmt: skip
    client.force_login(coop_a_viewer)
    response = client.get(f"/organizations/{coop_a.pk}/members/export.{file_format}")
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).active
        assert sheet["B2"].value == "'=cmd()"  # no formula injection
    parsed = parse_register(body, file_format)
    assert parsed.errors == []
    rows = {values["code"]: values for _row, values in parsed.rows}
    assert rows["E1"]["name"] == "=cmd()"
    assert rows["E1"]["covered_area_ha"] == Decimal("0.25")
    assert rows["E2"]["is_active"] is False
    assert rows["E2"]["birth_year"] is None
    assert (rows["E3"]["name"], rows["E3"]["community"], rows["E3"]["products"]) == (
        "@Luis",
        "-Alto",
        "+café",
    )
    assert (rows["E3"]["total_area_ha"], rows["E3"]["beehives"]) == (Decimal("1234.56"), 12)


def test_hostile_spreadsheets_are_refused_with_the_reason_and_nothing_kept(
    client, coop_a, coop_a_editor
):
    """Any organization editor could upload these (issue 7): the dimension bomb reaches
    the preview as one clear error; the 400 MiB archive is refused by the form."""
    from tests.network.test_spreadsheets import DIMENSION_BOMB, inflating_xlsx

    client.force_login(coop_a_editor)
    response = upload(client, coop_a, SimpleUploadedFile("socios.xlsx", DIMENSION_BOMB))
    member_import = MemberImport.objects.get()
    assert response["Location"].endswith(f"/members/import/{member_import.pk}/")
    assert member_import.status == MemberImport.Status.INVALID
    assert member_import.errors == [{"row": 1, "column": "", "code": "too_many_rows", "max": 50000}]
    preview = client.get(response["Location"]).content.decode()
    assert "El archivo tiene más de 50000 filas." in preview

    response = upload(client, coop_a, SimpleUploadedFile("socios.xlsx", inflating_xlsx()))
    assert response.status_code == 200
    assert "se descomprimiría en 401 MB" in response.content.decode()
    assert MemberImport.objects.count() == 1
    assert Member.objects.count() == 0

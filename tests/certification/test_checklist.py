"""The offline checklist round trip through the pages: the lead evaluator downloads the
XLSX, changes 10 findings offline — one with a result the import does not know — while a
colleague saves one of them on the server; the preview names the bad row and shows the
conflict, and saves nothing; the fixed file, its conflict resolved, saves the 10 changes,
each in the activity log."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from certification import checklist
from certification.models import ChecklistImport, Finding
from certification.services import evaluations as services
from network.models import ActivityLog
from tests.certification.evaluation_helpers import body_person, ready_application, started
from tests.producers.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(standard_v1):
    organization = OrganizationFactory(legal_name="Cooperativa Valle Alto")
    application = ready_application(organization=organization, standard_version=standard_v1)
    lead = body_person(
        application.certification_body, "lidia@andina.example.org", cleared_for=[organization]
    )
    colleague = body_person(
        application.certification_body, "tomas@andina.example.org", cleared_for=[organization]
    )
    evaluation = started(application, lead, team=[colleague])
    evaluation.lead, evaluation.colleague = lead, colleague
    return evaluation


def download(client, evaluation) -> bytes:
    response = client.get(reverse("certification:checklist_download", args=[evaluation.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def edited(data: bytes, changes: dict[int, tuple[str, str]]) -> bytes:
    """The workbook with, for each finding id, (result, comment) written in its row."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    columns = {name: header.index(name) + 1 for name in ("finding", "result", "comment")}
    for row in range(2, sheet.max_row + 1):
        finding = sheet.cell(row=row, column=columns["finding"]).value
        if finding in changes:
            result, comment = changes[finding]
            sheet.cell(row=row, column=columns["result"], value=result)
            sheet.cell(row=row, column=columns["comment"], value=comment)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, evaluation, data: bytes):
    sheet = SimpleUploadedFile("lista-verificacion.xlsx", data)
    response = client.post(
        reverse("certification:checklist_upload", args=[evaluation.pk]), {"file": sheet}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), ChecklistImport.objects.latest("pk")


def test_the_offline_round_trip_shows_errors_and_conflicts_then_saves_the_changes(
    client, evaluation
):
    lead, colleague = evaluation.lead, evaluation.colleague
    client.force_login(lead)
    data = download(client, evaluation)
    rows = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [cell.value for cell in rows[1]] == checklist.COLUMNS
    findings = list(evaluation.findings.order_by("pk")[:10])
    wanted = {f.pk: ("C", f"Revisado en campo {n}.") for n, f in enumerate(findings)}
    wanted[findings[3].pk] = ("NC", "No hay acta de la asamblea.")
    wanted[findings[4].pk] = ("no aplica", "Sin socios con colmenas.")  # a word, not a code
    bad = dict(wanted)
    bad[findings[9].pk] = ("Cumplido", "Revisado en campo 9.")  # not a result the file knows

    # Meanwhile, a colleague saves one of those findings on the server.
    services.finding_save(
        finding=findings[0], by=colleague, result="NR", comment="Sin tiempo.", version=1
    )

    before = ActivityLog.objects.filter(verb="finding.imported").count()
    page, first = upload(client, evaluation, edited(data, bad))
    assert first.status == ChecklistImport.Status.INVALID
    assert len(first.errors) == 1
    error = first.errors[0]
    assert (error["row"], error["column"], error["value"]) == (
        first_row_of(data, findings[9].pk),
        "result",
        "Cumplido",
    )
    html = page.content.decode()
    with translation.override("es"):
        assert checklist.error_message(error) in html  # in the reader's language
    assert [c["finding"] for c in first.summary["conflicts"]] == [findings[0].pk]
    assert "Sin tiempo." in html  # the stored value, shown with the conflict
    assert not Finding.objects.filter(pk__in=wanted, comment__startswith="Revisado").exists()

    # The fixed file: the conflict to resolve, then 10 findings saved and logged.
    page, second = upload(client, evaluation, edited(data, wanted))
    assert second.status == ChecklistImport.Status.READY and second.errors == []
    assert len(second.summary["changes"]) == 9 and len(second.summary["conflicts"]) == 1
    url = reverse("certification:checklist_preview", args=[evaluation.pk, second.pk])
    refused = client.post(url, {})  # a conflict left unresolved: nothing saved
    assert refused.status_code == 200
    assert Finding.objects.get(pk=findings[0].pk).comment == "Sin tiempo."
    saved = client.post(url, {f"keep_{findings[0].pk}": "file", f"seen_{findings[0].pk}": 2})
    assert saved.status_code == 302
    for finding in Finding.objects.filter(pk__in=wanted):
        result, comment = wanted[finding.pk]
        assert finding.comment == comment
        assert finding.result == ("NA" if result == "no aplica" else result)
        assert finding.updated_by == lead
    assert ActivityLog.objects.filter(verb="finding.imported").count() == before + 10
    second.refresh_from_db()
    assert second.status == ChecklistImport.Status.APPLIED


def first_row_of(data: bytes, finding_pk: int) -> int:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if row[0] == finding_pk:
            return number
    raise AssertionError(finding_pk)


def test_keeping_the_stored_values_and_a_finding_saved_after_the_preview(client, evaluation):
    lead, colleague = evaluation.lead, evaluation.colleague
    client.force_login(lead)
    data = download(client, evaluation)
    first, second = evaluation.findings.order_by("pk")[:2]
    services.finding_save(finding=first, by=colleague, result="NR", comment="Servidor.", version=1)
    _page, sent = upload(
        client,
        evaluation,
        edited(data, {first.pk: ("C", "Archivo."), second.pk: ("C", "Archivo 2.")}),
    )
    url = reverse("certification:checklist_preview", args=[evaluation.pk, sent.pk])

    # The second finding is saved on the server after the preview: confirming stops.
    services.finding_save(finding=second, by=colleague, result="NR", comment="Después.", version=1)
    stopped = client.post(url, {f"keep_{first.pk}": "server", f"seen_{first.pk}": 2})
    assert stopped.status_code == 200
    sent.refresh_from_db()
    assert sent.status == ChecklistImport.Status.READY
    assert {c["finding"] for c in sent.summary["conflicts"]} == {first.pk, second.pk}

    done = client.post(
        url,
        {
            f"keep_{first.pk}": "server",
            f"seen_{first.pk}": 2,
            f"keep_{second.pk}": "server",
            f"seen_{second.pk}": 2,
        },
    )
    assert done.status_code == 302
    assert Finding.objects.get(pk=first.pk).comment == "Servidor."
    assert Finding.objects.get(pk=second.pk).comment == "Después."


def test_a_file_of_another_evaluation_or_not_a_spreadsheet_is_refused(
    client, evaluation, standard_v1
):
    client.force_login(evaluation.lead)
    other = started(
        ready_application(
            organization=evaluation.application.organization,
            body=evaluation.application.certification_body,
            standard_version=standard_v1,
        ),
        evaluation.lead,
    )
    _page, foreign = upload(client, evaluation, download(client, other))
    assert foreign.status == ChecklistImport.Status.INVALID
    assert {error["code"] for error in foreign.errors} == {"not_a_finding"}
    response = client.post(
        reverse("certification:checklist_upload", args=[evaluation.pk]),
        {"file": SimpleUploadedFile("lista.xlsx", b"%PDF-1.4 not a workbook")},
    )
    assert response.status_code == 200  # the form says why; nothing kept
    assert ChecklistImport.objects.filter(evaluation=evaluation).count() == 1

"""The evaluation report PDF: what it holds (read back from the PDF's text), in the
organization's language, "page N of M" on every page; one file per version however often
the task runs; a report whose worker died is marked failed and made on retry; a new
version keeps the older ones; the cooperative and the committee get a link by email."""

import datetime
import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from certification.models import EvaluationReport, FindingResult
from certification.services import evaluations as services
from certification.services import reports
from network.models import OutboxMessage, RoleKind
from tests.certification.evaluation_helpers import (
    body_person,
    ready_application,
    record_all,
    started,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import OrganizationFactory, ProductNetworkFactory, grant

pytestmark = pytest.mark.django_db
NON_COMPLIANT = ("2.1", "4.2")


def pdf_text(report: EvaluationReport) -> tuple[str, list[str]]:
    with default_storage.open(report.file_name, "rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    return " ".join(" ".join(pages).split()), pages


def submitted(standard, *, country="PE", legal_name="Cooperativa Agraria Valle Alto"):
    organization = OrganizationFactory(
        legal_name=legal_name,
        country=country,
        products=[ProductNetworkFactory(slug="coffee", name="Café")],
    )
    application = ready_application(organization=organization, standard_version=standard)
    lead = body_person(
        application.certification_body,
        f"lidia.{country.lower()}@andina.example.org",
        full_name="Lidia Quispe",
        cleared_for=[organization],
    )
    evaluation = started(application, lead)
    record_all(evaluation, lead, non_compliant=NON_COMPLIANT)
    services.evaluation_texts_save(
        evaluation=evaluation,
        by=lead,
        version=evaluation.version,
        data={
            "strengths": "Asambleas con buena participación de mujeres.",
            "next_evaluation_points": "Revisar los contratos de 2026.",
            "distribution_list": "Consejo de administración\nComité de certificación",
        },
    )
    services.evaluation_submit(evaluation=evaluation, by=lead)
    return evaluation, lead


def test_the_report_holds_every_section_and_non_compliance_with_page_numbers(standard_v1):
    evaluation, _lead = submitted(standard_v1)
    report = evaluation.reports.get()
    assert reports.report_make(report_id=report.pk) is True
    report.refresh_from_db()
    text, pages = pdf_text(report)
    assert report.pages == len(pages) > 3
    assert "Cooperativa Agraria Valle Alto" in text and "Lidia Quispe" in text and "Café" in text
    for section in standard_v1.sections.all():
        assert section.name_es in text, section.code
    for finding in evaluation.findings.filter(result=FindingResult.NON_COMPLIANT):
        assert f"No cumple {finding.criterion.code}: falta el acta." in text
    assert "Asambleas con buena participación de mujeres." in text
    assert "Comité de certificación" in text
    with translation.override("es"):
        words = gettext("page {page} of {pages}")
    for number, page in enumerate(pages, start=1):
        assert words.format(page=number, pages=len(pages)) in " ".join(page.split())


def test_a_brazilian_cooperative_gets_its_report_in_portuguese(standard_v1):
    evaluation, _lead = submitted(standard_v1, country="BR", legal_name="Cooperativa Mel do Sul")
    report = evaluation.reports.get()
    assert report.language == "pt"
    reports.report_make(report_id=report.pk)
    report.refresh_from_db()
    text, pages = pdf_text(report)
    with translation.override("pt"):
        words = gettext("page {page} of {pages}")
        title = gettext("Evaluation report")
    assert words.format(page=1, pages=len(pages)) in " ".join(pages[0].split())
    assert title in text
    html = reports.report_html(report, generated_at=timezone.now())
    assert '<html lang="pt">' in html
    assert 'lang="es"' in html  # criteria texts exist in es and en: Spanish, marked


def test_running_the_task_again_keeps_one_report_for_the_version(standard_v1):
    evaluation, _lead = submitted(standard_v1)
    report = evaluation.reports.get()
    assert [reports.report_make(report_id=report.pk) for _ in range(3)] == [True, False, False]
    report.refresh_from_db()
    folder = f"reports/evaluations/{evaluation.pk}"
    assert default_storage.listdir(folder)[1] == ["report-v1.pdf"]
    assert EvaluationReport.objects.filter(evaluation=evaluation).count() == 1


def test_a_report_whose_worker_died_is_failed_by_the_sweep_and_made_on_retry(standard_v1):
    evaluation, lead = submitted(standard_v1)
    report = evaluation.reports.get()
    from certification.models import REPORT

    REPORT.move(report, "start", started_at=timezone.now())  # a worker claimed it, then died
    assert reports.reports_sweep() == 0  # not yet: it may still be working
    later = timezone.now() + reports.RUNNING_LOST_AFTER + datetime.timedelta(minutes=1)
    assert reports.reports_sweep(now=later) == 1
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.FAILED
    assert reports.report_make(report_id=report.pk) is False  # failed waits for a person
    reports.report_retry(report=report, by=lead)
    assert reports.report_make(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.DONE


def test_a_new_version_after_corrective_actions_keeps_the_old_one(client, standard_v1):
    evaluation, lead = submitted(standard_v1)
    first = evaluation.reports.get()
    reports.report_make(report_id=first.pk)
    evaluation.refresh_from_db()
    coop_admin = make_user("ana@valle.example.org")
    grant(coop_admin, RoleKind.ORG_ADMIN, organization=evaluation.application.organization)
    finding = evaluation.findings.get(criterion__code="2.1")
    action = services.corrective_action_propose(
        finding=finding,
        by=coop_admin,
        action="Convocar la asamblea extraordinaria.",
        responsible="Rosa Quispe",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    for person in (coop_admin, lead):  # the page lists the action for both
        client.force_login(person)
        page = client.get(reverse("certification:evaluation_detail", args=[evaluation.pk]))
        assert "Convocar la asamblea extraordinaria." in page.content.decode()
    for person in (coop_admin, lead):  # the page lists the action for both
        client.force_login(person)
        page = client.get(reverse("certification:evaluation_detail", args=[evaluation.pk]))
        assert "Convocar la asamblea extraordinaria." in page.content.decode()
    services.corrective_action_review(corrective_action=action, by=lead, accept=True)
    second = reports.report_request(evaluation=evaluation, by=lead)
    reports.report_make(report_id=second.pk)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.file_name != second.file_name and first.sha256 != second.sha256
    assert default_storage.exists(first.file_name)
    text, _pages = pdf_text(second)
    assert "Convocar la asamblea extraordinaria." in text and "Rosa Quispe" in text


def test_the_cooperative_and_the_committee_get_a_link_in_their_language(standard_v1):
    evaluation, _lead = submitted(standard_v1)
    organization = evaluation.application.organization
    body = evaluation.application.certification_body
    coop = make_user("ana@valle.example.org", language="en")
    grant(coop, RoleKind.ORG_ADMIN, organization=organization)
    member = body_person(
        body, "cora@andina.example.org", kind=RoleKind.COMMITTEE, cleared_for=[organization]
    )
    undeclared = body_person(body, "ciro@andina.example.org", kind=RoleKind.COMMITTEE)
    reports.report_make(report_id=evaluation.reports.get().pk)
    sent = {message.to: message for message in OutboxMessage.objects.all()}
    assert set(sent) == {coop.email, member.email}
    assert undeclared.email not in sent
    assert sent[coop.email].language == "en"
    assert f"/certification/evaluations/{evaluation.pk}/" in sent[coop.email].body_text
    assert evaluation.reports.get().sha256 in sent[member.email].body_text


def non_compliance_block(html: str, code: str) -> str:
    start = html.index(f"<h3>{code} ·")
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("country", "line"),
    [
        ("PE", "Acción correctiva que debe proponerse a más tardar el {due}"),
        ("BZ", "Corrective action to be proposed by {due}"),  # Belize: English
    ],
)
def test_the_report_says_by_when_each_non_compliance_awaits_a_proposal(
    standard_v1, settings, country, line
):
    """The first version is the issue: its non-compliances are to be answered
    CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS after it, in the report's language; a
    later version leaves the line out for one whose action was accepted, and keeps the
    first version's date for the others."""
    from django.utils.formats import date_format

    settings.CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS = 30
    evaluation, lead = submitted(standard_v1, country=country)
    first = evaluation.reports.get()
    generated_at = timezone.now()

    def in_language(day):
        with translation.override(first.language):
            return line.format(due=date_format(day))

    due = timezone.localdate(generated_at) + datetime.timedelta(days=30)
    html = reports.report_html(first, generated_at=generated_at)  # as the worker renders it
    for code in NON_COMPLIANT:
        assert in_language(due) in non_compliance_block(html, code), code

    reports.report_make(report_id=first.pk)
    first.refresh_from_db()
    evaluation.refresh_from_db()
    due = timezone.localdate(first.generated_at) + datetime.timedelta(days=30)
    coop_admin = make_user(f"ana.{country.lower()}@valle.example.org")
    grant(coop_admin, RoleKind.ORG_ADMIN, organization=evaluation.application.organization)
    action = services.corrective_action_propose(
        finding=evaluation.findings.get(criterion__code="2.1"), by=coop_admin,
        action="Convocar la asamblea extraordinaria.", responsible="Rosa Quispe",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    services.corrective_action_review(corrective_action=action, by=lead, accept=True)
    second = reports.report_request(evaluation=evaluation, by=lead)
    html = reports.report_html(second, generated_at=timezone.now() + datetime.timedelta(days=2))
    accepted, open_one = non_compliance_block(html, "2.1"), non_compliance_block(html, "4.2")
    assert "Convocar la asamblea extraordinaria." in accepted
    assert line.split("{")[0] not in accepted
    assert in_language(due) in open_one

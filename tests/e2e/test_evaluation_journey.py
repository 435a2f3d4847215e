"""An evaluator declares no conflict, plans and records a whole on-site evaluation at
1024 px (some non-compliances, saved as they go by htmx), submits; the real worker makes
the report, the page shows it done without a reload, and the PDF's text has the
organization, every section and each non-compliance. The cooperative proposes corrective
actions; the evaluator accepts them. axe checks the section and evaluation pages at
360 and 1280 px. Headless Chromium against the live server."""

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader

from certification.models import CorrectiveAction, Evaluation, FindingResult
from network.models import RoleKind
from producers.models import MembershipStatus
from tests.certification.evaluation_helpers import body_person, ready_application
from tests.certification.factories import load_standard_file
from tests.e2e.axe import describe, horizontal_overflow, serious_violations
from tests.fixtures.personas import make_user
from tests.producers.factories import OrganizationFactory, grant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NON_COMPLIANT = {"2.1": "No hay actas de asamblea de 2025.", "6.2": "Falta el registro de ventas."}
REPORT_TIMEOUT = 90_000


def es(text: str) -> str:
    with translation.override("es"):
        return gettext(text)


@pytest.fixture
def file_ready(db):
    standard = load_standard_file("sps-spo-1.yaml")
    organization = OrganizationFactory(
        legal_name="Cooperativa Agraria Cafetalera Valle Alto",
        short_name="Valle Alto",
        membership_status=MembershipStatus.MEMBER,
    )
    application = ready_application(organization=organization, standard_version=standard)
    evaluator = body_person(
        application.certification_body, "elena@andina.example.org", full_name="Elena Evaluadora"
    )
    coop_admin = make_user("ana@valle-alto.example.org", full_name="Ana Administradora")
    grant(coop_admin, RoleKind.ORG_ADMIN, organization=organization)
    return standard, application, evaluator, coop_admin


def test_an_on_site_evaluation_from_declaration_to_accepted_corrective_actions(
    page, sign_in, celery_worker_process, mailbox, file_ready
):
    standard, application, evaluator, coop_admin = file_ready
    organization = application.organization
    page.set_viewport_size({"width": 1024, "height": 800})
    sign_in(evaluator)

    # Before declaring, the file does not exist for the evaluator.
    assert page.goto(f"/certification/applications/{application.pk}/evaluations/new/").status == 404
    page.goto("/certification/conflicts/")
    page.locator("#id_q").fill("Valle Alto")
    page.locator("#id_q").press("Enter")
    page.get_by_role("link", name=organization.legal_name).click()
    page.locator("input[value=none]").check()
    page.get_by_role("button", name=es("Record my declaration")).click()

    # Plan and start.
    page.get_by_role("link", name=es("Evaluations"), exact=True).first.click()
    page.get_by_role("link", name=es("Plan the evaluation")).click()
    page.locator("input[name=risk_level][value=medium]").check()
    page.locator("#id_risk_rationale").fill("Primera certificación; dos centros de acopio.")
    page.locator("input[name=evaluation_type][value=on_site]").check()
    page.locator("#id_planned_start_on").fill("2026-03-02")
    page.locator("#id_planned_end_on").fill("2026-03-04")
    page.locator("#id_lead_evaluator").select_option(str(evaluator.pk))
    page.get_by_role("button", name=es("Plan the evaluation")).click()
    page.get_by_role("button", name=es("Start the evaluation")).click()
    evaluation = Evaluation.objects.get(application=application)
    assert evaluation.status == Evaluation.Status.IN_PROGRESS

    # Every section, one page each: a result per finding, saved as the evaluator goes.
    sections = list(standard.sections.filter(criteria__findings__evaluation=evaluation).distinct())
    for section in sections:
        page.goto(f"/certification/evaluations/{evaluation.pk}/sections/{section.pk}/")
        for finding in evaluation.findings.filter(criterion__section=section):
            form = page.locator(f"#finding-{finding.pk}")
            code = finding.criterion.code
            if code in NON_COMPLIANT:
                form.locator("textarea").fill(NON_COMPLIANT[code])
                form.locator("input[value=NC]").check()
            else:
                form.locator("input[value=C]").check()
        page.wait_for_load_state("networkidle")
        last = evaluation.findings.filter(criterion__section=section).last()
        expect(page.locator(f"#finding-{last.pk}-status")).not_to_be_empty()
    recorded = evaluation.findings.exclude(result="")
    assert recorded.count() == evaluation.findings.count()
    assert set(
        evaluation.findings.filter(result=FindingResult.NON_COMPLIANT).values_list(
            "criterion__code", flat=True
        )
    ) == set(NON_COMPLIANT)

    # Submit: the report job updates on the page, without a reload, until it is done.
    page.goto(f"/certification/evaluations/{evaluation.pk}/")
    page.get_by_role("button", name=es("Submit the evaluation")).click()
    status = page.locator("#report-status")
    expect(status).to_be_visible()
    with page.expect_download(timeout=REPORT_TIMEOUT) as download:
        status.get_by_role("link", name=es("Download the report (PDF)")).click(
            timeout=REPORT_TIMEOUT
        )
    text = " ".join(
        " ".join(
            p.extract_text()
            for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages
        ).split()
    )
    assert organization.legal_name in text
    for section in sections:
        assert section.name_es in text, section.code
    for code, comment in NON_COMPLIANT.items():
        assert comment in text, code

    # axe on the evaluator's pages, on a phone and a desktop.
    found = []
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for path in (
            f"/certification/evaluations/{evaluation.pk}/",
            f"/certification/evaluations/{evaluation.pk}/sections/{sections[1].pk}/",
        ):
            page.goto(path)
            violations = serious_violations(page)
            if violations:
                found.append(f"{path} at {width}: {describe(violations)}")
            if width == 360 and (overflow := horizontal_overflow(page)):
                found.append(f"{path} at 360 px is {overflow} px too wide")
    assert not found, "\n".join(found)
    page.set_viewport_size({"width": 1024, "height": 800})

    # The cooperative answers each non-compliance.
    page.context.clear_cookies()
    sign_in(coop_admin)
    page.goto(f"/certification/evaluations/{evaluation.pk}/")
    for code in NON_COMPLIANT:
        page.locator(f"#nc-{evaluation.findings.get(criterion__code=code).pk}").get_by_role(
            "link", name=es("Propose a corrective action")
        ).click()
        page.locator("#id_action").fill(f"Corregir {code} con la asamblea.")
        page.locator("#id_responsible").fill("Rosa Quispe")
        page.locator("#id_due_on").fill("2030-06-30")
        page.get_by_role("button", name=es("Send to the evaluators")).click()
        expect(page.get_by_text(f"Corregir {code} con la asamblea.")).to_be_visible()

    # The evaluator accepts them.
    page.context.clear_cookies()
    sign_in(evaluator)
    page.goto(f"/certification/evaluations/{evaluation.pk}/")
    for _code in NON_COMPLIANT:
        page.get_by_role("link", name=es("Review this action")).first.click()
        page.locator("input[name=decision][value=accept]").check()
        page.get_by_role("button", name=es("Record my decision")).click()
    actions = CorrectiveAction.objects.filter(finding__evaluation=evaluation)
    assert actions.count() == 2
    assert set(actions.values_list("status", flat=True)) == {CorrectiveAction.Status.ACCEPTED}

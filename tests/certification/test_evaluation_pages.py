"""The evaluation's pages: planning with only cleared evaluators offered, a section of
findings in constant queries, autosave per finding through htmx and the plain form,
the stored value shown when two people save the same finding, the report's job state
refreshed by htmx until it is done, and who may do what (404 outside, 403 inside)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import Evaluation, EvaluationType, Finding
from certification.services import evaluations as services
from certification.services import reports
from network.models import RoleKind
from tests.certification.evaluation_helpers import (
    body_person,
    ready_application,
    record_all,
    started,
)
from tests.certification.factories import (
    ConflictDeclarationFactory,
    CriterionFactory,
    SectionFactory,
    SelfEvaluationAnswerFactory,
    StandardVersionFactory,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import (
    CertificationBodyFactory,
    DocumentFactory,
    OrganizationFactory,
    grant,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def organization():
    return OrganizationFactory(legal_name="Cooperativa Valle Alto")


def section_of(criteria: int):
    version = StandardVersionFactory(code=f"sps-test-{criteria}")
    section = SectionFactory(standard_version=version, code="4", name_es="Producción")
    CriterionFactory.create_batch(criteria, standard_version=version, section=section)
    return version, section


def in_progress(organization, criteria=3):
    version, section = section_of(criteria)
    application = ready_application(organization=organization, standard_version=version)
    lead = body_person(
        application.certification_body,
        f"lead{criteria}@andina.example.org",
        cleared_for=[organization],
    )
    return started(application, lead), lead, section


def test_planning_offers_only_evaluators_cleared_for_the_organization(client, organization):
    application = ready_application(organization=organization)
    body = application.certification_body
    lead = body_person(
        body, "lidia@andina.example.org", full_name="Lidia", cleared_for=[organization]
    )
    body_person(body, "ugo@andina.example.org", full_name="Ugo Sin Declarar")
    conflicted = body_person(body, "carla@andina.example.org", full_name="Carla Conflicto")
    ConflictDeclarationFactory(person=conflicted, organization=organization, outcome="conflict")
    client.force_login(lead)
    url = reverse("certification:evaluation_plan", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Lidia" in page and "Ugo Sin Declarar" not in page and "Carla Conflicto" not in page
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "risk_level": "medium",
            "risk_rationale": "Primera certificación.",
            "evaluation_type": EvaluationType.ON_SITE,
            "planned_start_on": today.isoformat(),
            "planned_end_on": today.isoformat(),
            "lead_evaluator": lead.pk,
            "team": [conflicted.pk],  # forged: not offered
        },
    )
    assert response.status_code == 200 and not Evaluation.objects.exists()
    response = client.post(
        url,
        {
            "risk_level": "medium",
            "risk_rationale": "Primera certificación.",
            "evaluation_type": EvaluationType.ON_SITE,
            "planned_start_on": today.isoformat(),
            "planned_end_on": today.isoformat(),
            "lead_evaluator": lead.pk,
        },
    )
    evaluation = Evaluation.objects.get()
    assert response["Location"] == reverse("certification:evaluation_detail", args=[evaluation.pk])


def answer_everything(evaluation, organization):
    """The cooperative's self-evaluation answer for every criterion, each citing a document."""
    minutes = DocumentFactory(organization=organization, doc_type="other", title="Actas 2025")
    for finding in evaluation.findings.select_related("criterion"):
        SelfEvaluationAnswerFactory(
            application=evaluation.application, criterion=finding.criterion, documents=[minutes]
        )
    return minutes


def test_a_section_page_takes_the_same_queries_for_10_and_150_findings(client, organization):
    counts = []
    for criteria in (10, 150):
        evaluation, lead, section = in_progress(organization, criteria)
        answer_everything(evaluation, organization)
        client.force_login(lead)
        url = reverse("certification:evaluation_section", args=[evaluation.pk, section.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('class="card finding"') == criteria
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_each_finding_shows_the_self_evaluation_answer_and_links_its_documents(
    client, organization
):
    evaluation, lead, section = in_progress(organization)
    minutes = answer_everything(evaluation, organization)
    client.force_login(lead)
    html = client.get(
        reverse("certification:evaluation_section", args=[evaluation.pk, section.pk])
    ).content.decode()
    link = reverse(
        "certification:self_evaluation_document", args=[evaluation.application.pk, minutes.pk]
    )
    assert html.count(f'href="{link}"') == 3
    assert html.count("Lo muestran las actas de la asamblea.") == 3


def test_autosave_through_htmx_changes_only_the_status_and_the_version(client, organization):
    evaluation, lead, section = in_progress(organization)
    finding = evaluation.findings.first()
    client.force_login(lead)
    page = client.get(reverse("certification:evaluation_section", args=[evaluation.pk, section.pk]))
    html = page.content.decode()
    assert 'src="/static/js/htmx.min.js' in html
    assert f'hx-target="#finding-{finding.pk}-status"' in html
    url = reverse("certification:finding_save", args=[evaluation.pk, finding.pk])
    prefix = f"f{finding.pk}"
    response = client.post(
        url,
        {f"{prefix}-result": "NC", f"{prefix}-comment": "Falta el acta.", f"{prefix}-version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'hx-swap-oob="true"' in body and 'value="2"' in body and "<form" not in body
    finding.refresh_from_db()
    assert (finding.result, finding.comment, finding.version) == ("NC", "Falta el acta.", 2)


def test_a_second_save_of_the_same_finding_shows_what_is_stored_and_keeps_the_typing(
    client, organization
):
    evaluation, lead, _section = in_progress(organization)
    colleague = body_person(
        evaluation.application.certification_body,
        "tomas@andina.example.org",
        cleared_for=[organization],
    )
    finding = evaluation.findings.first()
    services.finding_save(
        finding=finding, by=colleague, result="C", comment="Todo en orden.", version=1
    )
    client.force_login(lead)
    url = reverse("certification:finding_save", args=[evaluation.pk, finding.pk])
    prefix = f"f{finding.pk}"
    typed = {
        f"{prefix}-result": "NC",
        f"{prefix}-comment": "Mi nota del campo.",
        f"{prefix}-version": 1,
    }
    response = client.post(url, typed, **HTMX)
    body = response.content.decode()
    assert response["HX-Retarget"] == f"#finding-{finding.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    assert "Todo en orden." in body and "Mi nota del campo." in body
    assert f'name="{prefix}-version" value="2"' in body  # saving again is deliberate
    finding.refresh_from_db()
    assert finding.comment == "Todo en orden."

    # The same without JavaScript: the finding's own page, same refusal.
    plain = client.post(url, typed)
    assert plain.status_code == 200 and "Todo en orden." in plain.content.decode()
    finding.refresh_from_db()
    assert finding.comment == "Todo en orden."


def test_the_plain_form_saves_and_comes_back_to_the_finding_and_refuses_bad_input(
    client, organization
):
    evaluation, lead, section = in_progress(organization)
    finding = evaluation.findings.first()
    client.force_login(lead)
    url = reverse("certification:finding_save", args=[evaluation.pk, finding.pk])
    prefix = f"f{finding.pk}"
    refused = client.post(
        url, {f"{prefix}-result": "NC", f"{prefix}-comment": " ", f"{prefix}-version": 1}
    )
    assert refused.status_code == 200
    assert Finding.objects.get(pk=finding.pk).result == ""
    junk = client.post(url, {f"{prefix}-result": "XX", f"{prefix}-version": "nope"})
    assert junk.status_code == 200
    saved = client.post(
        url, {f"{prefix}-result": "C", f"{prefix}-comment": "", f"{prefix}-version": 1}
    )
    section_url = reverse("certification:evaluation_section", args=[evaluation.pk, section.pk])
    assert saved["Location"] == f"{section_url}#finding-{finding.pk}"


def test_the_cooperative_sees_the_plan_but_not_the_findings_until_the_report(client, organization):
    evaluation, lead, section = in_progress(organization)
    editor = make_user("edu@valle.example.org")
    grant(editor, RoleKind.ORG_EDITOR, organization=organization)
    finding = evaluation.findings.first()
    client.force_login(editor)
    assert (
        client.get(reverse("certification:evaluation_detail", args=[evaluation.pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("certification:evaluation_section", args=[evaluation.pk, section.pk])
        ).status_code
        == 403
    )
    prefix = f"f{finding.pk}"
    touched = client.post(
        reverse("certification:finding_save", args=[evaluation.pk, finding.pk]),
        {f"{prefix}-result": "C", f"{prefix}-version": 1},
    )
    assert touched.status_code == 403
    other_body = body_person(
        CertificationBodyFactory(name="Certificadora del Norte"),
        "otto@norte.example.org",
        cleared_for=[organization],
    )
    client.force_login(other_body)
    assert (
        client.get(reverse("certification:evaluation_detail", args=[evaluation.pk])).status_code
        == 404
    )


def test_the_report_job_is_refreshed_by_htmx_until_it_is_done(client, organization):
    evaluation, lead, _section = in_progress(organization)
    record_all(evaluation, lead)
    client.force_login(lead)
    submit = reverse("certification:evaluation_move", args=[evaluation.pk, "submit"])
    assert client.post(submit).status_code == 302
    detail = client.get(
        reverse("certification:evaluation_detail", args=[evaluation.pk])
    ).content.decode()
    status_url = reverse("certification:report_status", args=[evaluation.pk])
    assert f'hx-get="{status_url}"' in detail and 'hx-trigger="every 2s"' in detail
    assert 'src="/static/js/htmx.min.js' in detail
    reports.report_make(report_id=evaluation.reports.get().pk)
    fragment = client.get(status_url, **HTMX).content.decode()
    assert "hx-trigger" not in fragment and "<html" not in fragment
    report = evaluation.reports.get()
    assert report.sha256 in fragment
    download = client.get(reverse("certification:report_download", args=[evaluation.pk, 1]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_evaluation_list_takes_the_same_queries_for_2_and_20_rows(client, organization):
    """Every row an issued evaluation with a non-compliance past its proposal deadline:
    the late proposals are counted in the list's query, not row by row."""
    import datetime

    from certification.models import EvaluationReport, FindingResult
    from tests.certification.evaluation_helpers import evaluation_in, finding_in

    version = StandardVersionFactory(code="sps-list", criteria=1)
    body = CertificationBodyFactory()
    evaluator = body_person(body, "lidia@andina.example.org", cleared_for=[organization])
    client.force_login(evaluator)
    client.get(reverse("certification:evaluation_list"))  # the session's first request writes it
    issued_at = timezone.now() - datetime.timedelta(days=90)
    counts = []
    for rows in (2, 20):
        for _ in range(rows - Evaluation.objects.count()):
            evaluation = evaluation_in(
                Evaluation.Status.REPORT_ISSUED,
                application=ready_application(
                    organization=organization, body=body, standard_version=version
                ),
            )
            finding_in(evaluation, result=FindingResult.NON_COMPLIANT)
            EvaluationReport.objects.create(
                evaluation=evaluation, number=1, language="es", sha256="0" * 64,
                status=EvaluationReport.Status.DONE, generated_at=issued_at,
            )  # fmt: skip
            ready_application(organization=organization, body=body, standard_version=version)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("certification:evaluation_list"))
        html = response.content.decode()
        assert html.count("/certification/evaluations/") >= rows
        assert html.count("/evaluations/new/") == 2 * rows  # every ready application
        assert html.count('<span class="badge badge-danger">1</span>') == rows  # each late
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_evaluation_list_counts_late_actions_and_late_proposals_as_overdue(
    client, organization, settings
):
    """One number per evaluation, for the cooperative and the evaluators alike: actions
    past their due date and non-compliances past the day to propose one by."""
    import datetime
    import re

    import time_machine

    settings.CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS = 30
    evaluation, lead, _section = in_progress(organization)
    first, second = evaluation.findings.select_related("criterion").order_by("pk")[:2]
    codes = {first.criterion.code, second.criterion.code}
    record_all(evaluation, lead, non_compliant=codes)
    services.evaluation_submit(evaluation=evaluation, by=lead)
    reports.report_make(report_id=evaluation.reports.get().pk)
    editor = make_user("edu@valle.example.org")
    grant(editor, RoleKind.ORG_EDITOR, organization=organization)
    today = timezone.localdate()
    services.corrective_action_propose(
        finding=Finding.objects.get(pk=first.pk), by=editor, action="Convocar la asamblea.",
        responsible="Rosa Quispe", due_on=today + datetime.timedelta(days=10),
    )  # fmt: skip

    def overdue(person, days):
        on = today + datetime.timedelta(days=days)
        when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
        with time_machine.travel(when, tick=False):
            client.logout()  # a new session each time: the clock jumps weeks
            client.force_login(person)
            html = client.get(reverse("certification:evaluation_list")).content.decode()
        row = html[html.index(f"/certification/evaluations/{evaluation.pk}/") :]
        return re.search(r'<td class="number">(.*?)</td>', row).group(1)

    assert overdue(editor, 5) == "0"
    assert overdue(editor, 11) == '<span class="badge badge-danger">1</span>'  # the action
    for person in (editor, lead):  # and the non-compliance left without one, day 31
        assert overdue(person, 31) == '<span class="badge badge-danger">2</span>'


def test_each_non_compliance_shows_by_when_an_action_is_to_be_proposed_and_when_late(
    client, organization, settings
):
    """From the report's issue (then from a rejection) the cooperative has
    CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS to propose an action; past that day the
    non-compliance is flagged overdue, for the cooperative and the evaluators alike."""
    import datetime

    import time_machine
    from django.utils.formats import date_format

    settings.CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS = 30
    evaluation, lead, _section = in_progress(organization)
    failed = evaluation.findings.select_related("criterion").first()
    record_all(evaluation, lead, non_compliant={failed.criterion.code})
    services.evaluation_submit(evaluation=evaluation, by=lead)
    reports.report_make(report_id=evaluation.reports.get().pk)
    editor = make_user("edu@valle.example.org")
    grant(editor, RoleKind.ORG_EDITOR, organization=organization)
    url = reverse("certification:evaluation_detail", args=[evaluation.pk])
    due = timezone.localdate() + datetime.timedelta(days=30)

    def block(person, on=None):
        when = timezone.make_aware(datetime.datetime.combine(on or timezone.localdate(),
                                                             datetime.time(10)))  # fmt: skip
        with time_machine.travel(when, tick=False):
            client.logout()  # a new session each time: the clock jumps weeks
            client.force_login(person)
            html = client.get(url).content.decode()
        start = html.index(f'id="nc-{failed.pk}"')
        return html[start : html.index("</article>", start)]

    shown = block(editor)
    assert f"Acción correctiva por proponer a más tardar el {date_format(due)}" in shown
    assert "vencida" not in shown
    for person in (editor, lead):  # flagged for everyone the day after
        late = block(person, due + datetime.timedelta(days=1))
        assert date_format(due) in late and 'badge-danger">vencida' in late

    action = services.corrective_action_propose(
        finding=Finding.objects.get(pk=failed.pk), by=editor, action="Convocar la asamblea.",
        responsible="Rosa Quispe", due_on=due + datetime.timedelta(days=60),
    )  # fmt: skip
    assert "por proponer" not in block(editor, due + datetime.timedelta(days=1))
    rejected_on = timezone.localdate() + datetime.timedelta(days=5)
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(rejected_on, datetime.time(10))), tick=False
    ):
        services.corrective_action_review(
            corrective_action=action, by=lead, accept=False, comment="Falta el acta."
        )
    again = block(editor, rejected_on)
    new_due = rejected_on + datetime.timedelta(days=30)
    assert f"a más tardar el {date_format(new_due)}" in again and "vencida" not in again

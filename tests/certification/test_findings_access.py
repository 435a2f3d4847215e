"""Who reaches an evaluation's findings pages. Before the report, the findings (and the
offline checklist, the report's texts) do not exist for the cooperative's viewers (404);
its editors, who answer non-compliances, are refused them (403). Once the report is
issued the cooperative reads the findings, viewers too, and still writes none (403)."""

import pytest
from django.urls import reverse

from certification.services import evaluations as services
from certification.services.reports import report_make
from tests.certification.evaluation_helpers import (
    body_person,
    ready_application,
    record_all,
    started,
)
from tests.certification.factories import StandardVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(coop_a):
    application = ready_application(
        organization=coop_a, standard_version=StandardVersionFactory(criteria=2)
    )
    lead = body_person(application.certification_body, "lidia@andina.example.org",
                       cleared_for=[coop_a])  # fmt: skip
    return started(application, lead)


def pages(evaluation):
    finding = evaluation.findings.first()
    reads = [
        reverse("certification:evaluation_section",
                args=[evaluation.pk, finding.criterion.section_id]),
        reverse("certification:finding_detail", args=[evaluation.pk, finding.pk]),
    ]  # fmt: skip
    entries = [
        reverse("certification:checklist_download", args=[evaluation.pk]),
        reverse("certification:checklist_upload", args=[evaluation.pk]),
        reverse("certification:evaluation_texts", args=[evaluation.pk]),
    ]
    writes = [
        reverse("certification:finding_save", args=[evaluation.pk, finding.pk]),
        reverse("certification:finding_evidence_add", args=[evaluation.pk, finding.pk]),
    ]
    return reads, entries, writes


def statuses(client, user, evaluation):
    client.force_login(user)
    reads, entries, writes = pages(evaluation)
    return (
        {client.get(url).status_code for url in reads},
        {client.get(url).status_code for url in entries},
        {client.post(url, {}).status_code for url in writes},
    )


def test_before_the_report_a_viewer_finds_nothing_and_an_editor_is_refused(
    client, evaluation, coop_a_viewer, coop_a_editor
):
    assert statuses(client, coop_a_viewer, evaluation) == ({404}, {404}, {404})
    assert statuses(client, coop_a_editor, evaluation) == ({403}, {403}, {403})
    # The evaluation itself (its plan) is the cooperative's to see.
    detail = reverse("certification:evaluation_detail", args=[evaluation.pk])
    assert client.get(detail).status_code == 200


def test_once_the_report_is_issued_the_cooperative_reads_the_findings_and_writes_none(
    client, evaluation, coop_a_viewer, coop_a_editor
):
    lead = evaluation.lead_evaluator
    record_all(evaluation, lead)
    services.evaluation_submit(evaluation=evaluation, by=lead)
    report_make(report_id=evaluation.reports.get().pk)
    evaluation.refresh_from_db()
    for person in (coop_a_viewer, coop_a_editor):
        assert statuses(client, person, evaluation) == ({200}, {403}, {403})
        report = reverse("certification:report_download", args=[evaluation.pk, 1])
        assert client.get(report).status_code == 200

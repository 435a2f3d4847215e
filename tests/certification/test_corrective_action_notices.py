"""Corrective actions tell the people who act next, through the outbox, each in their own
language: a proposal reaches the lead evaluator (who reviews it), a review reaches the
cooperative's editors and administrators (who propose again when it is rejected)."""

import pytest
from django.core import mail

from certification.models import FindingResult
from certification.services import evaluations as services
from certification.services.reports import report_make
from network.models import OutboxMessage, RoleKind
from network.outbox import outbox_deliver
from tests.certification.evaluation_helpers import (
    body_person,
    ready_application,
    record_all,
    started,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import OrganizationFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(standard_v1):
    """An on-site evaluation of Valle Alto with one non-compliance, its report issued; the
    lead evaluator reads English, the cooperative's administrator French."""
    organization = OrganizationFactory(legal_name="Cooperativa Valle Alto")
    application = ready_application(organization=organization, standard_version=standard_v1)
    lead = body_person(application.certification_body, "lidia@andina.example.org",
                       cleared_for=[organization], full_name="Lidia Líder")  # fmt: skip
    lead.language = "en"
    lead.save(update_fields=["language"])
    evaluation = started(application, lead)
    record_all(evaluation, lead, non_compliant={"2.1"})
    services.evaluation_submit(evaluation=evaluation, by=lead)
    report_make(report_id=evaluation.reports.get().pk)
    evaluation.refresh_from_db()
    editor = make_user("edu@valle.example.org", full_name="Edu Editor")
    grant(editor, RoleKind.ORG_EDITOR, organization=organization)
    admin = make_user("ana@valle.example.org", full_name="Ana Admin", language="fr")
    grant(admin, RoleKind.ORG_ADMIN, organization=organization)
    viewer = make_user("vera@valle.example.org", full_name="Vera Viewer")
    grant(viewer, RoleKind.ORG_VIEWER, organization=organization)
    OutboxMessage.objects.all().delete()
    return evaluation, lead, editor, admin


def sent(template):
    return {m.to: m for m in OutboxMessage.objects.filter(template=template)}


def propose(evaluation, editor):
    finding = evaluation.findings.get(result=FindingResult.NON_COMPLIANT)
    return services.corrective_action_propose(
        finding=finding, by=editor, action="Convocar la asamblea.", responsible="Rosa Quispe",
        due_on="2030-06-30",
    )  # fmt: skip


def test_a_proposal_reaches_the_lead_evaluator_in_their_language(issued):
    evaluation, lead, editor, _admin = issued
    action = propose(evaluation, editor)
    messages = sent("certification_corrective_action_proposed")
    assert list(messages) == [lead.email]
    message = messages[lead.email]
    assert message.language == "en"
    assert message.subject == f"{evaluation.reference}: a corrective action for 2.1 to review"
    assert "Cooperativa Valle Alto" in message.body_text
    assert "Convocar la asamblea." in message.body_text and "Rosa Quispe" in message.body_text
    assert f"/certification/evaluations/{evaluation.pk}/actions/{action.pk}/" in message.body_text
    assert outbox_deliver(message_id=message.pk) is True
    assert mail.outbox[0].to == [lead.email]


def test_an_acceptance_and_a_rejection_reach_the_cooperatives_editors_and_administrators(
    issued,
):
    evaluation, lead, editor, admin = issued
    first = propose(evaluation, editor)
    services.corrective_action_review(
        corrective_action=first, by=lead, accept=False, comment="Falta la fecha."
    )
    rejected = sent("certification_corrective_action_reviewed")
    assert set(rejected) == {editor.email, admin.email}  # not the viewer
    assert rejected[editor.email].subject == (
        f"{evaluation.reference}: acción correctiva para 2.1 rechazada"
    )
    assert "Falta la fecha." in rejected[editor.email].body_text
    assert rejected[admin.email].language == "fr"
    assert f"#nc-{first.finding_id}" in rejected[admin.email].body_text

    OutboxMessage.objects.all().delete()
    second = propose(evaluation, editor)
    services.corrective_action_review(corrective_action=second, by=lead, accept=True)
    accepted = sent("certification_corrective_action_reviewed")
    assert set(accepted) == {editor.email, admin.email}
    assert accepted[editor.email].subject == (
        f"{evaluation.reference}: acción correctiva para 2.1 aceptada"
    )


def test_nothing_is_sent_when_the_move_is_refused(issued):
    from network.workflow import GuardFailed

    evaluation, lead, editor, _admin = issued
    action = propose(evaluation, editor)
    OutboxMessage.objects.all().delete()
    with pytest.raises(GuardFailed):  # a rejection needs its reason
        services.corrective_action_review(corrective_action=action, by=lead, accept=False)
    assert not OutboxMessage.objects.exists()

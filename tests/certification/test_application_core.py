"""The application's core: filed under the standard in force and kept on it, the dates
its moves set, and who sees it (the impartiality rule included)."""

import datetime

import pytest
from django.utils import timezone

from certification.models import APPLICATION, Application, ApplicationKind
from certification.selectors import (
    ApplicationCapability,
    application_capabilities,
    applications_visible_to,
)
from certification.services.applications import application_create, application_move
from network.models import RoleKind
from network.workflow import GuardFailed
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    ready_application,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, OrganizationFactory, grant

S = Application.Status


@pytest.fixture
def editor(db):
    return make_user("editora@example.org")


@pytest.fixture
def draft(standard_v1, editor):
    """A draft ready to submit (submitting needs a complete application)."""
    organization = OrganizationFactory()
    grant(editor, RoleKind.ORG_EDITOR, organization=organization)
    return ready_application(organization=organization, by=editor)


def test_a_draft_is_created_on_the_version_in_force(standard_v1, editor):
    draft = application_create(
        by=editor, organization=OrganizationFactory(), certification_body=CertificationBodyFactory()
    )
    assert draft.standard_version == standard_v1
    assert draft.status == S.DRAFT


def test_an_application_stays_on_the_version_it_was_filed_under(draft, standard_v1):
    from tests.certification.factories import load_standard_file

    load_standard_file("sps-spo-2.yaml")
    draft.refresh_from_db()
    assert draft.standard_version == standard_v1
    assert draft.status == S.DRAFT


def test_submitting_sets_the_eligibility_deadline_from_the_version(draft, editor):
    version = draft.version
    application_move(application=draft, transition="submit", by=editor)
    draft.refresh_from_db()
    days = draft.standard_version.eligibility_review_days
    assert draft.status == S.SUBMITTED
    assert draft.eligibility_due_on == timezone.localdate() + datetime.timedelta(days=days)
    assert draft.version == version + 1


def test_only_initial_applications_get_an_objection_period(draft, editor):
    application_move(application=draft, transition="submit", by=editor)
    application_move(application=draft, transition="start_review", by=editor)
    with pytest.raises(GuardFailed):
        application_move(application=draft, transition="accept", by=editor)
    application_move(application=draft, transition="open_objections", by=editor)
    draft.refresh_from_db()
    assert draft.objection_open_on(timezone.localdate())
    assert (draft.objection_ends_on - draft.objection_starts_on).days == (
        draft.standard_version.objection_period_days
    )
    with pytest.raises(GuardFailed):  # not before the period ends
        application_move(application=draft, transition="close_objections", by=editor)
    renewal = ApplicationFactory(kind=ApplicationKind.RENEWAL, status=S.ELIGIBILITY_REVIEW)
    APPLICATION.move(renewal, "accept", by=editor)
    assert renewal.status == S.ELIGIBLE


def test_who_sees_an_application(draft, editor):
    evaluator = make_user("evaluador@example.org")
    grant(evaluator, RoleKind.EVALUATOR, certification_body=draft.certification_body)
    outsider = make_user("otra@example.org")
    grant(outsider, RoleKind.ORG_ADMIN, organization=OrganizationFactory())

    assert list(applications_visible_to(editor)) == [draft]
    assert ApplicationCapability.EDIT in application_capabilities(editor, draft)
    assert not applications_visible_to(outsider).exists()
    # A draft is the cooperative's own: the body does not see it yet.
    ConflictDeclarationFactory(person=evaluator, organization=draft.organization)
    assert not applications_visible_to(evaluator).exists()
    application_move(application=draft, transition="submit", by=editor)
    assert list(applications_visible_to(evaluator)) == [draft]
    assert application_capabilities(evaluator, draft) == {
        ApplicationCapability.VIEW,
        ApplicationCapability.REVIEW,
    }


def test_a_body_person_without_a_current_no_conflict_declaration_does_not_see_it(draft, editor):
    application_move(application=draft, transition="submit", by=editor)
    evaluator = make_user("evaluador@example.org")
    grant(evaluator, RoleKind.EVALUATOR, certification_body=draft.certification_body)
    assert not applications_visible_to(evaluator).exists()
    ConflictDeclarationFactory(
        person=evaluator,
        organization=draft.organization,
        outcome="conflict",
    )
    assert not applications_visible_to(evaluator).exists()
    # Even an organization role does not open the file to a body person with a conflict.
    grant(evaluator, RoleKind.ORG_VIEWER, organization=draft.organization)
    evaluator = type(evaluator).objects.get(pk=evaluator.pk)
    assert not applications_visible_to(evaluator).exists()

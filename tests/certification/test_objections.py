"""Objections, at the service and selector layer: kept only during the objection
period, logged without the objector's name, acknowledged in the page's language; listed
publicly while the period runs; read by the body and staff, counted for the applicant."""

import datetime

import pytest
from django.utils import timezone

from certification.models import Application, ApplicationKind, Objection
from certification.selectors import (
    applications_open_to_objections,
    may_read_objections,
    objection_count,
)
from certification.services.objections import ObjectionPeriodClosed, objection_create
from network.models import ActivityLog, OutboxMessage, RoleKind
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    StandardVersionFactory,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import grant

S = Application.Status
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def version(db):
    """One version for every application of a test (two published versions may not
    start on the same day)."""
    return StandardVersionFactory(criteria=2)


def in_period(**fields) -> Application:
    today = TODAY()
    return ApplicationFactory(
        standard_version=fields.pop("standard_version", None) or _version(),
        status=fields.pop("status", S.OBJECTION_PERIOD),
        objection_starts_on=fields.pop("starts", today - datetime.timedelta(days=3)),
        objection_ends_on=fields.pop("ends", today + datetime.timedelta(days=12)),
        **fields,
    )


def _version():
    from certification.models import StandardVersion

    return StandardVersion.objects.get()


def objection_for(application, **more):
    values = {"name": "  Rosa   Quispe ", "email": "rosa@example.org",
              "reasons": "Venden café de una finca grande.", "language": "es"}  # fmt: skip
    return objection_create(application=application, **{**values, **more})


def test_an_objection_is_kept_logged_and_acknowledged_in_the_page_language(db):
    application = in_period()
    objection = objection_for(application, language="pt", organization="Vecinos de Sandia")

    stored = Objection.objects.get()
    assert stored == objection and stored.application == application
    assert stored.name == "Rosa Quispe" and stored.organization == "Vecinos de Sandia"
    assert objection.reference == f"OBJ-{objection.pk:06d}"
    entry = ActivityLog.objects.get(verb="objection.received")
    assert entry.actor is None
    assert (entry.scope_type, entry.scope_id) == ("certification.application", str(application.pk))
    # What the applicant's people could ever read of the log says nothing of who objected.
    assert "Rosa" not in entry.target_repr and "rosa@" not in str(entry.changes)
    message = OutboxMessage.objects.get(template="certification_objection_received")
    assert message.to == "rosa@example.org" and message.language == "pt"
    assert objection.reference in message.subject
    assert "Recebemos a sua objeção" in message.body_text
    assert application.reference in message.body_text
    assert application.organization.legal_name in message.body_text


@pytest.mark.parametrize(
    "application",
    [
        pytest.param(lambda: in_period(ends=TODAY() - datetime.timedelta(days=1)), id="ended"),
        pytest.param(lambda: in_period(status=S.ELIGIBLE), id="closed by the body"),
        pytest.param(
            lambda: ApplicationFactory(status=S.ELIGIBILITY_REVIEW, standard_version=_version()),
            id="not opened",
        ),
    ],
)
def test_outside_the_period_nothing_is_kept_or_sent(db, application):
    with pytest.raises(ObjectionPeriodClosed):
        objection_for(application())
    assert not Objection.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.filter(verb="objection.received").exists()


def test_the_public_list_holds_the_applications_in_their_period_ending_soonest_first(db):
    later = in_period(ends=TODAY() + datetime.timedelta(days=14))
    sooner = in_period(ends=TODAY())
    in_period(ends=TODAY() - datetime.timedelta(days=1))  # over, not closed yet
    in_period(starts=TODAY() + datetime.timedelta(days=1))  # not started
    ApplicationFactory(status=S.ELIGIBLE, kind=ApplicationKind.RENEWAL, standard_version=_version())
    ApplicationFactory(status=S.DRAFT, standard_version=_version())

    assert list(applications_open_to_objections()) == [sooner, later]


@pytest.fixture
def application_with_objection(db):
    application = in_period()
    objection_for(application)
    return application


def test_the_body_and_staff_read_objections_the_applicant_only_counts_them(
    application_with_objection, coop_a_admin, network_staff, country_staff
):
    application = application_with_objection
    organization = application.organization
    applicant = make_user("editora@example.org")
    grant(applicant, RoleKind.ORG_EDITOR, organization=organization)
    evaluator = make_user("evaluador@example.org")
    grant(evaluator, RoleKind.EVALUATOR, certification_body=application.certification_body)
    committee = make_user("comite@example.org")
    grant(committee, RoleKind.COMMITTEE, certification_body=application.certification_body)
    for person in (evaluator, committee):
        ConflictDeclarationFactory(person=person, organization=organization)
    undeclared = make_user("sin.declarar@example.org")
    grant(undeclared, RoleKind.REVIEWER, certification_body=application.certification_body)

    assert objection_count(application) == 1
    assert may_read_objections(evaluator, application)
    assert may_read_objections(committee, application)
    assert may_read_objections(network_staff, application)
    assert may_read_objections(country_staff, application)  # Peru's staff
    assert not may_read_objections(applicant, application)
    assert not may_read_objections(coop_a_admin, application)  # another organization
    assert not may_read_objections(undeclared, application)

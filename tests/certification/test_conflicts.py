"""Conflict-of-interest declarations and the rule built on them: a certification-body
person sees an organization's files only with a current "no conflict" declaration."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from certification.models import ConflictDeclaration
from certification.selectors import (
    cleared_for,
    has_current_no_conflict,
    organizations_cleared_for,
)
from certification.services.conflicts import conflict_declare
from certification.views.access import file_open_to
from network.models import ActivityLog
from producers.models import Member
from tests.certification.factories import ConflictDeclarationFactory
from tests.producers.factories import MemberFactory, OrganizationFactory

TODAY = datetime.date(2026, 11, 23)


def declare(person, organization, outcome="none", on=TODAY, **more):
    return ConflictDeclarationFactory(
        person=person, organization=organization, outcome=outcome, declared_on=on, **more
    )


def test_a_current_no_conflict_declaration_counts(evaluator, coop_a):
    declare(evaluator, coop_a, on=TODAY - datetime.timedelta(days=30))
    assert has_current_no_conflict(evaluator, coop_a, on=TODAY)
    assert list(organizations_cleared_for(evaluator, on=TODAY)) == [coop_a]


def test_no_declaration_does_not_count(evaluator, coop_a):
    assert not has_current_no_conflict(evaluator, coop_a, on=TODAY)
    assert list(organizations_cleared_for(evaluator, on=TODAY)) == []


def test_a_declared_conflict_does_not_count(evaluator, coop_a):
    declare(evaluator, coop_a, outcome="conflict")
    assert not has_current_no_conflict(evaluator, coop_a, on=TODAY)
    assert list(organizations_cleared_for(evaluator, on=TODAY)) == []


def test_an_expired_declaration_does_not_count(evaluator, coop_a):
    declaration = declare(evaluator, coop_a, on=datetime.date(2025, 11, 1))
    assert declaration.valid_until == datetime.date(2026, 10, 31)
    assert has_current_no_conflict(evaluator, coop_a, on=datetime.date(2026, 10, 31))
    assert not has_current_no_conflict(evaluator, coop_a, on=datetime.date(2026, 11, 1))
    assert list(organizations_cleared_for(evaluator, on=datetime.date(2026, 11, 1))) == []


def test_a_later_declaration_supersedes_an_earlier_one(evaluator, coop_a):
    declare(evaluator, coop_a, on=TODAY - datetime.timedelta(days=60))
    declare(evaluator, coop_a, outcome="conflict", on=TODAY - datetime.timedelta(days=10))
    assert not has_current_no_conflict(evaluator, coop_a, on=TODAY)
    # ... and on a day before the conflict was declared, the earlier one was in force.
    assert has_current_no_conflict(evaluator, coop_a, on=TODAY - datetime.timedelta(days=20))
    declare(evaluator, coop_a, on=TODAY)  # the conflict ended; a new declaration says so
    assert has_current_no_conflict(evaluator, coop_a, on=TODAY)
    assert ConflictDeclaration.objects.filter(person=evaluator).count() == 3  # history kept


def test_a_declaration_is_personal_and_per_organization(evaluator, coop_a, coop_b):
    from tests.fixtures.personas import make_user
    from tests.producers.factories import CertificationBodyFactory, grant

    colleague = make_user("colleague.evaluator@example.org")
    grant(colleague, "evaluator", certification_body=CertificationBodyFactory())
    declare(colleague, coop_a)
    declare(evaluator, coop_b)
    assert not has_current_no_conflict(evaluator, coop_a, on=TODAY)
    assert has_current_no_conflict(colleague, coop_a, on=TODAY)


def test_the_scope_filter_excludes_conflicted_and_expired_organizations(evaluator):
    cleared, conflicted, expired, silent = OrganizationFactory.create_batch(4)
    declare(evaluator, cleared)
    declare(evaluator, conflicted, on=TODAY - datetime.timedelta(days=5))
    declare(evaluator, conflicted, outcome="conflict")
    declare(evaluator, expired, on=TODAY - datetime.timedelta(days=400))
    for organization in (cleared, conflicted, expired, silent):
        MemberFactory(organization=organization)
    assert list(organizations_cleared_for(evaluator, on=TODAY)) == [cleared]
    # The same rule filters anything that reaches an organization (future applications).
    visible = Member.objects.filter(cleared_for(evaluator, on=TODAY))
    assert {member.organization_id for member in visible} == {cleared.pk}


def test_the_file_rule_answers_404_to_certification_people_without_a_current_none(
    evaluator, coop_a, coop_a_admin
):
    with pytest.raises(Http404):
        file_open_to(evaluator, coop_a, on=TODAY)
    declare(evaluator, coop_a, outcome="conflict")
    with pytest.raises(Http404):
        file_open_to(evaluator, coop_a, on=TODAY)
    declare(evaluator, coop_a, on=TODAY)  # the same day, later: it supersedes the conflict
    assert file_open_to(evaluator, coop_a, on=TODAY) is None
    # People who do not work for a certification body are not bound by declarations.
    assert file_open_to(coop_a_admin, coop_a, on=TODAY) is None


# --- The service ------------------------------------------------------------------------


def test_declaring_records_the_declaration_and_logs_it(evaluator, coop_a):
    declaration = conflict_declare(
        person=evaluator, organization=coop_a, outcome="none", on=datetime.date(2026, 3, 15)
    )
    assert declaration.valid_until == datetime.date(2027, 3, 14)
    entry = ActivityLog.objects.get(verb="conflict_of_interest.declared")
    assert entry.actor == evaluator and entry.target_id == str(declaration.pk)
    assert entry.changes == {
        "organization": str(coop_a),
        "outcome": "none",
        "valid_until": "2027-03-14",
    }
    # The log is the declaration's own, not the organization's: its staff never see it.
    assert entry.scope_type == "certification.conflictdeclaration"


def test_the_period_is_a_setting(evaluator, coop_a, settings):
    settings.CERTIFICATION_CONFLICT_DECLARATION_MONTHS = 6
    declaration = conflict_declare(
        person=evaluator, organization=coop_a, outcome="none", on=datetime.date(2026, 8, 31)
    )
    assert declaration.valid_until == datetime.date(2027, 2, 27)


def test_only_certification_people_declare_and_conflicts_need_details(
    evaluator, coop_a, coop_a_admin
):
    with pytest.raises(PermissionDenied):
        conflict_declare(person=coop_a_admin, organization=coop_a, outcome="none")
    with pytest.raises(ValueError):
        conflict_declare(person=evaluator, organization=coop_a, outcome="conflict", details=" ")
    assert ConflictDeclaration.objects.count() == 0
    assert not ActivityLog.objects.filter(verb="conflict_of_interest.declared").exists()

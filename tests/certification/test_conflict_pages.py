"""The pages where certification-body people declare conflicts of interest (read in
Spanish, the default language)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.models import ConflictDeclaration
from producers.models import MembershipStatus
from tests.certification.factories import ConflictDeclarationFactory
from tests.producers.factories import OrganizationFactory

LIST = "/certification/conflicts/"


def declare_url(organization):
    return f"/certification/conflicts/{organization.pk}/"


def test_the_search_finds_member_organizations_by_name_and_country(client, evaluator, coop_a):
    OrganizationFactory(
        legal_name="Cooperativa Valle Bajo", membership_status=MembershipStatus.APPLICANT
    )
    OrganizationFactory(legal_name="Cooperativa Valle de México", country="MX")
    client.force_login(evaluator)
    html = client.get(LIST, {"q": "valle"}).content.decode()
    assert coop_a.legal_name in html and "Cooperativa Valle de México" in html
    assert "Valle Bajo" not in html  # an applicant, not a member
    html = client.get(LIST, {"q": "valle", "country": "PE"}).content.decode()
    assert coop_a.legal_name in html and "Valle de México" not in html
    assert declare_url(coop_a) in html


def test_declaring_no_conflict(client, evaluator, coop_a):
    client.force_login(evaluator)
    assert (
        "No tengo ningún conflicto de interés con esta organización"
        in client.get(declare_url(coop_a)).content.decode()
    )
    response = client.post(declare_url(coop_a), {"outcome": "none", "details": ""}, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.person, declaration.organization, declaration.outcome) == (
        evaluator,
        coop_a,
        "none",
    )
    html = response.content.decode()
    assert coop_a.legal_name in html and "Declarar de nuevo" in html


def test_a_conflict_without_details_is_refused_and_keeps_what_was_typed(client, evaluator, coop_a):
    client.force_login(evaluator)
    response = client.post(declare_url(coop_a), {"outcome": "conflict", "details": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indique en qué consiste el conflicto de interés." in html
    assert 'value="conflict" required id="id_outcome_1" checked' in html
    assert ConflictDeclaration.objects.count() == 0


def test_a_conflict_with_details_is_recorded_and_listed(client, evaluator, coop_a):
    client.force_login(evaluator)
    client.post(
        declare_url(coop_a), {"outcome": "conflict", "details": "Mi prima preside el consejo."}
    )
    declaration = ConflictDeclaration.objects.get()
    assert (
        declaration.outcome == "conflict" and declaration.details == "Mi prima preside el consejo."
    )
    html = client.get(declare_url(coop_a)).content.decode()
    assert "Sus declaraciones anteriores" in html and "Mi prima preside el consejo." in html


def test_organizations_outside_the_choices_are_not_found(client, evaluator):
    applicant = OrganizationFactory(membership_status=MembershipStatus.APPLICANT)
    client.force_login(evaluator)
    assert client.get(declare_url(applicant)).status_code == 404
    assert client.post(declare_url(applicant), {"outcome": "none"}).status_code == 404
    assert client.get("/certification/conflicts/999999/").status_code == 404
    assert ConflictDeclaration.objects.count() == 0


def test_an_organization_declared_for_stays_declarable_after_it_leaves(client, evaluator):
    former = OrganizationFactory(membership_status=MembershipStatus.WITHDRAWN)
    ConflictDeclarationFactory(person=evaluator, organization=former)
    client.force_login(evaluator)
    assert client.get(declare_url(former)).status_code == 200


def test_nobody_else_may_declare(client, coop_a, coop_a_admin, network_staff):
    for user in (coop_a_admin, network_staff):
        client.force_login(user)
        assert client.post(declare_url(coop_a), {"outcome": "none"}).status_code == 403
    assert ConflictDeclaration.objects.count() == 0


def test_the_list_shows_expired_declarations_as_expired(client, evaluator, coop_a):
    ConflictDeclarationFactory(
        person=evaluator,
        organization=coop_a,
        declared_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    client.force_login(evaluator)
    html = client.get(LIST).content.decode()
    assert 'badge-pending">vencida' in html


def test_10_and_200_declarations_take_the_same_number_of_queries(
    client, evaluator, django_assert_max_num_queries
):
    def add(count):
        for organization in OrganizationFactory.create_batch(count):
            ConflictDeclarationFactory(person=evaluator, organization=organization)

    add(10)
    client.force_login(evaluator)
    client.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST).status_code == 200
    add(190)
    with django_assert_max_num_queries(len(ten)):
        response = client.get(LIST)
    assert len(response.context["page_obj"]) == 50


def test_a_declaration_without_a_choice_is_refused(client, evaluator, coop_a):
    client.force_login(evaluator)
    response = client.post(declare_url(coop_a), {"details": "Algo que escribí"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend>Su declaración</legend>" in html and 'class="error"' in html
    assert "Algo que escribí" in html
    assert ConflictDeclaration.objects.count() == 0

"""Network membership: a public application, then decisions by network staff with
reasons and history, following one transitions table."""

import pytest
from django.core.exceptions import PermissionDenied

from network.models import ActivityLog, Invitation, OutboxMessage
from network.workflow import TransitionNotAllowed
from producers.models import MEMBERSHIP, MembershipStatus, Organization
from producers.services.organizations import (
    membership_admit,
    membership_reinstate,
    membership_suspend,
    membership_withdraw,
)
from tests.producers.factories import CountryNetworkFactory, ProductNetworkFactory


def apply(client, **overrides):
    honey = ProductNetworkFactory(slug="honey", name="Miel")
    data = {
        "applicant_name": "Teresa Huanca",
        "applicant_email": "teresa@apicola.example.org",
        "legal_name": "Asociación de Apicultores del Valle",
        "country": "BO",
        "level": "1",
        "product_networks": [honey.pk],
        "application_message": "Somos 80 familias apicultoras.",
        **overrides,
    }
    return client.post("/join/", data)


def test_a_cooperative_applies_through_the_public_form(client, db):
    bolivia = CountryNetworkFactory(country="BO")
    response = apply(client)
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.membership_status == MembershipStatus.APPLICANT
    assert organization.country_network == bolivia
    assert organization.email == "teresa@apicola.example.org"
    assert OutboxMessage.objects.filter(
        to="teresa@apicola.example.org", template="membership_application_received"
    ).exists()
    assert ActivityLog.objects.filter(verb="organization.applied").count() == 1


def test_the_public_form_keeps_what_was_typed_when_something_is_missing(client, db):
    response = apply(client, applicant_email="not-an-email")
    assert response.status_code == 200
    assert "Asociación de Apicultores del Valle" in response.content.decode()
    assert Organization.objects.count() == 0


def test_staff_admit_an_applicant_with_a_reason_and_its_contact_is_invited(
    client, network_staff, db
):
    apply(client)
    organization = Organization.objects.get()
    client.force_login(network_staff)
    url = f"/organizations/{organization.pk}/membership/admit/"
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    response = client.post(url, {"reason": "Cumple los estatutos."})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.membership_status == MembershipStatus.MEMBER
    change = MEMBERSHIP.history(organization).get()
    assert change.changes == {"membership_status": ["applicant", "member"]}
    assert change.actor == network_staff
    assert change.reason == "Cumple los estatutos."
    invitation = Invitation.objects.get(organization=organization)
    assert invitation.email == "teresa@apicola.example.org"
    assert invitation.kind == "org_admin"
    assert OutboxMessage.objects.filter(to=invitation.email, template="invitation").exists()
    assert OutboxMessage.objects.filter(
        to=invitation.email, template="membership_decision"
    ).exists()


def test_the_life_cycle_follows_the_transitions_table(coop_a, network_staff):
    assert coop_a.membership_status == "member"
    with pytest.raises(TransitionNotAllowed):
        membership_admit(organization=coop_a, by=network_staff, reason="again")
    membership_suspend(organization=coop_a, by=network_staff, reason="Cuotas impagas")
    membership_reinstate(organization=coop_a, by=network_staff, reason="Pagó")
    membership_withdraw(organization=coop_a, by=network_staff, reason="Se disolvió")
    with pytest.raises(TransitionNotAllowed):
        membership_reinstate(organization=coop_a, by=network_staff, reason="no")
    history = [e.changes["membership_status"][1] for e in MEMBERSHIP.history(coop_a)][::-1]
    assert history == ["suspended", "member", "withdrawn"]
    verbs = list(ActivityLog.objects.filter(scope_id=str(coop_a.pk)).values_list("verb", flat=True))
    assert set(verbs) >= {"membership.suspended", "membership.reinstated", "membership.withdrawn"}


def test_only_network_staff_in_scope_decide(
    coop_a, coop_a_admin, country_staff, other_country_staff
):
    with pytest.raises(PermissionDenied):
        membership_suspend(organization=coop_a, by=coop_a_admin, reason="x")
    with pytest.raises(PermissionDenied):
        membership_suspend(organization=coop_a, by=other_country_staff, reason="x")
    membership_suspend(organization=coop_a, by=country_staff, reason="Peru's staff may")
    coop_a.refresh_from_db()
    assert coop_a.membership_status == "suspended"


def test_the_organization_page_shows_the_decisions_and_their_reasons(
    client, coop_a, network_staff, coop_a_viewer
):
    membership_suspend(organization=coop_a, by=network_staff, reason="Falta el acta de asamblea")
    client.force_login(coop_a_viewer)
    page = client.get(f"/organizations/{coop_a.pk}/").content.decode()
    assert "Falta el acta de asamblea" in page
    assert "/membership/" not in page  # a viewer sees no decision buttons

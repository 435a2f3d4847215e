"""People of an organization: invitations with expiring tokens, accepting creates or
links the account, an administrator manages roles, MFA only where required."""

import re
from datetime import timedelta

from django.utils import timezone

from network.models import ActivityLog, Invitation, OutboxMessage, Role
from network.permissions import is_network_member, mfa_required
from tests.fixtures.personas import make_user

PASSWORD = "Cafe-de-altura-99"


def invite(client, organization, email="carla@example.org", kind="org_editor"):
    return client.post(
        f"/organizations/{organization.pk}/people/",
        {"email": email, "kind": kind, "language": "en"},
    )


def link_in_outbox(email):
    message = OutboxMessage.objects.get(to=email, template="invitation")
    return message, re.search(r"https?://\S+/invitations/[\w-]+/", message.body_text).group(0)


def test_an_admin_invites_and_the_email_goes_out_in_the_chosen_language(
    client, coop_a, coop_a_admin
):
    client.force_login(coop_a_admin)
    assert invite(client, coop_a).status_code == 302
    message, link = link_in_outbox("carla@example.org")
    assert message.language == "en"
    assert "invites you to Minga as editor of Valle Alto" in message.body_text
    invitation = Invitation.objects.get()
    assert invitation.token_hash not in link  # only the hash is stored
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


def test_accepting_creates_the_account_and_grants_the_role(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    invite(client, coop_a)
    _message, link = link_in_outbox("carla@example.org")
    client.logout()
    path = "/" + link.split("/", 3)[3]
    assert (
        "Crea tu cuenta" in client.get(path).content.decode() or client.get(path).status_code == 200
    )
    response = client.post(
        path,
        {
            "full_name": "Carla Ríos",
            "password1": "Cafe-de-altura-99",
            "password2": "Cafe-de-altura-99",
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(user__email="carla@example.org")
    assert (role.kind, role.organization) == ("org_editor", coop_a)
    assert client.get(f"/organizations/{coop_a.pk}/members/").status_code == 200  # signed in
    assert client.get(path).status_code == 410  # used once
    assert ActivityLog.objects.filter(verb="invitation.accepted", scope_id=str(coop_a.pk)).exists()


def test_accepting_links_an_existing_signed_in_account(client, coop_a, coop_a_admin, coop_b_admin):
    client.force_login(coop_a_admin)
    invite(client, coop_a, email=coop_b_admin.email, kind="org_viewer")
    _message, link = link_in_outbox(coop_b_admin.email)
    client.force_login(coop_b_admin)
    response = client.post("/" + link.split("/", 3)[3])
    assert response.status_code == 302
    organizations = Role.objects.filter(user=coop_b_admin).values_list(
        "organization__short_name", flat=True
    )
    assert set(organizations) == {"Valle Alto", "Apícola Sur"}


def test_someone_signed_in_with_another_address_cannot_accept(
    client, coop_a, coop_a_admin, coop_b_admin
):
    client.force_login(coop_a_admin)
    invite(client, coop_a)
    _message, link = link_in_outbox("carla@example.org")
    client.force_login(coop_b_admin)
    client.post("/" + link.split("/", 3)[3])
    assert not Role.objects.filter(user=coop_b_admin, organization=coop_a).exists()


def test_an_expired_or_revoked_invitation_no_longer_works(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    invite(client, coop_a)
    _message, link = link_in_outbox("carla@example.org")
    path = "/" + link.split("/", 3)[3]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    response = client.post(path, {"full_name": "C", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert not Role.objects.filter(user__email="carla@example.org").exists()


def test_an_admin_changes_and_removes_roles_but_keeps_one_admin(
    client, coop_a, coop_a_admin, coop_a_viewer
):
    client.force_login(coop_a_admin)
    viewer_role = Role.objects.get(user=coop_a_viewer)
    client.post(f"/organizations/{coop_a.pk}/people/{viewer_role.pk}/", {"kind": "org_editor"})
    viewer_role.refresh_from_db()
    assert viewer_role.kind == "org_editor"
    admin_role = Role.objects.get(user=coop_a_admin)
    response = client.post(f"/organizations/{coop_a.pk}/people/{admin_role.pk}/remove/")
    assert response.status_code == 200
    assert Role.objects.filter(pk=admin_role.pk).exists()  # the last admin stays
    client.post(f"/organizations/{coop_a.pk}/people/{viewer_role.pk}/remove/")
    assert not Role.objects.filter(pk=viewer_role.pk).exists()
    verbs = set(ActivityLog.objects.filter(scope_id=str(coop_a.pk)).values_list("verb", flat=True))
    assert {"role.changed", "role.removed"} <= verbs


def test_a_viewer_cannot_invite(client, coop_a, coop_a_viewer):
    client.force_login(coop_a_viewer)
    assert invite(client, coop_a).status_code == 403
    assert not Invitation.objects.exists()


def test_mfa_is_required_for_staff_and_certification_roles_only(
    coop_a_admin, network_staff, country_staff, evaluator
):
    assert not mfa_required(coop_a_admin)
    assert mfa_required(network_staff)
    assert mfa_required(country_staff)
    assert mfa_required(evaluator)


def test_organization_people_are_network_members(coop_a_admin, evaluator, db):
    assert is_network_member(coop_a_admin)
    assert not is_network_member(evaluator)
    assert not is_network_member(make_user("nobody@example.org"))


def test_staff_without_mfa_are_sent_to_set_it_up(client, db):
    from tests.producers.factories import grant

    staff = make_user("new.staff@example.org")
    grant(staff, "network_staff")
    client.force_login(staff)
    assert client.get("/network/directory/")["Location"].startswith("/accounts/")

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from network import permissions
from network.permissions import MFA_REQUIRED, mfa_required, register_rule
from tests.fixtures.personas import PASSWORD, make_user


def test_staff_without_mfa_are_sent_to_set_it_up(client, db):
    staff = make_user("staff@example.org", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("network:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_mfa_get_through(client, db):
    staff = make_user("staff@example.org", is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_other_users_may_use_mfa_but_need_not(client, registered_user):
    client.force_login(registered_user)
    assert client.get(reverse("network:dashboard")).status_code == 200
    # Setting up MFA asks for the password again first (re-authentication).
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_apps_can_require_mfa_for_their_roles(db):
    user = make_user("evaluator@example.org")
    assert not mfa_required(user)
    rule = register_rule(MFA_REQUIRED, lambda u: u.email.startswith("evaluator@"))
    try:
        assert mfa_required(user)
    finally:
        permissions._rules[MFA_REQUIRED].remove(rule)


def test_authentication_events_are_logged(client, registered_user, caplog):
    with caplog.at_level("INFO", logger="minga.security"):
        client.post(reverse("account_login"), {"login": registered_user.email, "password": "x"})
        client.post(
            reverse("account_login"), {"login": registered_user.email, "password": PASSWORD}
        )
    messages = [record.getMessage() for record in caplog.records if record.name == "minga.security"]
    assert any(m.startswith("login failed") for m in messages)
    assert f"login ok user={registered_user.pk} ip=127.0.0.1" in messages

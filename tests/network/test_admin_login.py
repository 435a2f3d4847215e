"""The Django admin has no sign-in of its own: /admin/login/ sends everyone to the site's
login, so MFA, the rate limits and the security log apply to the admin too (the attack
of issue 7: a staff password alone, posted to /admin/login/, opened every staff export)."""

import time

import pytest
from allauth.mfa.app_settings import TOTP_PERIOD
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from network.models import RoleKind
from tests.advocacy.factories import CampaignFactory
from tests.fixtures.personas import PASSWORD, make_user
from tests.network.test_rate_limits import LIMITED
from tests.producers.factories import grant

SECRET = generate_totp_secret()


@pytest.fixture
def admin_staff(db):
    """Network-wide staff and superuser of the admin, who uses TOTP."""
    user = make_user(
        "admin.staff@example.org", full_name="Admin Staff", is_staff=True, is_superuser=True
    )
    grant(user, RoleKind.NETWORK_STAFF)
    TOTP.activate(user, SECRET)
    return user


@pytest.fixture
def staff_pages(db):
    campaign = CampaignFactory()
    return [
        reverse("admin:index"),
        reverse("admin:network_role_changelist"),
        reverse("producers:directory_export"),
        reverse("advocacy:signatures_export", args=[campaign.pk]),
        reverse("advocacy:manage_campaigns"),
    ]


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_admin_login_form_checks_no_password_and_sends_to_the_sites_login(
    client, admin_staff, staff_pages
):
    response = client.post(
        reverse("admin:login"), {"username": admin_staff.email, "password": PASSWORD}
    )
    assert_sent_to_login(response)
    assert "_auth_user_id" not in client.session
    for url in staff_pages:
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("account_login")), url
        assert response.status_code == 200  # the login page, not the staff page


def test_a_staff_user_with_totp_reaches_no_staff_page_without_the_code(
    client, admin_staff, staff_pages
):
    login_url = client.get(reverse("admin:login"))["Location"]
    response = client.post(login_url, {"login": admin_staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    for url in staff_pages:
        response = client.get(url, follow=True)
        # The login page, which sends a half-finished sign-in back to the code.
        assert response.redirect_chain[0][0].startswith(
            reverse("admin:login") if "admin" in url else reverse("account_login")
        ), url
        assert response.redirect_chain[-1][0] == reverse("mfa_authenticate"), url
    # With the code, the same person gets in, and back to the admin they asked for.
    client.post(login_url, {"login": admin_staff.email, "password": PASSWORD})
    code = format_hotp_value(hotp_value(SECRET, int(time.time()) // TOTP_PERIOD))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:login")
    assert client.get(reverse("admin:index")).status_code == 200
    for url in staff_pages:
        assert client.get(url).status_code == 200, url


def test_admin_login_failures_count_toward_the_login_limit(client, admin_staff):
    """Each attempt at /admin/login/ lands on the site's login, where passwords are checked
    and counted: after five wrong ones even the right password waits."""
    for attempt in range(6):
        sent = client.post(reverse("admin:login"), {"username": admin_staff.email, "password": "x"})
        assert_sent_to_login(sent)
        response = client.post(sent["Location"], {"login": admin_staff.email, "password": "x"})
        assert (LIMITED in response.content.decode()) == (attempt == 5)
    sent = client.post(
        reverse("admin:login"), {"username": admin_staff.email, "password": PASSWORD}
    )
    response = client.post(sent["Location"], {"login": admin_staff.email, "password": PASSWORD})
    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("mfa_authenticate")).status_code != 200


def test_a_signed_in_user_who_is_not_staff_gets_403_from_the_admin(client, registered_user):
    client.force_login(registered_user)
    assert client.get(reverse("admin:index"), follow=True).status_code == 403
    assert client.get(reverse("admin:login")).status_code == 403

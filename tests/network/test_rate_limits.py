"""Brute force on sign-in is stopped by allauth's rate limits, kept in the real Redis
cache (ASVS 6.3.1)."""

from django.urls import reverse

from tests.fixtures.personas import PASSWORD

LIMITED = "Demasiados intentos fallidos. Inténtelo más tarde."


def attempt(client, user, password):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_repeated_failed_logins_are_refused_for_a_while(client, registered_user):
    for _ in range(5):
        assert LIMITED not in attempt(client, registered_user, "wrong").content.decode()
    assert LIMITED in attempt(client, registered_user, "wrong").content.decode()
    # Even the right password waits until the window has passed.
    refused = attempt(client, registered_user, PASSWORD)
    assert LIMITED in refused.content.decode()
    assert "_auth_user_id" not in client.session

import time

from django.urls import reverse


def _age_session(client, **fields):
    session = client.session
    for key, seconds_ago in fields.items():
        session[key] = int(time.time()) - seconds_ago
    session.save()


def test_an_idle_session_ends(client, registered_user, settings):
    client.force_login(registered_user)
    assert client.get(reverse("network:dashboard")).status_code == 200
    _age_session(client, minga_last_seen=settings.MINGA_SESSION_IDLE + 5)
    response = client.get(reverse("network:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_still_ends_after_its_absolute_age(client, registered_user, settings):
    client.force_login(registered_user)
    client.get(reverse("network:dashboard"))
    _age_session(client, minga_started_at=settings.SESSION_COOKIE_AGE + 5, minga_last_seen=10)
    assert client.get(reverse("network:dashboard")).status_code == 302


def test_a_recent_session_goes_on(client, registered_user):
    client.force_login(registered_user)
    client.get(reverse("network:dashboard"))
    _age_session(client, minga_last_seen=120)
    assert client.get(reverse("network:dashboard")).status_code == 200

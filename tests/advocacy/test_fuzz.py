"""Bad input never gives a 500 on the public forms: signing, applying as a town or
university, unsubscribing and confirming (hypothesis)."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.advocacy.factories import CampaignFactory, SignatureFactory

text = st.text(max_size=300) | st.sampled_from(["", " ", "\x00", "PE", "a@b.co", "on", "🌱" * 50])
SIGN_FIELDS = ["name", "email", "country", "city", "organization", "consent_updates",
               "show_publicly", "website", "csrfmiddlewaretoken"]  # fmt: skip
APPLY_FIELDS = ["name", "country", "city", "contact_name", "contact_role", "contact_email",
                "contact_phone", "message", "goal_1_text", "goal_1_link"]  # fmt: skip
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def campaigns(db, settings):
    settings.ADVOCACY_SIGN_RATE = "100000/m"
    settings.MINGA_FORM_RATES = dict.fromkeys(["declaration", "confirm", "unsubscribe"], "100000/m")
    return {
        "petition": CampaignFactory(slug_es="fuzz-firma"),
        "towns": CampaignFactory(slug_es="fuzz-pueblos", kind="towns", goal=None),
        "signature": SignatureFactory(email="fuzz@example.org"),
    }


def _ok(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(data=st.dictionaries(st.sampled_from(SIGN_FIELDS), text))
def test_signing_never_fails(campaigns, data):
    _ok(Client().post(reverse("advocacy:campaign_sign", args=["fuzz-firma"]), data))


@FUZZ
@given(data=st.dictionaries(st.sampled_from(APPLY_FIELDS), text))
def test_applying_never_fails(campaigns, data):
    _ok(Client().post(reverse("advocacy:declaration_apply", args=["fuzz-pueblos"]), data))


@FUZZ
@given(token=st.text(alphabet=st.characters(blacklist_characters="/"), min_size=1, max_size=120),
       body=st.binary(max_size=200))  # fmt: skip
def test_unsubscribe_and_confirm_never_fail(campaigns, token, body):
    client = Client(enforce_csrf_checks=True)
    for name in ("advocacy:unsubscribe", "advocacy:signature_confirm"):
        try:
            url = reverse(name, args=[token])
        except Exception:  # noqa: BLE001 - a token the URL pattern cannot carry
            continue
        _ok(client.post(url, body, content_type="application/x-www-form-urlencoded"))
        _ok(client.get(url))

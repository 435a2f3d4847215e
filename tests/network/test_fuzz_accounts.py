"""Bad input never gives a 500 on the public account forms (hypothesis)."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text = st.text(max_size=300) | st.sampled_from(["", " ", "\x00", "a@b.co", "es", "🌱" * 80])
FORMS = {
    "account_signup": ["full_name", "email", "password1", "password2"],
    "account_login": ["login", "password", "remember"],
    "account_reset_password": ["email"],
    "network:set_language": ["language", "next"],
}
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.mark.parametrize("url_name", sorted(FORMS))
def test_public_account_forms_never_fail(url_name, no_rate_limits, db):
    @FUZZ
    @given(data=st.dictionaries(st.sampled_from(FORMS[url_name]), text))
    def post(data):
        response = Client().post(reverse(url_name), data)
        assert response.status_code < 500, (data, response.status_code)

    post()

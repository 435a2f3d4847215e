"""Bad input to the public application form never gives a 500."""

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from producers.models import Organization

FIELDS = [
    "applicant_name", "applicant_email", "legal_name", "short_name", "country", "region",
    "level", "founding_year", "website", "product_networks", "application_message",
]  # fmt: skip
text = st.text(max_size=300) | st.sampled_from(["", "0", "-1", "99999", "PE", "http://x", "<b>"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, text)))
def test_the_application_form_answers_any_input_without_an_error(client, db, data):
    cache.clear()  # the form is rate limited per address
    before = Organization.objects.count()
    response = client.post("/join/", data)
    assert response.status_code in (200, 302)
    saved = Organization.objects.count() - before
    assert saved == (1 if response.status_code == 302 else 0)

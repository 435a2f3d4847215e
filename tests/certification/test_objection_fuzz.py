"""Bad input to the public objection form never gives a 500."""

import datetime

from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.models import Application, Objection
from tests.certification.factories import ApplicationFactory

FIELDS = ["name", "organization", "email", "phone", "reasons", "website"]
text = st.text(max_size=300) | st.sampled_from(
    ["", " ", "a@b.c", "rosa@example.org", "<b>x</b>", "\x00", "x" * 5000]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, text)))
def test_the_objection_form_answers_any_input_without_an_error(client, db, data):
    cache.clear()  # the form is rate limited per address
    application = Application.objects.first() or ApplicationFactory(
        status=Application.Status.OBJECTION_PERIOD,
        objection_starts_on=timezone.localdate(),
        objection_ends_on=timezone.localdate() + datetime.timedelta(days=15),
    )
    before = Objection.objects.count()
    response = client.post(f"/objections/{application.pk}/", data)
    assert response.status_code in (200, 302)
    saved = Objection.objects.count() - before
    assert saved <= (1 if response.status_code == 302 else 0)

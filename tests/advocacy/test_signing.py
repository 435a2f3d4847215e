"""Signing: validate, insert, queue the email after commit; double opt-in; duplicates
answered by email, never on screen; honeypot; per-IP rate limit; counts in the
background."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from advocacy import tokens
from advocacy.models import Campaign, Signature
from advocacy.services import signatures
from network.models import OutboxMessage
from tests.advocacy.factories import SignatureFactory

SIGNER = {
    "name": "Ana  Pérez Quispe",
    "email": "Ana@Example.org",
    "country": "PE",
    "city": "Cusco",
    "consent_updates": "on",
    "show_publicly": "on",
}


def confirm_link_id(text):
    token = re.search(r"/campaigns/confirm/([^/\s]+)/", text).group(1)
    return tokens.confirm_token_read(token)


def sign(client, campaign, capture, **overrides):
    with capture(execute=True):
        return client.post(
            reverse("advocacy:campaign_sign", args=[campaign.slug_es]), {**SIGNER, **overrides}
        )


def test_it_records_an_unconfirmed_signature_and_emails_a_link(
    client, petition, eager_tasks, django_capture_on_commit_callbacks
):
    response = sign(client, petition, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("advocacy:campaign_thanks", args=["agua-limpia"])
    signature = Signature.objects.get()
    assert signature.email == "ana@example.org"
    assert signature.name == "Ana Pérez Quispe"
    assert signature.language == "es"
    assert signature.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Agua limpia" in message.subject
    assert confirm_link_id(message.body) == signature.pk


def test_signing_twice_with_one_email_keeps_one_signature_and_sends_already_signed(
    client, petition, eager_tasks, django_capture_on_commit_callbacks
):
    first = sign(client, petition, django_capture_on_commit_callbacks)
    second = sign(
        client, petition, django_capture_on_commit_callbacks, email="ana@example.org",
        name="Otra Persona",
    )  # fmt: skip
    assert Signature.objects.count() == 1
    assert Signature.objects.get().name == "Ana Pérez Quispe"
    # The screen answer is the same: nothing tells the visitor the address had signed.
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert "Confirme" in subjects[0] or "Confirma" in subjects[0]
    assert subjects[1] == "Ya firmaste «Agua limpia»"
    # Not confirmed yet: the notice carries the confirmation link again.
    assert confirm_link_id(mail.outbox[1].body) == Signature.objects.get().pk


def test_the_already_signed_notice_goes_at_most_once_an_hour(
    client, petition, eager_tasks, django_capture_on_commit_callbacks
):
    for _ in range(4):
        sign(client, petition, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # the confirmation and one notice


def test_emails_go_out_in_the_signers_language(
    client, petition, eager_tasks, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "pt"
    sign(client, petition, django_capture_on_commit_callbacks)
    signature = Signature.objects.get()
    assert signature.language == "pt"
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "pt"
    assert "Confirme sua assinatura" in message.subject


def test_invalid_input_re_renders_the_form_and_stores_nothing(client, petition):
    response = client.post(
        reverse("advocacy:campaign_sign", args=[petition.slug_es]),
        {**SIGNER, "email": "not-an-email", "country": "XX"},
    )
    assert response.status_code == 200
    assert Signature.objects.count() == 0
    assert response.context["form"].errors.keys() == {"email", "country"}


def test_the_honeypot_pretends_success_and_stores_nothing(
    client, petition, eager_tasks, django_capture_on_commit_callbacks
):
    response = sign(
        client, petition, django_capture_on_commit_callbacks, website="http://spam.example"
    )
    assert response.status_code == 302
    assert Signature.objects.count() == 0 and mail.outbox == []


def test_the_rate_limit_per_ip_answers_429(client, petition, settings):
    settings.ADVOCACY_SIGN_RATE = "3/m"
    url = reverse("advocacy:campaign_sign", args=[petition.slug_es])
    codes = [
        client.post(url, {**SIGNER, "email": f"p{i}@example.org"}).status_code for i in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Signature.objects.count() == 3


def test_a_closed_or_draft_campaign_takes_no_signature(client, petition):
    petition.status = Campaign.Status.CLOSED
    petition.save()
    url = reverse("advocacy:campaign_sign", args=[petition.slug_es])
    assert client.post(url, SIGNER).status_code == 409
    petition.status = Campaign.Status.DRAFT
    petition.save()
    assert client.post(url, SIGNER).status_code == 404
    assert Signature.objects.count() == 0


def test_a_campaign_past_its_end_date_takes_no_signature(client, petition):
    petition.ends_on = timezone.localdate() - timedelta(days=1)
    petition.save()
    response = client.post(reverse("advocacy:campaign_sign", args=[petition.slug_es]), SIGNER)
    assert response.status_code == 409
    assert b"no longer takes signatures" in response.content or Signature.objects.count() == 0


def test_the_link_shows_a_button_and_the_post_confirms(client, petition):
    signature = SignatureFactory(campaign=petition, confirmed_at=None)
    url = reverse("advocacy:signature_confirm", args=[tokens.confirm_token(signature.pk)])
    assert client.get(url).status_code == 200
    signature.refresh_from_db()
    assert signature.confirmed_at is None  # a link scanner's GET confirms nothing
    response = client.post(url)
    assert response.status_code == 200
    signature.refresh_from_db()
    assert signature.confirmed_at is not None
    assert client.post(url).status_code == 200  # idempotent


def test_a_forged_or_expired_link_confirms_nothing(client, petition, settings):
    signature = SignatureFactory(campaign=petition, confirmed_at=None)
    forged = tokens.confirm_token(signature.pk)[:-3] + "abc"
    assert client.post(reverse("advocacy:signature_confirm", args=[forged])).status_code == 400
    settings.ADVOCACY_CONFIRM_MAX_AGE = -1  # every token is already expired
    token = tokens.confirm_token(signature.pk)
    assert client.post(reverse("advocacy:signature_confirm", args=[token])).status_code == 400
    signature.refresh_from_db()
    assert signature.confirmed_at is None


def test_the_confirmation_email_is_sent_once_even_if_the_task_runs_twice(petition):
    signature = SignatureFactory(campaign=petition, confirmed_at=None)
    assert signatures.signature_confirmation_send(signature_id=signature.pk) is True
    assert signatures.signature_confirmation_send(signature_id=signature.pk) is False
    assert OutboxMessage.objects.filter(to=signature.email).count() == 1


def test_the_count_shown_comes_from_the_tallies_refreshed_in_the_background(client, petition):
    SignatureFactory.create_batch(3, campaign=petition, country="PE")
    SignatureFactory.create_batch(2, campaign=petition, country="BR")
    SignatureFactory(campaign=petition, country="MX", confirmed_at=None)
    page = client.get(reverse("advocacy:campaign_detail", args=[petition.slug_es]))
    assert page.context["total"] == 0  # not yet aggregated
    signatures.tallies_refresh()
    page = client.get(reverse("advocacy:campaign_detail", args=[petition.slug_es]))
    assert page.context["total"] == 5
    bars = page.context["by_country"]["bars"]
    assert [(bar["label"], bar["value"]) for bar in bars] == [("Perú", 3), ("Brasil", 2)]
    assert b'<progress value="5" max="100"' in page.content


def test_signing_touches_no_counter_row(
    client, petition, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The POST path: campaign, savepoint, insert, release — and no tally update."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        sign(client, petition, django_capture_on_commit_callbacks)
    statements = [q["sql"] for q in queries.captured_queries]
    assert not any("signaturetally" in sql.lower() for sql in statements)
    assert sum(sql.startswith("INSERT") for sql in statements) == 1
    assert len(statements) <= 6

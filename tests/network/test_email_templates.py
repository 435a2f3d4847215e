"""Every email template, sent with every value full of `& ' " < >`: the subject and the
text part say it as typed ("Café & Cacao"), the HTML part escapes it."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from network.outbox import email_send, outbox_deliver

NAME = 'Café & "Cacao" <d\'Haïti>'
ESCAPED = escape(NAME)  # Café &amp; &quot;Cacao&quot; &lt;d&#x27;Haïti&gt;
ENTITIES = ("&amp;", "&quot;", "&#x27;", "&#39;", "&lt;", "&gt;")
EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"
TEMPLATES = sorted(path.name for path in EMAILS.iterdir() if path.is_dir())


class Anything:
    """A value whose every attribute and item is itself, shown as NAME: a person, an
    organization, an invitation... whatever the template reaches for. Only ids and
    times (`expires_at`) are what they must be."""

    pk = 1  # for {% url %}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name.endswith(("_at", "_on")):
            return timezone.now()
        return self

    def __getitem__(self, key):
        return getattr(self, key) if isinstance(key, str) else self

    def __str__(self):
        return NAME


class AnythingContext(dict):
    """Every name a template uses is given, as Anything, unless set explicitly."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        if key.endswith(("_at", "_on")):  # dates, as in the reminders' stored contexts
            return timezone.now()
        return Anything()


# Names that must be numbers or booleans; the branches each template has, each sent.
NUMBERS = {"expires_days": 14, "days": 14, "idle_days": 14, "day": 7}
BRANCHES = {
    "advocacy_signature_duplicate": [{"confirmed": False}, {"confirmed": True}],
    "invitation": [{}, {"inviter": ""}],
    "membership_application_received": [{"for_staff": True}, {"for_staff": False}],
    # Reminders: optional ones carry the unsubscribe links, essential ones say why not.
    **{
        path.name: [{}, {"unsubscribe_url": ""}]
        for path in EMAILS.iterdir()
        if path.name.startswith("reminder_") and path.is_dir()
    },
    # The certification application's moves (certification/services/notices.py).
    "certification_to_review": [{"transition": "submit", "declare_link": ""},
                                {"transition": "resubmit"}],
    "certification_returned": [{"items": [Anything()], "note": ""}, {"items": [Anything()]}],
    "certification_quote_sent": [{"quote": SimpleNamespace(
        amount=Decimal("1250.5"), currency=NAME, valid_until=date(2026, 5, 4), notes=NAME)}],
    # Corrective actions (certification/services/notices.py, ACTION_NOTICES).
    "certification_corrective_action_reviewed": [{"accepted": True}, {"accepted": False},
                                                 {"accepted": False, "comment": ""}],
    "certification_application_moved": [
        {"audience": audience, "transition": transition}
        for audience in ("cooperative", "body")
        for transition in ("submit", "start_review", "open_objections", "accept",
                           "close_objections", "accept_quote", "reject_quote",
                           "complete_self_evaluation", "withdraw", "decide")
    ],
}  # fmt: skip
CASES = [
    pytest.param(template, branch, id=f"{template}-{n}")
    for template in TEMPLATES
    for n, branch in enumerate(BRANCHES.get(template, [{}]))
]


def test_every_template_is_here():
    assert len(TEMPLATES) >= 7
    for template in TEMPLATES:
        for part in ("subject.txt", "body.txt", "body.html"):
            assert (EMAILS / template / part).is_file(), f"{template}/{part}"


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr"])
@pytest.mark.parametrize(("template", "branch"), CASES)
def test_plain_text_is_never_escaped_and_html_always_is(template, branch, language, db):
    context = AnythingContext({**NUMBERS, **branch})
    message = email_send(to="ana@example.org", template=template, context=context,
                         language=language)  # fmt: skip
    assert outbox_deliver(message_id=message.pk) is True
    [sent] = mail.outbox
    html = next(body for body, mime in sent.alternatives if mime == "text/html")

    for part in (sent.subject, sent.body):
        assert not any(entity in part for entity in ENTITIES), part
    assert NAME in sent.body
    if "{{" in (EMAILS / template / "subject.txt").read_text():
        assert NAME in sent.subject
    assert ESCAPED in html
    assert NAME not in html


def test_no_template_decides_escaping_itself():
    """The renderer decides, once: no template turns escaping on or off."""
    for path in EMAILS.rglob("*"):
        if path.is_file():
            assert "autoescape" not in path.read_text(), path

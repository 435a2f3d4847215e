"""User text is escaped everywhere it is shown: public pages and staff previews print
hostile markup as text (issue 7: a country staff member's update closed the preview's
<pre> and opened a form that posted a network-wide admin's CSRF token to /network/staff/).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from advocacy import tokens
from advocacy.models import Campaign, CampaignUpdate, Declaration
from producers.models import MembershipStatus
from tests.advocacy.factories import (
    CampaignFactory,
    DeclarationFactory,
    ResourceFactory,
    SignatureFactory,
    UpdateFactory,
)
from tests.producers.factories import OrganizationFactory

FORM = '</pre><form action="/network/staff/"><input name=x>'
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = FORM + IMG
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"


class Markup(HTMLParser):
    """The elements a browser would build from a page."""

    def __init__(self, html: str):
        super().__init__()
        self.forms, self.inputs, self.images = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        {"form": self.forms, "input": self.inputs, "img": self.images}.get(tag, []).append(attrs)


def assert_shown_as_text(html: str, *, shows_text: bool = True):
    markup = Markup(html)
    assert not [form for form in markup.forms if form.get("action") == "/network/staff/"]
    assert not [field for field in markup.inputs if field.get("name") == "x"]
    assert not [image for image in markup.images if "onerror" in image]
    if shows_text:
        assert ESCAPED_IMG in html or ESCAPED_IMG.replace("=", "&#x3D;") in html


@pytest.fixture
def hostile_world(db, network_staff):
    campaign = CampaignFactory(
        slug_es="hostil", title_es=HOSTILE, summary_es=HOSTILE, body_es=HOSTILE, partners=HOSTILE
    )
    draft = CampaignFactory(
        slug_es="borrador-hostil", status=Campaign.Status.DRAFT, body_es=HOSTILE
    )
    towns = CampaignFactory(slug_es="pueblos-hostil", kind=Campaign.Kind.TOWNS, goal=None,
                            body_es=HOSTILE)  # fmt: skip
    signature = SignatureFactory(
        campaign=campaign, name=HOSTILE, city=HOSTILE, organization=HOSTILE
    )
    declaration = DeclarationFactory(
        campaign=towns, name=HOSTILE, city=HOSTILE, contact_name=HOSTILE, message=HOSTILE,
        status=Declaration.Status.DECLARED, declared_on=timezone.localdate(),
    )  # fmt: skip
    organization = OrganizationFactory(
        legal_name=HOSTILE, short_name="", country="PE", application_message=HOSTILE,
        membership_status=MembershipStatus.APPLICANT,
    )  # fmt: skip
    return {
        "campaign": campaign,
        "draft": draft,
        "towns": towns,
        "signature": signature,
        "update": UpdateFactory(campaign=campaign, subject=HOSTILE, body=HOSTILE),
        "declaration": declaration,
        "resource": ResourceFactory(title=HOSTILE, summary=HOSTILE),
        "organization": organization,
    }


PUBLIC_PAGES = {
    "campaign list": lambda w: reverse("advocacy:campaign_list"),
    "campaign page": lambda w: reverse("advocacy:campaign_detail", args=["hostil"]),
    "thanks": lambda w: reverse("advocacy:campaign_thanks", args=["hostil"]),
    "confirm": lambda w: reverse(
        "advocacy:signature_confirm", args=[tokens.confirm_token(w["signature"].pk)]
    ),
    "unsubscribe": lambda w: reverse(
        "advocacy:unsubscribe", args=[tokens.unsubscribe_token(w["signature"].pk)]
    ),
    "declaration apply": lambda w: reverse("advocacy:declaration_apply", args=["pueblos-hostil"]),
    "declared list": lambda w: reverse("advocacy:declared_list"),
    "resources": lambda w: reverse("advocacy:resource_list"),
}
STAFF_PAGES = {
    "campaign preview": lambda w: reverse("advocacy:campaign_preview", args=[w["draft"].pk]),
    "update preview": lambda w: reverse("advocacy:update_detail", args=[w["update"].pk]),
    "campaign": lambda w: reverse("advocacy:campaign_manage", args=[w["campaign"].pk]),
    "campaign edit": lambda w: reverse("advocacy:campaign_edit", args=[w["campaign"].pk]),
    "campaigns": lambda w: reverse("advocacy:manage_campaigns"),
    "signers": lambda w: reverse("advocacy:signers", args=[w["campaign"].pk]),
    "declarations": lambda w: reverse("advocacy:manage_declarations"),
    "declaration": lambda w: reverse("advocacy:declaration_manage", args=[w["declaration"].pk]),
    "resource edit": lambda w: reverse("advocacy:resource_edit", args=[w["resource"].pk]),
    "organization": lambda w: reverse("producers:organization_detail", args=[w["organization"].pk]),
    "organizations": lambda w: reverse("producers:organization_list"),
    "directory": lambda w: reverse("producers:directory") + "?status=applicant",
}
# Pages that show a form again with what was typed (the values are in attributes).
ECHOING_POSTS = {
    "signing": (
        lambda w: reverse("advocacy:campaign_sign", args=["hostil"]),
        {"name": HOSTILE, "email": "not an address", "country": "PE", "city": HOSTILE},
    ),
    "declaration apply": (
        lambda w: reverse("advocacy:declaration_apply", args=["pueblos-hostil"]),
        {"name": HOSTILE, "contact_name": HOSTILE, "message": HOSTILE, "contact_email": "x"},
    ),
    "joining": (
        lambda w: reverse("producers:apply"),
        {"legal_name": HOSTILE, "application_message": HOSTILE, "applicant_email": "x"},
    ),
}


@pytest.mark.parametrize("page", sorted(PUBLIC_PAGES))
def test_public_pages_show_hostile_text_as_text(page, client, hostile_world):
    response = client.get(PUBLIC_PAGES[page](hostile_world))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), shows_text=page != "declaration apply")


@pytest.mark.parametrize("page", sorted(STAFF_PAGES))
def test_staff_pages_and_previews_show_hostile_text_as_text(
    page, client, hostile_world, network_staff
):
    client.force_login(network_staff)
    response = client.get(STAFF_PAGES[page](hostile_world))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


@pytest.mark.parametrize("page", sorted(ECHOING_POSTS))
def test_forms_shown_again_keep_hostile_text_as_text(page, client, hostile_world):
    url, data = ECHOING_POSTS[page]
    response = client.post(url(hostile_world), data)
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), shows_text=False)
    assert "&lt;/pre&gt;&lt;form" in response.content.decode()


def test_a_country_staff_update_cannot_plant_a_form_in_the_admins_preview(
    client, country_staff, network_staff
):
    """The attack as it was done: a country network's staff member writes an update
    whose body closes the preview's <pre> and opens a form posting to /network/staff/;
    the network-wide admin's preview has no such form, only the page's own."""
    campaign = CampaignFactory(slug_es="agua")
    client.force_login(country_staff)
    body = (
        '</pre><form method="post" action="/network/staff/">'
        '<input type="hidden" name="email" value="outsider@example.net">'
        '<input type="hidden" name="kind" value="network_staff"><pre>'
    )
    client.post(
        reverse("advocacy:update_create", args=[campaign.pk]),
        {"language": "es", "subject": "Novedades", "body": body},
    )
    update = CampaignUpdate.objects.get()
    client.force_login(network_staff)
    page = client.get(reverse("advocacy:update_detail", args=[update.pk])).content.decode()
    markup = Markup(page)
    actions = {form.get("action", "") for form in markup.forms}
    assert "/network/staff/" not in actions
    assert not [field for field in markup.inputs if field.get("value") == "outsider@example.net"]
    # The page's own forms: sign-out, language, save (posts to itself) and send.
    assert reverse("advocacy:update_send", args=[update.pk]) in actions
    assert (
        "&lt;/pre&gt;&lt;form method=&quot;post&quot; action=&quot;/network/staff/&quot;&gt;"
        in page
    )


def test_the_html_parts_of_emails_escape_what_people_typed(client, db):
    """An update's body and a name in allauth's emails (put into the site's layout)."""
    from advocacy.services import updates
    from network.models import OutboxMessage
    from network.outbox import render_email

    update = UpdateFactory(body=HOSTILE, subject="Novedades")
    arguments = updates.update_email(update, SignatureFactory(campaign=update.campaign))
    _subject, _text, html = render_email(
        template=arguments["template"], context=arguments["context"], language="es"
    )
    assert_shown_as_text(html)
    client.post(
        reverse("account_signup"),
        {"full_name": IMG, "email": "nueva@example.org", "password1": "un-Largo-pass-42",
         "password2": "un-Largo-pass-42"},
    )  # fmt: skip
    confirmation = OutboxMessage.objects.get(to="nueva@example.org")
    assert IMG in confirmation.body_text  # text is text
    assert_shown_as_text(confirmation.body_html)


TEMPLATES = Path(settings.BASE_DIR) / "templates"
CODE = [Path(settings.BASE_DIR) / app for app in ("network", "producers", "certification",
                                                  "advocacy")]  # fmt: skip


def test_no_template_turns_escaping_off_except_plain_text_emails():
    """Text emails are not HTML; everywhere else escaping stays on (no |safe, no
    autoescape off, no safeseq)."""
    offenders = []
    for template in TEMPLATES.rglob("*"):
        if not template.is_file():
            continue
        source = template.read_text()
        text_email = template.parts[-3] == "emails" and template.suffix == ".txt"
        if re.search(r"\|\s*safe(seq)?\b", source) or (
            "autoescape off" in source and not text_email
        ):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert offenders == []


def test_no_code_marks_text_safe():
    offenders = [
        str(path)
        for folder in CODE
        for path in folder.rglob("*.py")
        if re.search(
            r"\bmark_safe\(|\bSafeString\(|\bSafeText\(|django\.utils\.safestring import",
            path.read_text(),
        )
    ]
    assert offenders == []


def test_help_texts_are_escaped_unless_built_as_markup():
    """The field include prints help text escaped; help built with format_html (as
    Django's password rules are) stays markup."""

    class HelpForm(forms.Form):
        plain = forms.CharField(help_text=HOSTILE)
        built = forms.CharField(help_text=format_html("<ul><li>{}</li></ul>", IMG))

    form = HelpForm()
    plain = render_to_string("includes/field.html", {"field": form["plain"]})
    built = render_to_string("includes/field.html", {"field": form["built"]})
    assert_shown_as_text(plain)
    assert "<ul><li>" + ESCAPED_IMG + "</li></ul>" in built

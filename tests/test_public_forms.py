"""Every public form has a per-IP limit answered with 429 and a page in the visitor's
language (network/ratelimits.py), a length limit on every text field, and the
declaration application has the bot trap signing has (issue 7: 25 anonymous POSTs in
0.4 s created 24 declarations; /join/ stored a 4 MiB message and answered its limit
with a bare 403)."""

import pytest
from django import forms
from django.urls import reverse

from advocacy import tokens
from advocacy.forms.public import DeclarationApplicationForm, ResourceSearchForm, SignatureForm
from advocacy.models import Campaign, Declaration
from certification.forms.public import ObjectionForm
from network.forms import LanguageForm, SignupForm
from network.forms.people import AcceptWithNewAccountForm
from network.models import RoleKind
from network.reminders import unsubscribe_token
from producers.forms.public import OrganizationApplicationForm
from producers.models import Organization
from tests.advocacy.factories import CampaignFactory, SignatureFactory
from tests.producers.factories import ProductNetworkFactory

TOWN = {"name": "Municipio de Ejemplo", "country": "PE", "contact_name": "Elena Ríos",
        "contact_email": "alcaldia@example.org"}  # fmt: skip


@pytest.fixture
def towns(db):
    return CampaignFactory(slug_es="pueblos", kind=Campaign.Kind.TOWNS, goal=None)


@pytest.fixture
def forms_to_try(db, towns, coop_a_admin, coop_a):
    from network.services.roles import invitation_create

    petition = CampaignFactory(slug_es="agua")
    signature = SignatureFactory(campaign=petition)
    _invitation, token = invitation_create(
        by=coop_a_admin, email="nuevo@example.org", kind=RoleKind.ORG_VIEWER, organization=coop_a
    )
    return {
        "sign": reverse("advocacy:campaign_sign", args=["agua"]),
        "declaration": reverse("advocacy:declaration_apply", args=["pueblos"]),
        "join": reverse("producers:apply"),
        "confirm": reverse("advocacy:signature_confirm", args=[tokens.confirm_token(signature.pk)]),
        "unsubscribe": reverse(
            "advocacy:unsubscribe", args=[tokens.unsubscribe_token(signature.pk)]
        ),
        "invitation": reverse("network:invitation_accept", args=[token]),
        "reminders_unsubscribe": reverse(
            "network:reminders_unsubscribe",
            args=[unsubscribe_token(f"user:{coop_a_admin.pk}", "application_drafts")],
        ),
    }


@pytest.mark.parametrize(
    ("form", "language", "message"),
    [
        ("sign", "es", "Se enviaron muchos formularios desde tu conexión"),
        ("declaration", "pt", "Muitos formulários foram enviados da sua conexão"),
        ("join", "fr", "De nombreux formulaires ont été envoyés depuis votre connexion"),
        ("confirm", "en", "Many forms were sent from your connection"),
        ("unsubscribe", "es", "Se enviaron muchos formularios desde tu conexión"),
        ("invitation", "pt", "Muitos formulários foram enviados da sua conexão"),
        ("reminders_unsubscribe", "fr", "De nombreux formulaires ont été envoyés"),
    ],
)
def test_each_public_form_answers_429_in_the_visitors_language_beyond_its_limit(
    client, settings, forms_to_try, form, language, message
):
    settings.MINGA_FORM_RATES = {form: "3/m"}
    url = forms_to_try[form]
    codes = [
        client.post(url, {}, HTTP_ACCEPT_LANGUAGE=language).status_code for _attempt in range(4)
    ]
    assert 429 not in codes[:3]
    assert codes[3] == 429
    refused = client.post(url, {}, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 429
    assert message in refused.content.decode()
    assert f'href="{url}"' in refused.content.decode()  # back to the form
    # Reading the page is not limited.
    if form not in ("sign",):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code in (200, 410)


def test_a_burst_of_declaration_applications_stops_at_the_limit(client, towns):
    """The attack as it was done: 25 anonymous applications in a row."""
    codes = [
        client.post(reverse("advocacy:declaration_apply", args=["pueblos"]), TOWN).status_code
        for _attempt in range(25)
    ]
    assert codes[:20] == [302] * 20
    assert codes[20:] == [429] * 5
    assert Declaration.objects.count() == 20


def test_the_join_limit_answers_429_not_403(client, db):
    codes = {client.post(reverse("producers:apply"), {}).status_code for _attempt in range(21)}
    assert codes == {200, 429}


def test_a_bot_filling_the_trap_of_the_declaration_form_is_thanked_and_forgotten(client, towns):
    response = client.post(
        reverse("advocacy:declaration_apply", args=["pueblos"]),
        {**TOWN, "website": "http://spam.example"},
    )
    assert response["Location"] == reverse("advocacy:declaration_applied", args=["pueblos"])
    assert Declaration.objects.count() == 0
    page = client.get(reverse("advocacy:declaration_apply", args=["pueblos"])).content.decode()
    assert 'class="hp-field" aria-hidden="true"' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


def test_the_join_message_has_a_length_limit_in_the_form_and_the_model(client, db):
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    data = {"applicant_name": "Ana", "applicant_email": "ana@example.org",
            "legal_name": "Cooperativa Larga", "country": "PE", "level": "1",
            "product_networks": [coffee.pk]}  # fmt: skip
    response = client.post(
        reverse("producers:apply"), {**data, "application_message": "x" * (4 * 1024 * 1024)}
    )
    assert response.status_code == 200
    assert "4000" in response.content.decode()  # "at most 4000 characters"
    assert Organization.objects.count() == 0
    response = client.post(reverse("producers:apply"), {**data, "application_message": "x" * 4000})
    assert response.status_code == 302
    organization = Organization.objects.get()
    organization.application_message += "x"
    with pytest.raises(forms.ValidationError):
        organization.full_clean()


PUBLIC_FORMS = {
    "signing": lambda: SignatureForm(),
    "declaration": lambda: DeclarationApplicationForm(goals=["a", "b", "c", "d", "e"]),
    "join": lambda: OrganizationApplicationForm(),
    "resources search": lambda: ResourceSearchForm(),
    "sign-up": lambda: SignupForm(),
    "language": lambda: LanguageForm(),
    "invitation": lambda: AcceptWithNewAccountForm(email="a@example.org"),
    "objection": lambda: ObjectionForm(),
}


@pytest.mark.parametrize("name", sorted(PUBLIC_FORMS))
def test_every_text_field_of_a_public_form_has_a_length_limit(name, db):
    form = PUBLIC_FORMS[name]()
    unlimited = [
        field_name
        for field_name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert unlimited == []
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            with pytest.raises(forms.ValidationError):
                field.run_validators("x" * (field.max_length + 1))

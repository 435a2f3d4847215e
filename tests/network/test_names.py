"""Names (members, signers, organizations, declaration contacts, people) keep no
invisible characters: a right-to-left override or a zero-width space would make a name
read backwards or look like someone else's (network.text.clean_name)."""

import pytest
from django.urls import reverse

from advocacy.forms.public import DeclarationApplicationForm, SignatureForm
from advocacy.models import Signature
from network.forms import NameField, ProfileForm, SignupForm
from network.forms.people import AcceptWithNewAccountForm
from network.text import clean_name
from producers.forms.members import MemberForm
from producers.forms.organizations import OrganizationForm
from producers.forms.public import OrganizationApplicationForm
from producers.register import parse_register
from tests.advocacy.factories import CampaignFactory

RLO, PDF_, ZWSP, ZWJ, LRI, BOM = "\u202e", "\u202c", "\u200b", "\u200d", "\u2066", "\ufeff"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f"Ana {RLO}zeréP{PDF_}", "Ana zeréP"),
        (f"Ro{ZWSP}sa Qui{ZWJ}spe", "Rosa Quispe"),
        (f"{BOM}{LRI}Cooperativa\tValle  Alto\n", "Cooperativa Valle Alto"),
        ("Lucía Ñahui Condori", "Lucía Ñahui Condori"),
        ("Nguyễn Thị Hồng · 陈", "Nguyễn Thị Hồng · 陈"),
    ],
)
def test_clean_name_drops_invisible_characters_and_keeps_every_letter(typed, kept):
    assert clean_name(typed) == kept


NAME_FIELDS = {
    "signing": (SignatureForm, ["name"]),
    "declaration": (lambda: DeclarationApplicationForm(goals=[]), ["name", "contact_name"]),
    "join": (OrganizationApplicationForm, ["legal_name", "short_name", "applicant_name"]),
    "organization": (OrganizationForm, ["legal_name", "short_name", "contact_name"]),
    "member": (lambda: MemberForm(organization=None), ["name"]),
    "sign-up": (SignupForm, ["full_name"]),
    "profile": (ProfileForm, ["full_name"]),
    "invitation": (lambda: AcceptWithNewAccountForm(email="a@example.org"), ["full_name"]),
}


@pytest.mark.parametrize("form", sorted(NAME_FIELDS))
def test_every_name_field_cleans_invisible_characters(form, db):
    build, names = NAME_FIELDS[form]
    fields = build().fields
    for name in names:
        assert isinstance(fields[name], NameField), name
        assert fields[name].clean(f"Ana{ZWSP} {RLO}Pérez") == "Ana Pérez"
    with pytest.raises(Exception, match="obligatorio|required"):
        fields[names[0]].clean(f"{ZWSP}{RLO}")


def test_a_signer_named_with_an_override_is_stored_without_it(client, db):
    CampaignFactory(slug_es="agua")
    client.post(
        reverse("advocacy:campaign_sign", args=["agua"]),
        {"name": f"Ana {RLO}zeréP", "email": "ana@example.org", "country": "PE"},
    )
    assert Signature.objects.get().name == "Ana zeréP"


def test_the_register_import_cleans_member_names():
    parsed = parse_register(f"code,name\nA1,Ro{ZWSP}sa {RLO}Quispe\n".encode(), "csv")
    assert parsed.rows[0][1]["name"] == "Rosa Quispe"

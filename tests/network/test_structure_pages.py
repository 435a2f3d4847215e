"""Staff pages about the network: country and product networks, network staff and the
people of certification bodies; inviting them and revoking their roles."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import (
    ActivityLog,
    CertificationBody,
    CountryNetwork,
    Invitation,
    OutboxMessage,
    ProductNetwork,
    Role,
)
from producers.models import MembershipStatus
from tests.fixtures.personas import make_user
from tests.producers.factories import (
    CertificationBodyFactory,
    CountryNetworkFactory,
    OrganizationFactory,
    ProductNetworkFactory,
    grant,
)

PASSWORD = "Cafe-de-altura-99"


def url(name, *args):
    return reverse(f"network:{name}", args=args)


# --- Country networks -------------------------------------------------------------------


def test_network_staff_create_a_country_network_and_name_its_coordinator(
    client, network_staff, country_staff
):
    client.force_login(network_staff)
    response = client.post(
        url("country_network_add"), {"country": "BO", "name": "Red Bolivia", "coordinator": ""}
    )
    bolivia = CountryNetwork.objects.get(country="BO")
    assert response["Location"] == url("country_network_detail", bolivia.pk)
    peru = CountryNetwork.objects.get(country="PE")

    response = client.post(
        url("country_network_edit", peru.pk),
        {"country": "PE", "name": "Red Perú", "coordinator": country_staff.pk},
    )
    assert response.status_code == 302
    peru.refresh_from_db()
    assert (peru.name, peru.coordinator) == ("Red Perú", country_staff)
    entry = ActivityLog.objects.get(verb="country_network.updated")
    assert entry.actor == network_staff
    assert entry.changes["name"] == ["Red PE", "Red Perú"]


def test_only_staff_can_be_coordinator(client, network_staff, coop_a_admin):
    client.force_login(network_staff)
    peru = CountryNetworkFactory(country="PE")
    response = client.post(
        url("country_network_edit", peru.pk),
        {"country": "PE", "name": "Red Perú", "coordinator": coop_a_admin.pk},
    )
    assert response.status_code == 200
    assert "coordinator" in response.context["form"].errors
    peru.refresh_from_db()
    assert peru.coordinator is None


def test_the_detail_counts_organizations_by_status_and_links_to_the_directory(
    client, network_staff, country_staff
):
    peru = CountryNetwork.objects.get(country="PE")
    OrganizationFactory.create_batch(3, country="PE")
    OrganizationFactory(country="PE", membership_status=MembershipStatus.APPLICANT)
    OrganizationFactory(country="BO")
    client.force_login(network_staff)
    response = client.get(url("country_network_detail", peru.pk))
    counts = {row["status"]: row["count"] for row in response.context["status_counts"]}
    assert counts == {"applicant": 1, "member": 3, "suspended": 0, "withdrawn": 0, "declined": 0}
    page = response.content.decode()
    directory = reverse("producers:directory")
    assert f'href="{directory}?country=PE"' in page
    assert f'href="{directory}?country=PE&amp;status=applicant">1<' in page
    assert "pedro.staff@example.org" in page  # its staff
    listed = client.get(url("country_network_list")).context["country_networks"]
    row = next(item for item in listed if item.pk == peru.pk)
    assert (row.member_count, row.applicant_count, row.staff_count) == (3, 1, 1)


def test_country_staff_see_only_their_own_country_network_and_cannot_edit_it(client, country_staff):
    peru = CountryNetwork.objects.get(country="PE")
    mexico = CountryNetworkFactory(country="MX")
    client.force_login(country_staff)
    assert list(client.get(url("country_network_list")).context["country_networks"]) == [peru]
    assert client.get(url("country_network_detail", peru.pk)).status_code == 200
    assert client.get(url("country_network_detail", mexico.pk)).status_code == 404
    assert client.get(url("country_network_edit", peru.pk)).status_code == 403
    assert client.get(url("country_network_edit", mexico.pk)).status_code == 404
    assert (
        client.post(url("country_network_add"), {"country": "BO", "name": "x"}).status_code == 403
    )
    assert not CountryNetwork.objects.filter(country="BO").exists()


# --- Product networks -------------------------------------------------------------------


def test_network_staff_add_and_rename_a_product_network(client, network_staff, country_staff):
    client.force_login(network_staff)
    client.post(url("product_network_add"), {"name": "Miel", "slug": "honey", "is_honey": "on"})
    honey = ProductNetwork.objects.get(slug="honey")
    assert honey.is_honey
    client.post(url("product_network_edit", honey.pk), {"name": "Miel de abeja", "slug": "honey"})
    honey.refresh_from_db()
    assert (honey.name, honey.is_honey) == ("Miel de abeja", False)
    assert ActivityLog.objects.filter(verb="product_network.created").count() == 1

    client.force_login(country_staff)
    assert client.get(url("product_network_detail", honey.pk)).status_code == 200
    assert client.post(url("product_network_edit", honey.pk), {"name": "x"}).status_code == 403
    assert client.get(url("product_network_add")).status_code == 403


def test_a_product_network_lists_only_the_organizations_in_the_users_scope(
    client, coop_a, other_country_staff
):
    coffee = ProductNetwork.objects.get(slug="coffee")
    mexican = OrganizationFactory(
        legal_name="Cooperativa Mexicana", country="MX", products=[coffee]
    )
    client.force_login(other_country_staff)
    response = client.get(url("product_network_detail", coffee.pk))
    assert list(response.context["page_obj"]) == [mexican]
    assert coop_a.legal_name not in response.content.decode()
    listed = client.get(url("product_network_list")).context["product_networks"]
    assert [(item.slug, item.organization_count) for item in listed] == [("coffee", 1)]


# --- Inviting staff and certification-body people -------------------------------------


def link_in_outbox(email):
    message = OutboxMessage.objects.get(to=email, template="invitation")
    return message, re.search(r"https?://\S+(/invitations/[\w-]+/)", message.body_text).group(1)


def test_network_staff_invite_staff_for_the_whole_network_or_one_country(client, network_staff):
    mexico = CountryNetworkFactory(country="MX")
    client.force_login(network_staff)
    response = client.post(
        url("staff_list"), {"email": "Wide@Example.org", "country_network": "", "language": "en"}
    )
    assert response.status_code == 302
    client.post(
        url("staff_list"),
        {"email": "mx@example.org", "country_network": mexico.pk, "language": "es"},
    )
    wide = Invitation.objects.get(email="wide@example.org")
    assert (wide.kind, wide.country_network) == ("network_staff", None)
    assert Invitation.objects.get(email="mx@example.org").country_network == mexico
    message, _link = link_in_outbox("wide@example.org")
    assert "as network staff of the whole network" in message.body_text  # in English
    message, _link = link_in_outbox("mx@example.org")
    assert "Red MX" in message.body_text
    page = client.get(url("staff_list")).content.decode()
    assert "wide@example.org" in page and "mx@example.org" in page  # open invitations


def test_country_staff_invite_staff_of_their_own_country_network_only(client, country_staff):
    peru = CountryNetwork.objects.get(country="PE")
    mexico = CountryNetworkFactory(country="MX")
    client.force_login(country_staff)
    form = client.get(url("staff_list")).context["form"]
    assert list(form.fields["country_network"].queryset) == [peru]
    for country_network in ("", mexico.pk):
        response = client.post(
            url("staff_list"),
            {"email": "x@example.org", "country_network": country_network, "language": "es"},
        )
        assert response.status_code == 200
        assert "country_network" in response.context["form"].errors
    assert not Invitation.objects.exists()
    client.post(
        url("staff_list"), {"email": "x@example.org", "country_network": peru.pk, "language": "es"}
    )
    assert Invitation.objects.get().country_network == peru


def test_someone_already_staff_there_is_not_invited_again(client, network_staff, country_staff):
    peru = CountryNetwork.objects.get(country="PE")
    client.force_login(network_staff)
    response = client.post(
        url("staff_list"),
        {"email": country_staff.email, "country_network": peru.pk, "language": "es"},
    )
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_network_staff_invite_an_evaluator_and_country_staff_cannot(
    client, network_staff, country_staff
):
    body = CertificationBodyFactory(name="Certificadora del Sur")
    client.force_login(country_staff)
    assert client.get(url("certification_body_detail", body.pk)).context["form"] is None
    data = {"email": "eva@example.org", "kind": "evaluator", "language": "pt"}
    assert client.post(url("certification_body_detail", body.pk), data).status_code == 403
    assert not Invitation.objects.exists()

    client.force_login(network_staff)
    assert client.post(url("certification_body_detail", body.pk), data).status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.certification_body) == ("evaluator", body)
    assert link_in_outbox("eva@example.org")[0].language == "pt"


@pytest.mark.parametrize(("kind", "scope"), [("network_staff", "country"), ("committee", "body")])
def test_accepting_a_staff_or_certification_role_leads_to_mfa_setup(
    client, network_staff, kind, scope
):
    body = CertificationBodyFactory()
    client.force_login(network_staff)
    if scope == "country":
        peru = CountryNetworkFactory(country="PE")
        client.post(
            url("staff_list"),
            {"email": "nuevo@example.org", "country_network": peru.pk, "language": "es"},
        )
    else:
        client.post(
            url("certification_body_detail", body.pk),
            {"email": "nuevo@example.org", "kind": kind, "language": "es"},
        )
    _message, link = link_in_outbox("nuevo@example.org")
    client.logout()

    response = client.post(
        link,
        {"full_name": "Nuevo Colega", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    role = Role.objects.get(user__email="nuevo@example.org")
    assert role.kind == kind
    chain = [address for address, _status in response.redirect_chain]
    assert chain[:2] == [reverse("network:dashboard"), reverse("mfa_activate_totp")]
    # nothing else of the portal opens before MFA is set up
    assert client.get(url("staff_list"))["Location"] == reverse("mfa_activate_totp")
    # setting it up asks for the password once more (as for everyone), then shows the form
    assert chain[-1].startswith(reverse("account_reauthenticate"))
    response = client.post(chain[-1], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "form" in response.context and response.status_code == 200


def test_the_certification_bodies_page_lists_each_body_with_its_people(
    client, country_staff, evaluator
):
    CertificationBodyFactory(name="Otra Certificadora")
    client.force_login(country_staff)
    response = client.get(url("certification_body_list"))
    bodies = {body.name: [role.user for role in body.people] for body in response.context["bodies"]}
    assert bodies == {"Certificadora Andina": [evaluator], "Otra Certificadora": []}
    assert "Elena Evaluator" in response.content.decode()


# --- Certification bodies ---------------------------------------------------------------


def test_network_staff_add_a_certification_body_and_later_withdraw_its_authorisation(
    client, network_staff, evaluator
):
    client.force_login(network_staff)
    assert f'href="{url("certification_body_add")}"' in (
        client.get(url("certification_body_list")).content.decode()
    )
    response = client.post(
        url("certification_body_add"),
        {
            "name": "Certificadora del Norte",
            "country": "MX",
            "accreditation": "",
            "is_active": "on",
        },
    )
    north = CertificationBody.objects.get(name="Certificadora del Norte")
    assert response["Location"] == url("certification_body_detail", north.pk)
    assert (north.country.code, north.is_active) == ("MX", True)
    created = ActivityLog.objects.get(verb="certification_body.created")
    assert created.actor == network_staff
    assert created.changes["name"] == [None, "Certificadora del Norte"]

    andina = evaluator.roles.get().certification_body
    detail = client.get(url("certification_body_detail", andina.pk)).content.decode()
    assert f'href="{url("certification_body_edit", andina.pk)}"' in detail
    response = client.post(
        url("certification_body_edit", andina.pk),
        {"name": "Certificadora Andina", "country": "PE", "accreditation": "ISO/IEC 17065 n.º 7"},
    )
    assert response["Location"] == url("certification_body_detail", andina.pk)
    andina.refresh_from_db()
    assert (andina.accreditation, andina.is_active) == ("ISO/IEC 17065 n.º 7", False)
    assert evaluator.roles.get().certification_body == andina  # its people stay
    entry = ActivityLog.objects.get(verb="certification_body.updated")
    assert (entry.actor, entry.target_id) == (network_staff, str(andina.pk))
    assert entry.changes == {
        "accreditation": ["", "ISO/IEC 17065 n.º 7"],
        "is_active": [True, False],
    }


def test_two_certification_bodies_cannot_share_a_name(client, network_staff):
    CertificationBodyFactory(name="Certificadora Andina")
    client.force_login(network_staff)
    response = client.post(
        url("certification_body_add"),
        {"name": "Certificadora Andina", "country": "", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert CertificationBody.objects.count() == 1
    assert not ActivityLog.objects.exists()


def test_country_staff_cannot_add_or_edit_certification_bodies(client, country_staff):
    body = CertificationBodyFactory(name="Certificadora Andina", accreditation="")
    client.force_login(country_staff)
    assert f'href="{url("certification_body_add")}"' not in (
        client.get(url("certification_body_list")).content.decode()
    )
    assert f'href="{url("certification_body_edit", body.pk)}"' not in (
        client.get(url("certification_body_detail", body.pk)).content.decode()
    )
    data = {"name": "Tomada", "country": "PE", "accreditation": "x", "is_active": "on"}
    assert client.get(url("certification_body_add")).status_code == 403
    assert client.post(url("certification_body_add"), data).status_code == 403
    assert client.get(url("certification_body_edit", body.pk)).status_code == 403
    assert client.post(url("certification_body_edit", body.pk), data).status_code == 403
    body.refresh_from_db()
    assert (body.name, body.accreditation) == ("Certificadora Andina", "")
    assert CertificationBody.objects.count() == 1
    assert not ActivityLog.objects.exists()


def test_people_outside_the_staff_cannot_edit_a_certification_body(client, evaluator):
    body = evaluator.roles.get().certification_body
    client.force_login(evaluator)
    data = {"name": "Nuestra", "country": "PE", "is_active": "on"}
    assert client.post(url("certification_body_edit", body.pk), data).status_code == 404
    assert client.post(url("certification_body_add"), data).status_code == 403
    body.refresh_from_db()
    assert body.name == "Certificadora Andina"


# --- Revoking ---------------------------------------------------------------------------


def test_revoking_a_role_needs_a_reason_and_is_logged(client, network_staff, evaluator):
    role = evaluator.roles.get()
    client.force_login(network_staff)
    revoke = url("role_revoke", role.pk)
    response = client.post(revoke, {"reason": ""})
    assert response.status_code == 200
    assert Role.objects.filter(pk=role.pk).exists()

    response = client.post(revoke, {"reason": "Ya no trabaja con la certificadora"})
    assert response["Location"] == url("certification_body_detail", role.certification_body_id)
    assert not Role.objects.filter(pk=role.pk).exists()
    entry = ActivityLog.objects.get(verb="role.revoked")
    assert entry.reason == "Ya no trabaja con la certificadora"
    assert entry.actor == network_staff
    assert entry.changes["person"] == [evaluator.email, None]
    assert (entry.scope_type, entry.scope_id) == (
        "network.certificationbody",
        str(role.certification_body_id),
    )


def test_nobody_revokes_their_own_role(client, network_staff):
    role = network_staff.roles.get()
    client.force_login(network_staff)
    response = client.post(url("role_revoke", role.pk), {"reason": "me voy"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["own_role"]
    assert Role.objects.filter(pk=role.pk).exists()


def test_country_staff_revoke_their_colleagues_but_not_others(
    client, country_staff, other_country_staff, evaluator
):
    peru = CountryNetwork.objects.get(country="PE")
    colleague = make_user("colega@example.org")
    colleague_role = grant(colleague, "network_staff", country_network=peru)
    peru.coordinator = colleague
    peru.save()
    client.force_login(country_staff)
    for other in (other_country_staff, evaluator):
        assert client.get(url("role_revoke", other.roles.get().pk)).status_code == 404
    response = client.post(url("role_revoke", colleague_role.pk), {"reason": "cambio"})
    assert response["Location"] == url("staff_list")
    assert not Role.objects.filter(pk=colleague_role.pk).exists()
    peru.refresh_from_db()
    assert peru.coordinator is None  # no longer staff, so no longer coordinator


def test_revoking_an_open_invitation(client, network_staff):
    body = CertificationBodyFactory()
    client.force_login(network_staff)
    client.post(
        url("certification_body_detail", body.pk),
        {"email": "rev@example.org", "kind": "reviewer", "language": "es"},
    )
    invitation = Invitation.objects.get()
    response = client.post(url("invitation_revoke", invitation.pk))
    assert response["Location"] == url("certification_body_detail", body.pk)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    _message, link = link_in_outbox("rev@example.org")
    client.logout()
    assert client.get(link).status_code == 410


# --- Navigation and query counts --------------------------------------------------------


def test_the_network_pages_are_in_the_navigation_of_staff_only(
    client, network_staff, country_staff, coop_a_admin
):
    network_link = f'href="{url("country_network_list")}"'
    bodies_link = f'href="{url("certification_body_list")}"'
    client.force_login(network_staff)
    page = client.get(reverse("network:dashboard")).content.decode()
    assert network_link in page and bodies_link in page
    client.force_login(country_staff)
    page = client.get(reverse("network:dashboard")).content.decode()
    assert network_link in page and bodies_link not in page
    client.force_login(coop_a_admin)
    page = client.get(reverse("network:dashboard")).content.decode()
    assert network_link not in page


def _add_rows(count, offset):
    """`count` more country networks (with staff), organizations in coffee and in a
    product network of their own, and certification bodies (with an evaluator)."""
    from django_countries import countries

    codes = [code for code, _name in countries if code not in ("PE", "MX")]
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    for n in range(offset, offset + count):
        staff = make_user(f"staff{n}@example.org")
        country_network = CountryNetworkFactory(country=codes[n], coordinator=staff)
        grant(staff, "network_staff", country_network=country_network)
        OrganizationFactory(
            country=codes[n], products=[coffee, ProductNetworkFactory(slug=f"p{n}")]
        )
        body = CertificationBodyFactory(name=f"Certificadora {n}")
        grant(make_user(f"eval{n}@example.org"), "evaluator", certification_body=body)


@pytest.mark.parametrize(
    "page",
    [
        "country_network_list",
        "product_network_list",
        "staff_list",
        "certification_body_list",
        "product_network_detail",
    ],
)
def test_network_lists_take_the_same_number_of_queries_for_few_and_many_rows(
    client, network_staff, django_assert_max_num_queries, page
):
    _add_rows(3, 0)
    address = (
        url(page, ProductNetwork.objects.get(slug="coffee").pk) if "detail" in page else url(page)
    )
    client.force_login(network_staff)
    client.get(address)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(address).status_code == 200
    _add_rows(60, 10)
    with django_assert_max_num_queries(len(few)):
        response = client.get(address)
    assert response.status_code == 200

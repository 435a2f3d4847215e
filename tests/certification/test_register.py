"""The public register: search and filters over current certificates, pages of a
constant number of queries, and the staff directory's certification filter."""

import pytest
from django.urls import reverse

from certification.models import Certificate
from tests.certification.factories import (
    ApplicationFactory,
    CertificateFactory,
    ResolutionFactory,
    shared_test_version,
)
from tests.producers.factories import OrganizationFactory, ProductNetworkFactory

REGISTER = "/certificates/"


def certified(name, country="PE", products=(), status="active", **fields):
    organization = OrganizationFactory(legal_name=name, country=country, products=list(products))
    resolution = ResolutionFactory(
        application=ApplicationFactory(
            organization=organization, status="decided", standard_version=shared_test_version()
        )
    )
    return CertificateFactory(user_agreement__resolution=resolution, status=status, **fields)


@pytest.fixture
def register(db):
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    honey = ProductNetworkFactory(slug="honey", name="Miel")
    return {
        "coffee": coffee,
        "honey": honey,
        "peru": certified("Café del Valle", "PE", [coffee]),
        "mexico": certified("Miel de Yucatán", "MX", [honey], status="suspended"),
        "bolivia": certified("Cacao Beni", "BO", [coffee, honey], status="cancelled"),
        "uncertified": OrganizationFactory(legal_name="Sin Certificar", country="PE"),
    }


def names(response):
    return [certificate.organization.legal_name for certificate in response.context["page_obj"]]


def test_the_register_lists_current_certificates_by_name(client, register):
    assert names(client.get(REGISTER)) == ["Cacao Beni", "Café del Valle", "Miel de Yucatán"]


def test_search_and_filters(client, register):
    assert names(client.get(REGISTER, {"q": "yucat"})) == ["Miel de Yucatán"]
    assert names(client.get(REGISTER, {"q": register["peru"].number})) == ["Café del Valle"]
    assert names(client.get(REGISTER, {"country": "MX"})) == ["Miel de Yucatán"]
    assert names(client.get(REGISTER, {"product": register["honey"].pk})) == [
        "Cacao Beni",
        "Miel de Yucatán",
    ]
    assert names(client.get(REGISTER, {"status": "suspended"})) == ["Miel de Yucatán"]
    assert names(client.get(REGISTER, {"status": "active", "country": "MX"})) == []


def test_bad_filters_show_everything_and_never_fail(client, register):
    response = client.get(REGISTER, {"country": "ZZ", "product": "x", "status": "<b>", "page": "9"})
    assert response.status_code == 200
    assert "<b>" not in response.content.decode()
    assert len(names(response)) == 3


def test_the_country_filter_offers_the_countries_of_the_register(client, register):
    choices = dict(client.get(REGISTER).context["form"].fields["country"].choices)
    assert set(choices) == {"", "PE", "MX", "BO"}


def test_a_replaced_certificate_is_not_listed(client, register):
    Certificate.objects.filter(pk=register["peru"].pk).update(is_current=False)
    assert "Café del Valle" not in names(client.get(REGISTER))


@pytest.mark.parametrize("rows", [10, 200])
def test_a_register_page_costs_the_same_queries_with_10_or_200_rows(
    client, db, rows, django_assert_max_num_queries
):
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    for n in range(rows):
        certified(f"Cooperativa {n:03d}", products=[coffee])
    with django_assert_max_num_queries(6):
        response = client.get(REGISTER)
    assert response.status_code == 200
    assert len(names(response)) == min(rows, 50)
    with django_assert_max_num_queries(6):
        client.get(REGISTER, {"q": "Cooperativa", "country": "PE", "product": coffee.pk,
                              "status": "active", "page": 2})  # fmt: skip


def test_the_directory_filters_by_certification_status(client, network_staff, register):
    client.force_login(network_staff)

    def directory(**params):
        response = client.get(reverse("producers:directory"), params)
        return sorted(organization.legal_name for organization in response.context["page_obj"])

    assert directory(certification="active") == ["Café del Valle"]
    assert directory(certification="suspended") == ["Miel de Yucatán"]
    assert "Sin Certificar" in directory(certification="none")
    assert "Café del Valle" not in directory(certification="none")
    assert "Certificación" in client.get(reverse("producers:directory")).content.decode()


def test_rendered_rows_are_reused_until_a_certificate_changes(client, register, settings):
    from certification.services.certificates import certificate_move
    from tests.certification.factories import committee_member

    peru = register["peru"]
    committee = committee_member("comite@example.org", peru.certification_body, peru.organization)
    assert "badge-active" in client.get(REGISTER, {"country": "PE"}).content.decode()
    Certificate.objects.filter(pk=peru.pk).update(valid_until=peru.valid_until.replace(year=2099))
    assert "2099" not in client.get(REGISTER, {"country": "PE"}).content.decode()  # cached rows
    certificate_move(certificate=peru, transition="suspend", by=committee, reason="Cuota impaga.")
    html = client.get(REGISTER, {"country": "PE"}).content.decode()
    assert "badge-suspended" in html and "2099" in html  # the move made the rows stale

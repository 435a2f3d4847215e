"""The staff directory: search, filters, sorting, pagination, export, constant queries."""

import csv
import io

import pytest

from tests.producers.factories import (
    CountryNetworkFactory,
    MemberFactory,
    OrganizationFactory,
    ProductNetworkFactory,
)


@pytest.fixture
def network(db):
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    honey = ProductNetworkFactory(slug="honey", name="Miel")
    peru = OrganizationFactory(legal_name="Café Perú", country="PE", products=[coffee])
    mexico = OrganizationFactory(
        legal_name="Miel México", country="MX", products=[honey], membership_status="applicant"
    )
    for _ in range(3):
        MemberFactory(organization=mexico)
    return {"coffee": coffee, "honey": honey, "peru": peru, "mexico": mexico}


def names(response):
    return [organization.legal_name for organization in response.context["page_obj"]]


def test_staff_search_filter_and_sort(client, network_staff, network):
    client.force_login(network_staff)
    assert names(client.get("/network/directory/?q=miel")) == ["Miel México"]
    assert names(client.get("/network/directory/?country=PE")) == ["Café Perú"]
    assert names(client.get(f"/network/directory/?product={network['honey'].pk}")) == [
        "Miel México"
    ]
    assert names(client.get("/network/directory/?status=applicant")) == ["Miel México"]
    assert names(client.get("/network/directory/?sort=-members")) == ["Miel México", "Café Perú"]
    assert names(client.get("/network/directory/?sort=-name")) == ["Miel México", "Café Perú"]


def test_country_staff_see_only_their_country(client, other_country_staff, network):
    client.force_login(other_country_staff)  # Mexico's staff
    assert names(client.get("/network/directory/")) == ["Miel México"]
    export = b"".join(client.get("/network/directory/export.csv").streaming_content).decode()
    assert "Miel México" in export and "Café Perú" not in export


def test_export_follows_the_filters(client, network_staff, network):
    client.force_login(network_staff)
    response = client.get("/network/directory/export.csv?country=MX")
    assert response["Content-Disposition"] == 'attachment; filename="organizations.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text))
    assert header[:2] == ["id", "legal_name"]
    assert len(rows) == 1 and rows[0][1] == "Miel México" and rows[0][7] == "3"


def test_cooperative_people_cannot_open_the_directory(client, coop_a_admin):
    client.force_login(coop_a_admin)
    assert client.get("/network/directory/").status_code == 403


def test_paginates_by_fifty(client, network_staff, db):
    OrganizationFactory.create_batch(60)
    client.force_login(network_staff)
    assert len(client.get("/network/directory/").context["page_obj"]) == 50
    assert len(client.get("/network/directory/?page=2").context["page_obj"]) == 10


def test_10_and_200_organizations_take_the_same_number_of_queries(
    client, network_staff, django_assert_num_queries, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    honey = ProductNetworkFactory(slug="honey", name="Miel")
    client.force_login(network_staff)

    def add(count):
        for organization in OrganizationFactory.create_batch(count, products=[coffee, honey]):
            MemberFactory(organization=organization)

    add(10)
    client.get("/network/directory/")  # warm the session
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/network/directory/?sort=-members").status_code == 200
    add(190)
    with django_assert_max_num_queries(len(ten)):
        response = client.get("/network/directory/?sort=-members")
    assert len(response.context["page_obj"]) == 50
    with django_assert_max_num_queries(len(ten)):
        client.get("/network/directory/export.csv").getvalue()


def country_choices(response):
    return [code for code, _name in response.context["form"].fields["country"].choices]


def test_the_country_filter_offers_the_networks_countries_not_the_worlds(
    client, network_staff, other_country_staff, network
):
    CountryNetworkFactory(country="BO")  # a country network with no organization yet
    client.force_login(network_staff)
    response = client.get("/network/directory/")
    # The country networks' and the organizations' countries, sorted in Spanish.
    assert country_choices(response) == ["", "BO", "MX", "PE"]
    assert '<option value="MX">México</option>' in response.content.decode()
    client.force_login(other_country_staff)  # Mexico's staff see only their scope
    assert country_choices(client.get("/network/directory/")) == ["", "MX"]

"""Data and sign-in shared by the browser tests of pages (accessibility, phone, keyboard)."""

import pytest
from django.test import Client

from advocacy.services import signatures
from tests.advocacy.factories import CampaignFactory, SignatureFactory
from tests.fixtures.personas import make_user
from tests.producers.factories import (
    MemberFactory,
    OrganizationFactory,
    ProductFactory,
    ProductNetworkFactory,
    grant,
)


@pytest.fixture
def sign_in(page, live_server):
    """`sign_in(user)`: the browser carries the session of a user signed in through
    Django's test client (the login form has its own journeys)."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])

    return sign_in


@pytest.fixture
def cooperative(db):
    """A cooperative with long names, products, members and people; and its administrator."""
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    organization = OrganizationFactory(
        legal_name="Cooperativa Agraria Cafetalera y de Servicios Múltiples Valle Alto Ltda.",
        short_name="Valle Alto",
        products=[coffee],
        email="administracion.central@cooperativa-cafetalera-valle-alto.example.org",
        website="https://www.cooperativa-cafetalera-valle-alto.example.org/quienes-somos/",
    )
    ProductFactory(organization=organization, product_network=coffee,
                   destination_markets="Europa, Estados Unidos, Japón")  # fmt: skip
    for number in range(12):
        MemberFactory(organization=organization, name=f"María Fernanda Quispe Huamán {number}")
    admin = make_user("ana.admin@example.org", full_name="Ana Administradora")
    grant(admin, "org_admin", organization=organization)
    grant(make_user("eduardo.editor@example.org"), "org_editor", organization=organization)
    return organization, admin


@pytest.fixture
def campaign(db):
    """A published petition signed from six countries, some with long names."""
    campaign = CampaignFactory(slug_es="cafe-justo", title_es="Café a precio justo")
    for country in ("PE", "BO", "VE", "MX", "CD", "GB"):
        SignatureFactory(campaign=campaign, country=country)
    signatures.tallies_refresh()
    return campaign

"""The buyers' API: a certificate by number and the filtered register, as its OpenAPI
schema says (schemathesis runs every operation against the served schema: no server
error, no schema violation), cacheable with an ETag, limited per client."""

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, settings

from certification.services.certificates import certificate_move
from tests.certification.test_register import certified
from tests.producers.factories import ProductNetworkFactory

API = "/api/v1"


@pytest.fixture
def api_data(db, settings):
    settings.CERTIFICATION_API_RATE = "100000/m"
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    return {
        "active": certified("Café del Valle", "PE", [coffee]),
        "suspended": certified("Miel de Yucatán", "MX", status="suspended"),
    }


def _served_schema():
    """The schema as the app serves it, read through the WSGI app (no database needed)."""
    from network.wsgi import application

    return schemathesis.openapi.from_wsgi(f"{API}/openapi.json", application)


schema = _served_schema()


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Calls through the WSGI app end the request like a server does, closing the
    database connection the test's transaction lives in; Django's test client stops
    that the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, api_data, wsgi_keeps_the_test_connection):
    # The WSGI transport does not gunzip; a real client does (GZipMiddleware answers gzip).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


def test_the_schema_is_openapi_3_and_documents_both_operations(client, db):
    document = client.get(f"{API}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {f"{API}/certificates", f"{API}/certificates/{{number}}"}
    assert client.get(f"{API}/docs").status_code == 200


def test_a_certificate_by_number(client, api_data):
    number = api_data["active"].number
    body = client.get(f"{API}/certificates/{number}").json()
    assert body["number"] == number and body["status"] == "active"
    assert body["organization"] == "Café del Valle" and body["country"] == "PE"
    assert body["products"] == [{"code": "coffee", "name": "Café"}]
    assert body["verification_url"].endswith(reverse("certification:verify", args=[number]))
    assert "email" not in str(body) and "tax" not in str(body)
    missing = client.get(f"{API}/certificates/SPS-XX-2026-0001")
    assert missing.status_code == 404 and "detail" in missing.json()


def test_the_list_filters_and_pages(client, api_data):
    everything = client.get(f"{API}/certificates").json()
    assert everything["count"] == 2 and everything["pages"] == 1
    assert [c["organization"] for c in everything["results"]] == [
        "Café del Valle",
        "Miel de Yucatán",
    ]
    assert client.get(f"{API}/certificates?status=suspended").json()["count"] == 1
    assert client.get(f"{API}/certificates?country=pe").json()["count"] == 1
    assert client.get(f"{API}/certificates?product=coffee").json()["count"] == 1
    assert client.get(f"{API}/certificates?product=cacao").json()["count"] == 0
    assert client.get(f"{API}/certificates?product=%079%00x").json()["count"] == 0  # NUL: no 500
    assert client.get(f"{API}/certificates?q=yucat").json()["count"] == 1
    second = client.get(f"{API}/certificates?page=2&page_size=1").json()
    assert second["pages"] == 2 and second["results"][0]["organization"] == "Miel de Yucatán"
    assert client.get(f"{API}/certificates?page=0").status_code == 422


def test_answers_carry_an_etag_and_are_revalidated(client, api_data, committee_for_api):
    url = f"{API}/certificates/{api_data['active'].number}"
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    certificate_move(certificate=api_data["active"], transition="suspend",
                     by=committee_for_api, reason="Cuota impaga.")  # fmt: skip
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["status"] == "suspended"
    assert changed["ETag"] != first["ETag"]


@pytest.fixture
def committee_for_api(api_data):
    from tests.certification.factories import committee_member

    certificate = api_data["active"]
    return committee_member("comite.api@example.org", certificate.certification_body,
                            certificate.organization)  # fmt: skip


def test_each_client_has_a_rate(client, api_data, settings):
    settings.CERTIFICATION_API_RATE = "3/m"
    codes = [client.get(f"{API}/certificates").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = client.get(f"{API}/certificates", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200
    assert "detail" in client.get(f"{API}/certificates").json()


@pytest.mark.parametrize("rows", [10, 120])
def test_an_api_page_costs_the_same_queries(client, db, settings, rows,
                                            django_assert_max_num_queries):  # fmt: skip
    settings.CERTIFICATION_API_RATE = "100000/m"
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    for n in range(rows):
        certified(f"Cooperativa {n:03d}", products=[coffee])
    with django_assert_max_num_queries(4):
        body = client.get(f"{API}/certificates?page_size=100").json()
    assert len(body["results"]) == min(rows, 100)


def test_a_nul_character_in_a_search_is_ignored_not_a_server_error(client, api_data):
    """Found by schemathesis: PostgreSQL refuses NUL in a text parameter."""
    response = client.get(f"{API}/certificates", {"q": "\x00Café"})
    assert response.status_code == 200 and response.json()["count"] == 1

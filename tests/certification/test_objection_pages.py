"""The objection period's public pages and the partials that show objections: the list,
the form (bad input keeps what was typed, a bot is thanked and forgotten, 429 beyond the
limit, 409 once the period is over), and who reads what."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, Objection
from network.models import OutboxMessage, RoleKind
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    ObjectionFactory,
    StandardVersionFactory,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import OrganizationFactory, ProductNetworkFactory, grant

S = Application.Status
LIST = "/objections/"
OBJECTOR = {"name": "Rosa Quispe", "email": "rosa@example.org", "phone": "+51 984 000 111",
            "reasons": "La cooperativa compra café a fincas de 60 hectáreas."}  # fmt: skip


@pytest.fixture
def version(db):
    return StandardVersionFactory(criteria=2)


def applicant(version, *, ends_in=10, status=S.OBJECTION_PERIOD, **organization):
    today = timezone.localdate()
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    honey = ProductNetworkFactory(slug="honey", name="Miel")
    organization = OrganizationFactory(products=[honey, coffee], **organization)
    return ApplicationFactory(
        organization=organization,
        standard_version=version,
        status=status,
        objection_starts_on=today - datetime.timedelta(days=15 - ends_in),
        objection_ends_on=today + datetime.timedelta(days=ends_in),
    )


def form_url(application):
    return reverse("certification:objection_create", args=[application.pk])


def test_the_list_shows_name_country_products_and_end_date(client, version):
    open_one = applicant(version, legal_name="Cooperativa Flor de Café", country="BO")
    ended = applicant(version, ends_in=-1, legal_name="Cooperativa Vencida")
    closed = applicant(version, status=S.ELIGIBLE, legal_name="Cooperativa Elegible")

    html = client.get(LIST).content.decode()
    assert "Cooperativa Flor de Café" in html and "Bolivia" in html
    assert "Café, Miel" in html
    assert f'datetime="{open_one.objection_ends_on.isoformat()}"' in html
    assert f'href="{form_url(open_one)}"' in html
    assert "Cooperativa Vencida" not in html and "Cooperativa Elegible" not in html
    assert client.get(form_url(closed)).status_code == 404
    assert client.get(form_url(ended)).status_code == 200  # says it is over, see below


def test_the_list_takes_the_same_queries_with_10_and_200_applicants(
    client, version, django_assert_max_num_queries
):
    for _ in range(10):
        applicant(version)
    client.get(LIST)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST).status_code == 200
    for _ in range(190):
        applicant(version)
    with django_assert_max_num_queries(len(ten)):
        response = client.get(LIST)
    assert len(response.context["page_obj"]) == 50


def test_an_objection_is_received_and_acknowledged_in_the_page_language(client, version):
    application = applicant(version)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post(form_url(application), {**OBJECTOR, "organization": "Voisins"})
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:objection_sent")
    objection = Objection.objects.get()
    assert objection.application == application
    assert (objection.name, objection.language) == ("Rosa Quispe", "fr")
    message = OutboxMessage.objects.get()
    assert message.to == "rosa@example.org" and message.language == "fr"
    assert message.subject == f"Nous avons reçu votre opposition ({objection.reference})"
    thanks = client.get(response["Location"]).content.decode()
    assert "Merci : nous avons reçu votre opposition" in thanks


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, version):
    application = applicant(version)
    response = client.post(form_url(application), {**OBJECTOR, "email": "rosa-sin-arroba"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "La cooperativa compra café a fincas de 60 hectáreas." in html
    assert 'value="Rosa Quispe"' in html
    assert not Objection.objects.exists() and not OutboxMessage.objects.exists()

    long = client.post(form_url(application), {**OBJECTOR, "reasons": "x" * 4001})
    assert long.status_code == 200 and "4000" in long.content.decode()
    assert not Objection.objects.exists()


def test_a_bot_filling_the_trap_is_thanked_and_forgotten(client, version):
    application = applicant(version)
    response = client.post(form_url(application), {**OBJECTOR, "website": "http://spam.example"})
    assert response["Location"] == reverse("certification:objection_sent")
    assert not Objection.objects.exists() and not OutboxMessage.objects.exists()
    page = client.get(form_url(application)).content.decode()
    assert 'class="hp-field" aria-hidden="true"' in page and 'name="website"' in page


def test_after_the_end_date_the_form_is_gone_and_a_late_post_keeps_its_text(client, version):
    application = applicant(version, ends_in=-1)
    page = client.get(form_url(application)).content.decode()
    assert "El periodo de objeciones de esta solicitud terminó" in page
    assert 'name="reasons"' not in page
    late = client.post(form_url(application), OBJECTOR)
    assert late.status_code == 409
    assert "La cooperativa compra café a fincas de 60 hectáreas." in late.content.decode()
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [("es", "Se enviaron muchos formularios"), ("pt", "Muitos formulários foram enviados")],
)
def test_beyond_the_per_ip_limit_the_visitor_gets_429_in_their_language(
    client, version, settings, language, message
):
    settings.MINGA_FORM_RATES = {"objection": "3/m"}
    application = applicant(version)
    codes = [
        client.post(form_url(application), OBJECTOR, HTTP_ACCEPT_LANGUAGE=language).status_code
        for _attempt in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    refused = client.post(form_url(application), OBJECTOR, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 429 and message in refused.content.decode()
    assert Objection.objects.count() == 3
    assert client.get(form_url(application)).status_code == 200  # reading is not limited


def test_the_default_limit_is_twenty_an_hour(client, version):
    application = applicant(version)
    codes = [client.post(form_url(application), OBJECTOR).status_code for _ in range(21)]
    assert codes == [302] * 20 + [429]


# --- The partials: the body reads who objected, the applicant only how many ------------


def render_partial(name, application, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(name, {"application": application}, request=request)


@pytest.fixture
def objected(version):
    application = applicant(version)
    ObjectionFactory(application=application, name="Rosa Quispe", email="rosa@example.org",
                     reasons="Compran a fincas grandes.")  # fmt: skip
    ObjectionFactory(application=application, name="Juan Mamani")
    return application


def test_the_body_reads_each_objection_with_who_made_it(objected):
    evaluator = make_user("evaluador@example.org")
    grant(evaluator, RoleKind.EVALUATOR, certification_body=objected.certification_body)
    ConflictDeclarationFactory(person=evaluator, organization=objected.organization)

    html = render_partial("certification/review/_objections.html", objected, evaluator)
    assert "Rosa Quispe" in html and "mailto:rosa@example.org" in html
    assert "Compran a fincas grandes." in html and "Juan Mamani" in html
    assert "OBJ-" in html


def test_the_applicant_sees_how_many_objections_never_who_made_them(objected):
    editor = make_user("editora@example.org")
    grant(editor, RoleKind.ORG_EDITOR, organization=objected.organization)

    for partial in ("certification/applications/_objections_notice.html",
                    "certification/review/_objections.html"):  # fmt: skip
        html = render_partial(partial, objected, editor)
        assert "2 objeciones recibidas" in html
        assert "Rosa" not in html and "rosa@example.org" not in html
        assert "Compran a fincas grandes." not in html and "Juan" not in html


def test_the_applicant_notice_stays_away_without_an_objection_period(version):
    renewal = ApplicationFactory(standard_version=version, status=S.ELIGIBLE, kind="renewal")
    editor = make_user("editora@example.org")
    grant(editor, RoleKind.ORG_EDITOR, organization=renewal.organization)
    html = render_partial("certification/applications/_objections_notice.html", renewal, editor)
    assert html.strip() == ""

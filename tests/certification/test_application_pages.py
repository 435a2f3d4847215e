"""The cooperative's application pages: readiness, starting, the sections (drafts that keep
what was typed on any error and save nothing half done), the moves and the files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, ApplicationKind
from certification.services.applications import application_create, application_move
from network.models import RoleKind
from tests.certification.factories import ready_application, ready_organization
from tests.fixtures.personas import make_user
from tests.producers.factories import (
    CertificationBodyFactory,
    ProductFactory,
    ProductNetworkFactory,
    grant,
)

S = Application.Status


def section_url(application, section):
    return reverse("certification:application_section", args=[application.pk, section])


def detail_url(application):
    return reverse("certification:application_detail", args=[application.pk])


@pytest.fixture
def draft(standard_v1, coop_a, coop_a_editor):
    return application_create(
        by=coop_a_editor, organization=coop_a, certification_body=CertificationBodyFactory()
    )


@pytest.fixture
def editor_client(client, coop_a_editor):
    client.force_login(coop_a_editor)
    return client


# --- Readiness and start ---------------------------------------------------------------


def test_readiness_lists_what_is_missing_with_where_to_fix_it(editor_client, coop_a):
    response = editor_client.get(reverse("certification:readiness", args=[coop_a.pk]))
    assert response.status_code == 200
    readiness = response.context["readiness"]
    assert not readiness.ready
    html = response.content.decode()
    assert reverse("producers:member_list", args=[coop_a.pk]) in html
    assert reverse("producers:document_list", args=[coop_a.pk]) in html
    assert reverse("certification:application_start", args=[coop_a.pk]) in html


def test_readiness_checks_documents_on_the_planned_day(editor_client, coop_a, coop_a_editor):
    ready_organization(coop_a, by=coop_a_editor)
    url = reverse("certification:readiness", args=[coop_a.pk])
    assert editor_client.get(url).context["readiness"].ready
    # The library's documents end a year from now: a later evaluation needs new ones.
    later = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    response = editor_client.get(url, {"kind": "renewal", "on": later})
    missing = response.context["readiness"].missing
    assert {check.group for check in missing} == {"documents"}
    assert len(missing) == 4  # a renewal needs four documents


def test_starting_an_application_makes_a_draft(editor_client, coop_a, standard_v1):
    body = CertificationBodyFactory(name="Bio Latina")
    response = editor_client.post(
        reverse("certification:application_start", args=[coop_a.pk]),
        {"kind": "initial", "certification_body": body.pk},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(application)
    assert application.certification_body == body and application.status == S.DRAFT


def test_a_past_planned_date_is_refused_and_the_choice_kept(editor_client, coop_a, standard_v1):
    body = CertificationBodyFactory(name="Bio Latina")
    response = editor_client.post(
        reverse("certification:application_start", args=[coop_a.pk]),
        {"kind": "renewal", "certification_body": body.pk, "planned_evaluation_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert not Application.objects.exists()
    html = response.content.decode()
    assert 'value="renewal" required id="id_kind_1" checked' in html
    assert "2020-01-01" in html


# --- Sections ----------------------------------------------------------------------------


def test_a_section_keeps_what_was_typed_and_saves_nothing_when_a_row_is_wrong(editor_client, draft):
    coffee = ProductNetworkFactory(slug="coffee")
    before = list(draft.products.values_list("id", flat=True))
    response = editor_client.post(
        section_url(draft, "certifications"),
        {
            "version": draft.version,
            "sales_organic_percent": "40",
            "sales_fair_trade_percent": "130",  # wrong: over 100
            "sales_sps_percent": "20",
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "0",
            "rows-0-scheme": "Orgánico UE",
            "rows-0-certifier": "Certificadora del Sur",
            "rows-0-recent_non_compliances": "Registro de insumos incompleto",
            "rows-1-scheme": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Orgánico UE" in html and "Registro de insumos incompleto" in html
    assert 'value="130"' in html and 'class="error-summary"' in html
    stored = Application.objects.get(pk=draft.pk)
    assert stored.sales_organic_percent is None and stored.version == draft.version
    assert not stored.other_certifications.exists()
    assert "certifications" not in stored.sections_saved
    assert list(draft.products.values_list("id", flat=True)) == before
    assert coffee  # products untouched by another section


def test_a_wrong_row_blocks_the_sections_fields_too(editor_client, draft):
    response = editor_client.post(
        section_url(draft, "scope"),
        {
            "version": draft.version,
            "scope_activities": ["production", "processing"],
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "0",
            "rows-0-name": "Transportes Quispe",  # what they do is missing
            "rows-0-location": "Cusco",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Transportes Quispe" in html and 'id="rows-errors"' in html
    assert 'value="processing" checked' in html.replace(' id="id_scope_activities_1"', "")
    stored = Application.objects.get(pk=draft.pk)
    assert stored.scope_activities == [] and not stored.subcontractors.exists()


def test_saving_a_list_section_and_going_on(editor_client, draft):
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    response = editor_client.post(
        section_url(draft, "products"),
        {
            "version": draft.version,
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "0",
            "rows-0-product_network": coffee.pk,
            "rows-0-description": "café pergamino",
            "rows-0-volume": "1500",
            "rows-0-unit": "qq",
            "rows-0-form": "raw",
            "rows-0-brand": "own",
            "rows-1-unit": "",  # the blank row, as a browser sends it
            "rows-1-brand": "none",
            "next": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == section_url(draft, "scope")
    product = Application.objects.get(pk=draft.pk).products.get()
    assert (product.description, product.volume, product.brand) == ("café pergamino", 1500, "own")


def test_removing_a_row(editor_client, coop_a, coop_a_editor, standard_v1):
    ProductFactory(organization=coop_a, description="cacao")
    ProductFactory(organization=coop_a, description="miel")
    draft = application_create(
        by=coop_a_editor, organization=coop_a, certification_body=CertificationBodyFactory()
    )
    page = editor_client.get(section_url(draft, "products"))
    rows = page.context["page"].rows
    data = {"version": draft.version, "rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "2"}
    for index, form in enumerate(rows.forms[:2]):
        for name, value in form.initial.items():
            data[f"rows-{index}-{name}"] = value if value is not None else ""
    data["rows-0-DELETE"] = "on"
    assert editor_client.post(section_url(draft, "products"), data).status_code == 302
    assert list(draft.products.values_list("description", flat=True)) == ["miel"]


def test_a_stale_section_keeps_the_typed_values_and_shows_the_stored_ones(editor_client, draft):
    old_version = draft.version
    editor_client.post(
        section_url(draft, "ics"),
        {"version": old_version, "ics_description": "Primera versión"},
    )
    response = editor_client.post(
        section_url(draft, "ics"),
        {"version": old_version, "ics_description": "Mi versión", "ics_inspectors": "3"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mi versión" in html and "Primera versión" in html
    assert Application.objects.get(pk=draft.pk).ics_description == "Primera versión"


def test_a_refused_map_says_why_and_keeps_the_other_sections(editor_client, draft):
    fake = SimpleUploadedFile("mapa.pdf", b"not a pdf at all", content_type="application/pdf")
    response = editor_client.post(
        section_url(draft, "map"), {"version": draft.version, "area_map": fake}
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert Application.objects.get(pk=draft.pk).area_map_file == ""


def test_the_documents_section_offers_the_librarys_documents(
    editor_client, coop_a, coop_a_editor, standard_v1
):
    ready_organization(coop_a, by=coop_a_editor)
    draft = application_create(
        by=coop_a_editor, organization=coop_a, certification_body=CertificationBodyFactory()
    )
    statutes = coop_a.documents.get(doc_type="statutes")
    response = editor_client.post(
        section_url(draft, "documents"),
        {"version": draft.version, "document_statutes": statutes.pk},
    )
    assert response.status_code == 302
    assert draft.document_links.get().document == statutes


def test_a_submitted_application_shows_its_sections_but_takes_no_change(
    client, coop_a, coop_a_editor, standard_v1
):
    application = ready_application(organization=coop_a, by=coop_a_editor)
    application_move(application=application, transition="submit", by=coop_a_editor)
    client.force_login(coop_a_editor)
    response = client.post(
        section_url(application, "ics"),
        {"version": application.version + 1, "ics_description": "Cambio tardío"},
    )
    assert response.status_code == 200
    assert "Cambio tardío" not in response.content.decode()
    assert "disabled" in response.content.decode()
    assert Application.objects.get(pk=application.pk).ics_description != "Cambio tardío"


def test_an_unknown_section_does_not_exist(editor_client, draft):
    assert editor_client.get(section_url(draft, "nothing")).status_code == 404


# --- The application page and its moves -----------------------------------------------


def test_the_submit_button_says_what_is_missing(editor_client, draft):
    html = editor_client.get(detail_url(draft)).content.decode()
    assert "button-disabled" in html
    response = editor_client.post(
        reverse("certification:application_move", args=[draft.pk, "submit"])
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=draft.pk).status == S.DRAFT
    assert 'class="error-summary"' in response.content.decode()


def test_submitting_a_ready_application(client, coop_a, coop_a_editor, standard_v1):
    application = ready_application(organization=coop_a, by=coop_a_editor)
    client.force_login(coop_a_editor)
    response = client.post(
        reverse("certification:application_move", args=[application.pk, "submit"])
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED


def test_a_move_not_possible_now_says_so(editor_client, draft):
    url = reverse("certification:application_move", args=[draft.pk, "reject_quote"])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "no es posible" in response.content.decode().lower()


def test_a_body_move_is_not_the_cooperatives(editor_client, draft):
    url = reverse("certification:application_move", args=[draft.pk, "start_review"])
    assert editor_client.get(url).status_code == 404


def test_a_viewer_reads_the_application_without_buttons(client, draft, coop_a_viewer):
    client.force_login(coop_a_viewer)
    response = client.get(detail_url(draft))
    assert response.status_code == 200
    assert response.context["buttons"] == []
    assert client.get(section_url(draft, "ics")).status_code == 403


def test_the_map_downloads_as_an_attachment(client, coop_a, coop_a_editor, standard_v1):
    application = ready_application(organization=coop_a, by=coop_a_editor)
    client.force_login(coop_a_editor)
    response = client.get(reverse("certification:application_map", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_lists_show_ones_own_applications(client, coop_a_editor, draft, coop_b):
    other = make_user("otra@example.org")
    grant(other, RoleKind.ORG_ADMIN, organization=coop_b)
    application_create(by=other, organization=coop_b, certification_body=draft.certification_body)
    client.force_login(coop_a_editor)
    response = client.get(reverse("certification:application_list"))
    assert list(response.context["page_obj"]) == [draft]


# --- Query counts ------------------------------------------------------------------------


def test_the_application_page_and_list_keep_their_queries_with_many_rows(
    client, coop_a, coop_a_editor, standard_v1, django_assert_max_num_queries
):
    from tests.certification.factories import ApplicationFactory

    application = ready_application(organization=coop_a, by=coop_a_editor)
    client.force_login(coop_a_editor)
    urls = [detail_url(application), reverse("certification:application_list")]

    def grow(count):
        _rows(application, count)
        ApplicationFactory.create_batch(
            count,
            organization=coop_a,
            certification_body=application.certification_body,
            standard_version=application.standard_version,
            created_by=coop_a_editor,
        )

    grow(10)
    for url in urls:
        client.get(url)  # warm the session
    counted = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ten:
            assert client.get(url).status_code == 200
        counted[url] = len(ten)
    grow(190)
    for url in urls:
        with django_assert_max_num_queries(counted[url]):
            assert client.get(url).status_code == 200


def _rows(application, count):
    """`count` more products, sites and returned items on the application."""
    from certification.models import ApplicationProduct, ApplicationSite, ReturnItem

    coffee = ProductNetworkFactory(slug="coffee")
    ApplicationProduct.objects.bulk_create(
        ApplicationProduct(
            application=application,
            product_network=coffee,
            volume=1,
            unit="kg",
            form="raw",
            position=n,
        )
        for n in range(count)
    )
    ApplicationSite.objects.bulk_create(
        ApplicationSite(
            application=application,
            kind="storage",
            name=f"Almacén {n}",
            location="Cusco",
            position=n,
        )
        for n in range(count)
    )
    ReturnItem.objects.bulk_create(
        ReturnItem(
            application=application,
            round=1,
            section="ics",
            reason=f"Punto {n}",
            created_by=application.created_by,
            addressed_at=timezone.now(),
        )
        for n in range(count)
    )


def test_kinds_in_the_start_form(editor_client, coop_a):
    response = editor_client.get(
        reverse("certification:application_start", args=[coop_a.pk]), {"kind": "renewal"}
    )
    assert response.context["form"].initial["kind"] == ApplicationKind.RENEWAL


# --- Found by the browser journey (tests/e2e/test_application_journey.py) ---------------


def test_starting_from_readiness_carries_the_type_and_the_date_asked(
    editor_client, coop_a, standard_v1
):
    day = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    readiness = reverse("certification:readiness", args=[coop_a.pk])
    start = reverse("certification:application_start", args=[coop_a.pk])
    html = editor_client.get(readiness, {"kind": "renewal", "on": day}).content.decode()
    assert f'href="{start}?kind=renewal&amp;on={day}"' in html
    # Nothing asked: no date is made up (the readiness was judged on today).
    assert f'href="{start}?kind=initial"' in editor_client.get(readiness).content.decode()
    form = editor_client.get(start, {"kind": "renewal", "on": day}).context["form"]
    assert form.initial == {"kind": "renewal", "planned_evaluation_on": day}
    assert f'value="{day}"' in str(form["planned_evaluation_on"])


def _in_state(application, status, **dates):
    Application.objects.filter(pk=application.pk).update(status=status, **dates)
    application.refresh_from_db()
    return application


def test_the_application_page_shows_the_objections_count_never_who(editor_client, draft, coop_a):
    from tests.certification.factories import ObjectionFactory

    today = timezone.localdate()
    _in_state(draft, S.OBJECTION_PERIOD, objection_starts_on=today,
              objection_ends_on=today + datetime.timedelta(days=15))  # fmt: skip
    ObjectionFactory(application=draft, name="Julia Campos", reasons="Compran a intermediarios.")
    html = editor_client.get(detail_url(draft)).content.decode()
    assert 'id="objection-notice-title"' in html and "1 objeción recibida." in html
    assert "Julia Campos" not in html and "intermediarios" not in html


def test_the_application_page_leads_to_the_self_evaluation_once_the_quote_is_accepted(
    client, draft, coop_a_editor, coop_a_viewer
):
    url = reverse("certification:self_evaluation", args=[draft.pk])
    client.force_login(coop_a_editor)
    assert url not in client.get(detail_url(draft)).content.decode()  # a draft: not yet
    _in_state(draft, S.SELF_EVALUATION)
    html = client.get(detail_url(draft)).content.decode()
    assert f'<a class="button" href="{url}">Responder la autoevaluación</a>' in html
    assert "0 de 66 criterios respondidos" in html
    client.force_login(coop_a_viewer)  # reads it, does not answer it
    assert (
        f'<a href="{url}">Abrir la autoevaluación</a>'
        in client.get(detail_url(draft)).content.decode()
    )
    _in_state(draft, S.READY_FOR_EVALUATION)
    client.force_login(coop_a_editor)
    html = client.get(detail_url(draft)).content.decode()
    assert f'<a href="{url}">Abrir la autoevaluación</a>' in html

"""Issue 9's journey in a browser, from readiness to "ready for evaluation", every step
through the pages (headless Chromium, the live server, a real Celery worker and a real
SMTP server):

a cooperative editor checks readiness, adds the missing document to the library, starts
an initial application, fills every section, chooses the documents and submits; the
evaluator of the chosen body follows the emailed link, declares no conflict, starts the
review and returns the application with a reason; the editor corrects it and submits it
again; the evaluator opens the objection period; a visitor objects on the public page and
receives the acknowledgement at the SMTP server; once the period is over (the clock is
moved) the evaluator closes it and sends a quote, whose PDF the worker makes; the editor
accepts the quote and answers the self-evaluation on a 360-px phone, attaching documents,
and submits it; the evaluator reads the answers on the review page and downloads the
evidence. axe checks the pages on the way that other tests do not reach in these states.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader

from certification.models import Application, Objection, SelfEvaluationAnswer
from network.files import validate_upload
from network.models import RoleKind
from producers.models import Document
from producers.services.documents import document_create
from tests.certification.factories import body_person, load_standard_file
from tests.e2e.axe import describe, horizontal_overflow, serious_violations
from tests.fixtures.personas import make_user
from tests.fixtures.services import Mailbox, eventually
from tests.producers.factories import (
    CertificationBodyFactory,
    MemberFactory,
    OrganizationFactory,
    ProductFactory,
    ProductNetworkFactory,
    grant,
    pdf_upload,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 360, 1280
# The internal control manual the editor uploads; its bytes come back to the evaluator.
MANUAL = (
    b"%PDF-1.4\n% Manual del sistema de control interno, Valle Alto\n"
    b"1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
MAP = (
    b"%PDF-1.4\n% Mapa de parcelas\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
RETURN_REASON = "Digan cada cuánto se inspecciona a cada socio y quién lo hace."
CORRECTED_ICS = "Cuatro inspectores internos visitan a cada socio dos veces al año."
OBJECTION = "Compran café a intermediarios y lo venden como propio."


def es(text: str) -> str:
    with translation.override("es"):
        return gettext(text)


def link_path(message) -> str:
    """The first link of an email, as a path on the live server."""
    return re.search(r"https?://[^/\s]+(/\S+)", Mailbox.text(message)).group(1)


@pytest.fixture
def people(db):
    """A cooperative that passes the small-producer test, with its profile complete and
    two of the three documents an initial application needs in its library (the internal
    control manual is missing); its editor; a certification body and its evaluator, who
    has declared nothing yet."""
    load_standard_file("sps-spo-1.yaml")
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    cooperative = OrganizationFactory(
        legal_name="Cooperativa Agraria Cafetalera Valle Alto",
        short_name="Valle Alto",
        country="PE",
        products=[coffee],
        legal_form="Cooperativa agraria",
        tax_id="20123456789",
        contact_name="Rosa Quispe",
        phone="+51 84 123456",
        email="valle.alto@example.org",
    )
    ProductFactory(organization=cooperative, product_network=coffee,
                   description="café pergamino", destination_markets="Europa")  # fmt: skip
    for number in range(12):
        MemberFactory(organization=cooperative, production_area_ha=Decimal("2.5"),
                      name=f"Socia {number}")  # fmt: skip
    editor = make_user("eduardo.editor@example.org", full_name="Eduardo Editor")
    grant(editor, RoleKind.ORG_EDITOR, organization=cooperative)
    today = timezone.localdate()
    for doc_type, title in (("statutes", "Estatutos 2024"), ("member_list", "Padrón 2025")):
        upload = pdf_upload(f"{doc_type}.pdf")
        document_create(
            organization=cooperative,
            by=editor,
            data={
                "doc_type": doc_type,
                "title": title,
                "valid_from": today - datetime.timedelta(days=200),
                "valid_until": today + datetime.timedelta(days=700),
            },  # fmt: skip
            uploaded=upload,
            checked=validate_upload(upload),
        )
    body = CertificationBodyFactory(name="Certificadora Andina")
    CertificationBodyFactory(name="Otra Certificadora")
    evaluator = body_person("elena.evaluadora@andina.example.org", RoleKind.EVALUATOR, body,
                            full_name="Elena Evaluadora")  # fmt: skip
    return {"cooperative": cooperative, "editor": editor, "body": body, "evaluator": evaluator}


def stored(application, code):
    answer = SelfEvaluationAnswer.objects.filter(application=application,
                                                 criterion__code=code).first()  # fmt: skip
    return answer and (answer.how, [document.title for document in answer.documents.all()])


def save_and_continue(page):
    """Save the section and wait for the next one."""
    heading = page.locator("main h2").first.inner_text()
    page.get_by_role("button", name=es("Save and continue")).click()
    expect(page.locator("main h2").first).not_to_have_text(heading)


def axe_problems(page, width: int) -> list[str]:
    found = []
    if violations := serious_violations(page):
        found.append(f"{page.url} at {width} px:\n{describe(violations)}")
    if width == PHONE and (overflow := horizontal_overflow(page)):
        found.append(f"{page.url} at {width} px is {overflow} px wider than the screen")
    return found


def test_from_readiness_to_ready_for_evaluation(
    page, sign_in, live_server, celery_worker_process, mailbox, people, request
):
    cooperative, editor = people["cooperative"], people["editor"]
    evaluator = people["evaluator"]
    found = []  # axe's findings, asserted at the end (the journey goes on meanwhile)
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    wished = timezone.localdate() + datetime.timedelta(days=90)

    # --- The editor checks readiness: the internal control manual is missing. ---------
    sign_in(editor)
    page.goto("/")
    page.get_by_role("link", name="Certificación", exact=True).first.click()
    page.get_by_role("link", name=es("Check readiness")).click()
    page.get_by_label(es("Wished evaluation date")).fill(wished.isoformat())
    page.get_by_role("button", name=es("Check")).click()
    expect(page.get_by_text("Queda 1 punto pendiente.")).to_be_visible()
    manual = page.locator("li", has_text=es("internal control manual").capitalize())
    expect(manual).to_contain_text(es("Not in the document library."))

    # ...adds it to the library...
    manual.get_by_role("link", name=es("Complete it")).click()
    page.get_by_role("link", name="Agregar un documento").click()
    page.locator("#id_doc_type").select_option("ics_manual")
    page.locator("#id_title").fill("Manual de control interno 2025")
    page.locator("#id_valid_from").fill(f"{timezone.localdate():%Y}-01-01")
    page.locator("#id_valid_until").fill((wished + datetime.timedelta(days=365)).isoformat())
    page.locator("#id_file").set_input_files(
        {"name": "manual-sci.pdf", "mimeType": "application/pdf", "buffer": MANUAL}
    )
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Manual de control interno 2025")).to_be_visible()

    # ...and checks again: nothing is missing; the application starts from there.
    page.get_by_role("link", name="Certificación", exact=True).first.click()
    page.get_by_role("link", name=es("Check readiness")).click()
    page.get_by_label(es("Wished evaluation date")).fill(wished.isoformat())
    page.get_by_role("button", name=es("Check")).click()
    expect(page.get_by_text(es("Everything the body checks first is there."))).to_be_visible()
    found += axe_problems(page, DESKTOP)
    page.get_by_role("link", name=es("Start an application")).last.click()
    # The type and date asked come along; the body is chosen.
    expect(page.get_by_label(es("initial certification"), exact=True)).to_be_checked()
    expect(page.get_by_label(es("Wished evaluation date"))).to_have_value(wished.isoformat())
    page.get_by_label(es("Certification body")).select_option(label="Certificadora Andina")
    page.get_by_role("button", name=es("Start the application")).click()
    started = es("The application was started. Fill it in section by section; each one is "
                 "saved on its own.")  # fmt: skip
    expect(page.get_by_text(started)).to_be_visible()
    application = Application.objects.get(organization=cooperative)

    # --- Every section, one page each, "Save and continue" from the first to the last. --
    page.get_by_role("link", name=es("Certification body and planned evaluation")).click()
    expect(page.get_by_label(es("Certification body"))).to_have_value(str(people["body"].pk))
    save_and_continue(page)
    # Organization, invoicing and contacts: the profile's data is there; the rest is typed.
    expect(page.locator("#id_invoicing_tax_id")).to_have_value("20123456789")
    page.locator("#id_invoicing_address").fill("Jr. Cusco 123, Quillabamba")
    page.locator("#id_contact_position").fill("Gerente")
    save_and_continue(page)
    # Members: the register's count is proposed.
    expect(page.locator("#id_members_total")).to_have_value("12")
    page.locator("#id_members_in_scope").fill("12")
    save_and_continue(page)
    # Products and volumes: the profile's product is the first row.
    expect(page.locator("#id_rows-0-description")).to_have_value("café pergamino")
    save_and_continue(page)
    # Scope and subcontractors: no subcontractor.
    page.get_by_label(es("production"), exact=True).check()
    page.get_by_label(es("trading and export"), exact=True).check()
    save_and_continue(page)
    # Collection centres and processing sites.
    page.locator("#id_rows-0-kind").select_option("collection")
    page.locator("#id_rows-0-name").fill("Centro de acopio Huayopata")
    page.locator("#id_rows-0-location").fill("Huayopata, La Convención")
    save_and_continue(page)
    # Internal control system: said briefly (the body will ask for more).
    page.locator("#id_ics_description").fill("Inspección interna de cada socio.")
    page.locator("#id_ics_inspectors").fill("4")
    save_and_continue(page)
    # Other certifications and sales: none, and the shares of sales.
    page.locator("#id_sales_organic_percent").fill("40")
    page.locator("#id_sales_fair_trade_percent").fill("30")
    page.locator("#id_sales_sps_percent").fill("20")
    save_and_continue(page)
    # Area map.
    page.locator("#id_area_map").set_input_files(
        {"name": "mapa-parcelas.pdf", "mimeType": "application/pdf", "buffer": MAP}
    )
    save_and_continue(page)
    # Required documents: chosen from the library, the new manual among them.
    library = {d.title: str(d.pk) for d in Document.objects.filter(organization=cooperative)}
    page.locator("#id_document_statutes").select_option(library["Estatutos 2024"])
    page.locator("#id_document_member_list").select_option(library["Padrón 2025"])
    page.locator("#id_document_ics_manual").select_option(library["Manual de control interno 2025"])
    save_and_continue(page)
    # The person vouching for the data.
    page.locator("#id_vouched_by_name").fill("Rosa Quispe")
    page.locator("#id_vouched_by_position").fill("Presidenta")
    page.locator("#id_vouch").check()
    save_and_continue(page)

    # Back on the application's page: every section complete; submitted with its button.
    expect(page.locator(".section-list li")).to_have_count(11)
    expect(page.locator(".section-list").get_by_text(es("to complete"))).to_have_count(0)
    page.get_by_role("button", name=es("Submit the application")).click()
    expect(page.get_by_role("heading", name=f"Solicitud {application.reference}")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.document_links.count() == 3

    # --- The evaluator: the email leads to the declaration first. --------------------
    message = mailbox.wait_for(evaluator.email, application.reference)
    links = re.findall(r"https?://[^/\s]+(/\S+)", mailbox.text(message))
    declare = next(link for link in links if "/conflicts/" in link)
    review = next(link for link in links if "/review/" in link)
    page.context.clear_cookies()
    sign_in(evaluator)
    assert page.goto(review).status == 404  # no declaration yet: the file does not exist
    page.goto(declare)
    page.locator("input[value=none]").check()
    page.get_by_role("button", name=es("Record my declaration")).click()
    page.goto(review)
    expect(page.get_by_role("heading", name=f"Solicitud {application.reference}")).to_be_visible()
    found += axe_problems(page, DESKTOP)

    # ...starts the eligibility review and returns the application with what to correct.
    page.get_by_role("button", name=es("Start the eligibility review")).click()
    page.get_by_role("link", name=es("Return for corrections")).click()
    page.get_by_label(es("Internal control system")).fill(RETURN_REASON)
    page.get_by_role("button", name=es("Return for corrections")).click()
    expect(page.get_by_text(es("The application was returned to the cooperative."))).to_be_visible()

    # --- The editor reads the email, corrects the section and submits again. ----------
    message = mailbox.wait_for(editor.email, "correcciones pedidas por")
    assert RETURN_REASON in mailbox.text(message)
    page.context.clear_cookies()
    sign_in(editor)
    page.goto(link_path(message))
    returned = page.locator(".card-alert")
    expect(returned).to_contain_text(RETURN_REASON)
    found += axe_problems(page, DESKTOP)
    returned.get_by_role("link", name=es("Correct it")).click()
    page.locator("#id_ics_description").fill(CORRECTED_ICS)
    page.get_by_role("button", name=es("Save"), exact=True).click()
    expect(page.get_by_text(es("The section was saved."))).to_be_visible()
    # A change after vouching asks for the vouching again.
    page.get_by_role("link", name=es("Back to the application")).first.click()
    page.get_by_role("link", name=es("Person vouching for the data")).click()
    page.locator("#id_vouch").check()
    save_and_continue(page)
    page.get_by_role("button", name=es("Submit the corrected application")).click()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.ics_description == CORRECTED_ICS

    # --- The evaluator accepts it: the objection period opens. -----------------------
    message = mailbox.wait_for(evaluator.email, "corregida")
    page.context.clear_cookies()
    sign_in(evaluator)
    page.goto(link_path(message))
    page.get_by_role("button", name=es("Start the eligibility review")).click()
    page.get_by_role("button", name=es("Accept and open the objection period")).click()
    application.refresh_from_db()
    assert application.status == Application.Status.OBJECTION_PERIOD

    # --- A visitor objects on the public page; the acknowledgement arrives. ----------
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="Objeciones", exact=True).first.click()
    page.get_by_role("link", name=re.compile(es("Object to this application"))).click()
    page.get_by_label(es("Your name")).fill("Julia Campos")
    page.get_by_label(es("Email")).fill("julia.campos@example.org")
    page.get_by_label(es("Your reasons")).fill(OBJECTION)
    page.get_by_role("button", name=es("Send my objection")).click()
    objection = Objection.objects.get(application=application)
    message = mailbox.wait_for("julia.campos@example.org", objection.reference)
    text = mailbox.text(message)
    assert text.startswith("Hola, Julia Campos:")
    assert cooperative.legal_name in text and application.reference in text
    assert objection.reference in text
    ends = application.objection_ends_on
    with translation.override("es"):  # the page's language, the email's too
        assert date_format(ends, "DATE_FORMAT") in text  # the last day of the period
        assert str(message["Subject"]).strip() == gettext(
            "Your objection was received (%(reference)s)"
        ) % {"reference": objection.reference}
    assert objection.reference in Mailbox.html(message)

    # The cooperative sees that there is an objection, never who made it or what it says.
    sign_in(editor)
    page.goto("/")
    page.get_by_role("link", name="Certificación", exact=True).first.click()
    page.get_by_role("link", name=application.reference).click()
    notice = page.locator("section", has=page.locator("#objection-notice-title"))
    expect(notice).to_contain_text("1 objeción recibida.")
    expect(page.get_by_text("Julia Campos")).to_have_count(0)
    expect(page.get_by_text(OBJECTION)).to_have_count(0)
    found += axe_problems(page, DESKTOP)

    # --- The objection period ends. The clock moves to the morning after its last day:
    # the live server runs in this process and time-machine moves the whole process's
    # clock, so every page from here on reads that date (the worker, in its own process,
    # keeps the real one: it only renders the quote's PDF and delivers the emails).
    clock = time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(ends + datetime.timedelta(days=1),
                                                      datetime.time(9))),
        tick=True,
    )  # fmt: skip
    clock.start()
    request.addfinalizer(clock.stop)
    page.context.clear_cookies()  # the sessions of two weeks ago have expired anyway
    sign_in(evaluator)
    page.goto("/")
    page.get_by_role("link", name=es("Applications to review"), exact=True).first.click()
    page.get_by_role("link", name=application.reference).click()
    objections = page.locator("#objections")
    expect(objections).to_contain_text("Julia Campos")
    expect(objections).to_contain_text(OBJECTION)
    page.get_by_role("button", name=es("Close the objection period")).click()
    expect(page.get_by_text(es("eligible"), exact=True).first).to_be_visible()

    # ...and sends a quote.
    page.get_by_role("link", name=es("Send a quote")).click()
    found += axe_problems(page, DESKTOP)
    page.locator("#id_amount").fill("1850")
    page.locator("#id_currency").select_option("USD")
    page.locator("#id_notes").fill("Evaluación completa en campo, tres días, dos evaluadores.")
    page.get_by_role("button", name=es("Send the quote")).click()
    expect(page.get_by_text(es("The quote was sent; its PDF is being prepared."))).to_be_visible()
    quote = application.quotes.get()

    # --- The editor downloads the quote the worker made, and accepts it. -------------
    message = mailbox.wait_for(editor.email, f"{application.reference}: una cotización")
    with translation.override("es"):
        validity = date_format(quote.valid_until, "DATE_FORMAT")
    assert re.search(rf"1\W?850,00 USD, vigente hasta el {validity}", Mailbox.text(message))
    page.context.clear_cookies()
    sign_in(editor)
    page.goto(link_path(message))
    assert eventually(lambda: application.quotes.get().pdf_file, timeout=60), "no quote PDF"
    page.reload()
    quote.refresh_from_db()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(re.escape(quote.number))).click()
    pdf = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
            download.value.path().read_bytes())).pages).split()
    )  # fmt: skip
    assert quote.number in pdf and application.reference in pdf
    assert cooperative.legal_name in pdf and "Certificadora Andina" in pdf
    assert "USD" in pdf
    found += axe_problems(page, DESKTOP)
    page.get_by_role("button", name=es("Accept the quote")).click()
    application.refresh_from_db()
    assert application.status == Application.Status.SELF_EVALUATION

    # --- The self-evaluation, on a phone: every criterion, section by section. --------
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.get_by_role("link", name=es("Answer the self-evaluation")).click()
    found += axe_problems(page, PHONE)
    page.locator(".section-list a").first.click()
    evidence = {"2.1": ("Estatutos 2024", "Lo dicen los estatutos, artículo 12."),
                "4.1": ("Manual de control interno 2025", CORRECTED_ICS)}  # fmt: skip
    sections = 0
    while True:
        sections += 1
        for criterion in page.locator("article.criterion").all():
            code = criterion.get_attribute("id").removeprefix("criterion-")
            complies = criterion.get_by_label("cumple", exact=True)
            if complies.is_checked():  # proposed from the member register: confirmed
                expect(criterion.locator(".message-warning")).to_be_visible()
                criterion.get_by_role("button", name=es("Save this answer")).click()
            else:
                complies.check()
            expect(criterion.get_by_role("status")).to_contain_text("guardado a las")
            if code in evidence:  # how, and the documents that show it
                title, how = evidence[code]
                criterion.get_by_label("Cómo").fill(how)
                criterion.locator("summary").click()
                criterion.get_by_label(re.compile(re.escape(title))).check()
                expected = (how, [title])
                assert eventually(lambda c=code, e=expected: stored(application, c) == e)
        if sections == 4:
            found += axe_problems(page, PHONE)
        following = page.get_by_role("link", name=re.compile("^Siguiente: sección"))
        if not following.count():
            break
        following.click()
    page.get_by_role("link", name="Todas las secciones").click()
    expect(page.locator("#self-evaluation-progress")).to_contain_text("66 de 66")
    page.get_by_role("button", name=es("Submit the self-evaluation")).click()
    expect(page.get_by_text(es("The self-evaluation was submitted. The certification body "
                               "can now plan the evaluation."))).to_be_visible()  # fmt: skip
    assert horizontal_overflow(page) == 0
    application.refresh_from_db()
    assert application.status == Application.Status.READY_FOR_EVALUATION
    answers = SelfEvaluationAnswer.objects.filter(application=application)
    assert answers.count() == 66 and not answers.exclude(verdict="complies").exists()
    assert {a.criterion.code: [d.title for d in a.documents.all()]
            for a in answers.filter(documents__isnull=False).distinct()} == {
        code: [title] for code, (title, _how) in evidence.items()}  # fmt: skip
    assert "12 socios activos; 100.0 % dentro de los límites" in (
        answers.get(criterion__code="1.1").how  # the register's words, as proposed
    )

    # --- The evaluator reads the answers and downloads the evidence. ----------------
    message = mailbox.wait_for(evaluator.email, es("ready for evaluation"))
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.context.clear_cookies()
    sign_in(evaluator)
    page.goto(link_path(message))
    sheet = page.locator("#self-evaluation")
    expect(sheet).to_contain_text("66 de 66 criterios respondidos")
    sheet.locator("summary", has_text="Sistemas de gestión").click()
    row = sheet.get_by_role("row", name=re.compile(r"^4\.1 "))
    expect(row).to_contain_text(CORRECTED_ICS)
    with page.expect_download() as download:
        row.get_by_role("link", name="Manual de control interno 2025").click()
    assert download.value.suggested_filename == "manual-sci.pdf"
    assert download.value.path().read_bytes() == MANUAL
    found += axe_problems(page, DESKTOP)
    assert not found, "\n".join(found)

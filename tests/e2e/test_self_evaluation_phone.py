"""The self-evaluation on a phone (360 px), with and without JavaScript: each answer is
saved as the person goes (htmx) or with its button, the page never scrolls sideways, and
axe finds nothing serious; the public objection pages pass axe too."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.models import Application, SelfEvaluationAnswer
from tests.certification.factories import ApplicationFactory, load_standard_file
from tests.e2e.axe import describe, horizontal_overflow, serious_violations
from tests.fixtures.personas import make_user
from tests.fixtures.services import eventually
from tests.producers.factories import DocumentFactory, MemberFactory, grant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 360, 1280


def problems_of(page, width: int) -> list[str]:
    found = []
    if violations := serious_violations(page):
        found.append(f"{page.url} at {width} px:\n{describe(violations)}")
    if width == PHONE and (overflow := horizontal_overflow(page)):
        found.append(f"{page.url} at {width} px is {overflow} px wider than the screen")
    return found


@pytest.fixture
def self_evaluation(cooperative):
    organization, _admin = cooperative
    for number in range(3):
        MemberFactory(organization=organization, code=f"S{number}",
                      production_area_ha=Decimal("2"))  # fmt: skip
    DocumentFactory(organization=organization, title="Estatutos de la cooperativa, reforma 2023")
    DocumentFactory(organization=organization, title="Actas de asamblea", doc_type="other")
    application = ApplicationFactory(
        organization=organization,
        standard_version=load_standard_file("sps-spo-1.yaml"),
        status=Application.Status.SELF_EVALUATION,
    )
    editor = make_user("editora.autoevaluacion@example.org", full_name="Editora")
    grant(editor, "org_editor", organization=organization)
    return application, editor


def section_path(application, code="2"):
    return f"/certification/applications/{application.pk}/self-evaluation/sections/{code}/"


def stored_answer(code):
    answer = SelfEvaluationAnswer.objects.filter(criterion__code=code).first()
    return answer and (answer.verdict, answer.how, [d.title for d in answer.documents.all()])


def test_on_a_phone_each_answer_is_saved_as_the_person_goes(page, sign_in, self_evaluation):
    application, editor = self_evaluation
    sign_in(editor)
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.goto(section_path(application))
    assert problems_of(page, PHONE) == []
    first = page.locator("article.criterion").first
    code = first.get_attribute("id").removeprefix("criterion-")

    first.get_by_label("cumple", exact=True).check()  # saved at once
    expect(first.get_by_role("status")).to_contain_text("guardado a las")
    expect(page.locator("#self-evaluation-progress")).to_contain_text("1 de 66")
    assert stored_answer(code) == ("complies", "", [])

    typed = "Lo muestran las actas de la asamblea de marzo."
    first.get_by_label("Cómo").press_sequentially(typed)  # saved a moment after typing
    assert eventually(lambda: stored_answer(code) == ("complies", typed, []))

    first.locator("summary").click()
    first.get_by_label(re.compile("Actas de asamblea")).check()
    expect(first.locator("summary")).to_contain_text("(1)")
    assert eventually(lambda: stored_answer(code) == ("complies", typed, ["Actas de asamblea"]))
    assert horizontal_overflow(page) == 0
    assert problems_of(page, PHONE) == []

    page.reload()
    first = page.locator("article.criterion").first
    expect(first.get_by_label("Cómo")).to_have_value(typed)
    expect(first.get_by_label("cumple", exact=True)).to_be_checked()
    expect(first.get_by_role("status")).to_have_text("Respondido")


def test_without_javascript_the_save_button_saves_and_comes_back(
    browser, live_server, self_evaluation
):
    from django.test import Client

    application, editor = self_evaluation
    client = Client()
    client.force_login(editor)
    context = browser.new_context(base_url=live_server.url, locale="es-ES",
                                  java_script_enabled=False,
                                  viewport={"width": PHONE, "height": 740})  # fmt: skip
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])  # fmt: skip
    page = context.new_page()
    page.goto(section_path(application))
    second = page.locator("article.criterion").nth(1)
    code = second.get_attribute("id").removeprefix("criterion-")
    second.get_by_label("no cumple").check()
    second.get_by_label("Cómo").fill("Falta el reglamento interno.")
    second.get_by_role("button", name="Guardar esta respuesta").click()
    assert page.url.endswith(f"#criterion-{code}")
    expect(page.get_by_text(f"Se guardó su respuesta al criterio {code}.")).to_be_visible()
    expect(page.locator(f'[id="criterion-{code}"]').get_by_label("Cómo")).to_have_value(
        "Falta el reglamento interno."
    )
    assert SelfEvaluationAnswer.objects.get().verdict == "does_not_comply"
    assert horizontal_overflow(page) == 0
    context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_self_evaluation_pages_pass_axe(page, sign_in, self_evaluation, width):
    application, editor = self_evaluation
    sign_in(editor)
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for path in (f"/certification/applications/{application.pk}/self-evaluation/",
                 section_path(application, "1")):  # fmt: skip
        assert page.goto(path).status == 200
        found += problems_of(page, width)
    page.get_by_role("link", name="Autoevaluación").first.click()
    page.get_by_role("button", name="Presentar la autoevaluación").click()
    expect(page.locator(".error-summary")).to_be_visible()
    found += problems_of(page, width)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_objection_pages_pass_axe(page, cooperative, width):
    organization, _admin = cooperative
    today = timezone.localdate()
    application = ApplicationFactory(
        organization=organization,
        standard_version=load_standard_file("sps-spo-1.yaml"),
        status=Application.Status.OBJECTION_PERIOD,
        objection_starts_on=today,
        objection_ends_on=today + datetime.timedelta(days=15),
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/objections/")
    found = problems_of(page, width)
    page.get_by_role("link", name=re.compile("Objetar esta solicitud")).click()
    found += problems_of(page, width)
    page.get_by_label("Correo electrónico").fill("no es un correo")
    page.get_by_role("button", name="Enviar mi objeción").click()
    expect(page.locator(".error-summary")).to_be_focused()
    found += problems_of(page, width)
    assert page.url.endswith(f"/objections/{application.pk}/#errors")
    assert not found, "\n".join(found)

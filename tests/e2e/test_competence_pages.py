"""A committee member records an evaluator's competence in a browser, without
JavaScript's help (plain forms), and ends it; the competence pages and a resolution page
whose checklist has a line missing for a grant pass axe on a phone and a desktop, with
no sideways scrolling on the phone."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from certification.models import EvaluatorCompetence, FindingResult
from certification.services.competence import competence_record
from network.models import RoleKind
from tests.certification.factories import body_person, committee_member, evaluated_file
from tests.e2e.axe import describe, horizontal_overflow, serious_violations
from tests.producers.factories import (
    CertificationBodyFactory,
    OrganizationFactory,
    ProductNetworkFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def es(text: str) -> str:
    with translation.override("es"):
        return gettext(text)


@pytest.fixture
def people(db):
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    cooperative = OrganizationFactory(
        legal_name="Cooperativa Agraria Cafetalera y de Servicios Múltiples Valle Alto Ltda.",
        products=[coffee],
    )
    body = CertificationBodyFactory(name="Certificadora Andina de Productos Orgánicos y Justos")
    committee = committee_member("carla.comite@example.org", body, cooperative,
                                 full_name="Carla Comité")  # fmt: skip
    evaluator = body_person("elena.evaluadora@example.org", RoleKind.EVALUATOR, body,
                            full_name="Elena Evaluadora Quispe Huamán")  # fmt: skip
    return {"body": body, "committee": committee, "evaluator": evaluator,
            "cooperative": cooperative, "coffee": coffee}  # fmt: skip


def test_a_committee_member_records_and_ends_a_competence(page, sign_in, people):
    sign_in(people["committee"])
    page.goto("/certification/competences/")
    page.get_by_role("link", name=es("Record a competence for %(body)s") % {
        "body": people["body"].name}).click()  # fmt: skip
    page.locator("#id_evaluator").select_option(str(people["evaluator"].pk))
    page.get_by_label("Café").check()
    page.locator("input[name=scope_activities][value=production]").check()
    page.locator("input[name=scope_activities][value=trading]").check()
    page.get_by_label(es("basis of the qualification").capitalize()).fill("Curso SPS 2025.")
    page.get_by_role("button", name=es("Record the competence")).click()
    row = page.get_by_role("row", name="Elena Evaluadora Quispe Huamán")
    expect(row.get_by_text(es("current"))).to_be_visible()
    competence = EvaluatorCompetence.objects.get()
    assert sorted(competence.scope_activities) == ["production", "trading"]

    row.get_by_role("link", name=es("End")).click()
    page.get_by_label(es("Why it ends")).fill("Dejó el organismo.")
    page.get_by_role("button", name=es("End the competence")).click()
    expect(page.get_by_text("Dejó el organismo.")).to_be_visible()
    competence.refresh_from_db()
    assert competence.ended_by == people["committee"]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_competence_and_resolution_pages_pass_axe(page, sign_in, people, width):
    body, committee = people["body"], people["committee"]
    competence_record(body=body, by=committee, evaluator=people["evaluator"],
                      product_networks=[people["coffee"]], scope_activities=["production"],
                      valid_from=timezone.localdate() - datetime.timedelta(days=30),
                      valid_until=timezone.localdate() + datetime.timedelta(days=365))  # fmt: skip
    application = evaluated_file(organization=people["cooperative"], certification_body=body)
    finding = application.evaluations.get().findings.first()
    finding.result = FindingResult.NON_COMPLIANT
    finding.save()
    recorded = EvaluatorCompetence.objects.get(evaluator=people["evaluator"])
    sign_in(committee)
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for path in (
        "/certification/competences/",
        f"/certification/competences/bodies/{body.pk}/new/",
        f"/certification/competences/{recorded.pk}/end/",
        f"/certification/applications/{application.pk}/resolution/",
    ):
        assert page.goto(path).status == 200, path
        if violations := serious_violations(page):
            found.append(f"{path} at {width}px:\n{describe(violations)}")
        if width == 360 and (overflow := horizontal_overflow(page)):
            found.append(f"{path} is {overflow}px too wide at 360px")
    expect(page.get_by_text(es("missing for a grant")).first).to_be_visible()
    assert not found, "\n".join(found)

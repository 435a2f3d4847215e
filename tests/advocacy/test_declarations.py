"""Declarations: a town or university applies, staff verify five goals with evidence,
declare (a PDF), and renewal falls due a year later; the public list is by country."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from advocacy.models import Campaign, Declaration, DeclarationGoal
from advocacy.services import declarations
from advocacy.services.common import GuardFailed, TransitionNotAllowed
from network.pdf import ForbiddenFetch, StaticOnlyFetcher
from network.reminders import reminders_sweep
from tests.advocacy.factories import CampaignFactory, DeclarationFactory


@pytest.fixture
def towns(db):
    return CampaignFactory(slug_es="pueblos", kind=Campaign.Kind.TOWNS, goal=None,
                           title_es="Pueblos por el Comercio Justo")  # fmt: skip


APPLICATION = {
    "name": "Municipalidad de Moyobamba",
    "country": "PE",
    "city": "San Martín",
    "contact_name": "Elena Ríos",
    "contact_email": "elena@example.org",
    "goal_1_text": "La resolución municipal 12/2026.",
    "goal_1_link": "https://example.org/resolucion.pdf",
}


def test_a_town_applies_with_evidence_and_starts_interested(client, towns):
    page = client.get(reverse("advocacy:declaration_apply", args=["pueblos"]))
    assert page.status_code == 200
    assert len(page.context["form"].goal_fields()) == 5
    response = client.post(reverse("advocacy:declaration_apply", args=["pueblos"]), APPLICATION)
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert declaration.status == Declaration.Status.INTERESTED
    goals = list(declaration.goals.all())
    assert [g.number for g in goals] == [1, 2, 3, 4, 5]
    assert goals[0].evidence_link == "https://example.org/resolucion.pdf"
    # Not public until declared.
    assert "Moyobamba" not in client.get(reverse("advocacy:declared_list")).content.decode()


def test_a_petition_takes_no_application(client, petition):
    assert (
        client.get(reverse("advocacy:declaration_apply", args=[petition.slug_es])).status_code
        == 404
    )


def test_staff_verify_all_goals_then_declare_and_the_pdf_says_so(network_staff, towns, client):
    declaration = DeclarationFactory(campaign=towns, name="Moyobamba", language="es")
    with pytest.raises(TransitionNotAllowed):
        declarations.declaration_declare(declaration=declaration, by=network_staff)
    declarations.declaration_start(declaration=declaration, by=network_staff)
    goals = list(declaration.goals.all())
    for goal in goals[:4]:
        declarations.declaration_goal_verify(goal=goal, by=network_staff, verified=True)
    with pytest.raises(GuardFailed):
        declarations.declaration_declare(declaration=declaration, by=network_staff)
    declarations.declaration_goal_verify(goal=goals[4], by=network_staff, verified=True)
    declarations.declaration_declare(declaration=declaration, by=network_staff)
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.DECLARED
    assert declaration.renewal_due_on - declaration.declared_on in (timedelta(365), timedelta(366))

    assert declarations.declaration_certificate_render(declaration_id=declaration.pk) is True
    assert declarations.declaration_certificate_render(declaration_id=declaration.pk) is False
    declaration.refresh_from_db()
    text = "".join(p.extract_text() for p in PdfReader(declaration.certificate.open("rb")).pages)
    assert "Moyobamba" in text and "Pueblos por el Comercio Justo" in text

    listing = client.get(reverse("advocacy:declared_list")).content.decode()
    assert "Moyobamba" in listing and "Perú" in listing
    pdf = client.get(reverse("advocacy:declaration_certificate", args=[declaration.pk]))
    assert pdf["Content-Disposition"].startswith("attachment")


def test_a_goal_without_evidence_cannot_be_verified(network_staff, towns):
    declaration = DeclarationFactory(campaign=towns)
    declarations.declaration_start(declaration=declaration, by=network_staff)
    goal = declaration.goals.get(number=2)
    DeclarationGoal.objects.filter(pk=goal.pk).update(evidence_text="")
    goal.refresh_from_db()
    with pytest.raises(GuardFailed):
        declarations.declaration_goal_verify(goal=goal, by=network_staff, verified=True)


def test_changed_evidence_must_be_verified_again(staff_client, network_staff, towns):
    declaration = DeclarationFactory(campaign=towns)
    declarations.declaration_start(declaration=declaration, by=network_staff)
    goal = declaration.goals.get(number=1)
    declarations.declaration_goal_verify(goal=goal, by=network_staff, verified=True)
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    pdf.name = "acta.pdf"
    url = reverse("advocacy:declaration_goal", args=[declaration.pk, 1])
    staff_client.post(url, {"action": "save", "goal1-text": "Nueva acta", "goal1-file": pdf})
    goal.refresh_from_db()
    assert goal.evidence_text == "Nueva acta" and goal.verified_at is None
    assert goal.evidence_file_type == "application/pdf"
    evidence = staff_client.get(reverse("advocacy:declaration_evidence", args=[declaration.pk, 1]))
    assert evidence["Content-Disposition"].startswith("attachment")


def test_renewal_falls_due_a_year_later(network_staff, towns):
    declaration = DeclarationFactory(campaign=towns)
    Declaration.objects.filter(pk=declaration.pk).update(
        status=Declaration.Status.DECLARED,
        declared_on=timezone.localdate() - timedelta(days=366),
        renewal_due_on=timezone.localdate() - timedelta(days=1),
    )
    assert reminders_sweep(family="declarations") == 1  # advocacy/reminders.py
    assert reminders_sweep(family="declarations") == 0
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.RENEWAL_DUE
    declarations.declaration_start(declaration=declaration, by=network_staff)
    assert declaration.status == Declaration.Status.IN_PROGRESS
    assert not declaration.goals.filter(verified_at__isnull=False).exists()


def test_the_pdf_fetcher_serves_only_our_static_files():
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch("https://static.minga.invalid/img/minga.svg").read().startswith(b"<")
    for url in (
        "file:///etc/passwd",
        "https://example.org/x.png",
        "https://static.minga.invalid/../../etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
    ):
        with pytest.raises(ForbiddenFetch):
            fetcher.fetch(url)

"""The documents a cooperative gives as evidence in its self-evaluation: the certification
body's people cleared for the organization read them from the review page and download
them (network.files.attachment_response), as the version that was submitted; anyone
without a current "no conflict" declaration finds nothing (404), as for the whole file."""

import datetime

import pytest
from django.urls import reverse

from certification.models import Application, ConflictDeclaration
from certification.selectors import self_evaluation_criteria
from certification.services.applications import application_move
from network.files import validate_upload
from network.models import RoleKind
from producers.services.documents import document_create, document_version_add
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    SelfEvaluationAnswerFactory,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, OrganizationFactory, grant

S = Application.Status
FIRST = b"%PDF-1.4\n% acta de la asamblea, primera version\n%%EOF\n"
SECOND = b"%PDF-1.4\n% acta de la asamblea, segunda version\n%%EOF\n"
THIRD = b"%PDF-1.4\n% acta de la asamblea, tercera version\n%%EOF\n"


def upload(content: bytes, name: str = "acta.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return {"uploaded": file, "checked": validate_upload(file)}


@pytest.fixture
def body(db):
    return CertificationBodyFactory(name="Certificadora Andina")


@pytest.fixture
def filed(standard_v1, coop_a, coop_a_admin, body):
    """Coop A's application in its self-evaluation; the answer to one criterion cites the
    minutes of the assembly (a document of coop A's library)."""
    application = ApplicationFactory(organization=coop_a, certification_body=body,
                                     standard_version=standard_v1, status=S.SELF_EVALUATION,
                                     created_by=coop_a_admin)  # fmt: skip
    minutes = document_create(
        organization=coop_a, by=coop_a_admin,
        data={"doc_type": "other", "title": "Actas de asamblea 2025"}, **upload(FIRST),
    )  # fmt: skip
    criterion = standard_v1.criteria.get(code="2.1")
    SelfEvaluationAnswerFactory(application=application, criterion=criterion, documents=[minutes])
    return application, minutes


def body_person(email, body, kind=RoleKind.EVALUATOR):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user(email)
    grant(user, kind, certification_body=body)
    TOTP.activate(user, generate_totp_secret())
    return user


def evidence_url(application, document):
    return reverse("certification:self_evaluation_document", args=[application.pk, document.pk])


def test_a_cleared_evaluator_downloads_the_evidence_as_an_attachment(client, filed, body):
    application, minutes = filed
    evaluator = body_person("elena@andina.example.org", body)
    ConflictDeclarationFactory(person=evaluator, organization=application.organization)
    client.force_login(evaluator)
    response = client.get(evidence_url(application, minutes))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FIRST
    assert response["Content-Disposition"] == 'attachment; filename="acta.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_the_review_page_links_each_cited_document(client, filed, body):
    application, minutes = filed
    evaluator = body_person("elena@andina.example.org", body)
    ConflictDeclarationFactory(person=evaluator, organization=application.organization)
    client.force_login(evaluator)
    html = client.get(reverse("certification:review_detail", args=[application.pk])).content
    assert f'<a href="{evidence_url(application, minutes)}">Actas de asamblea 2025</a>' in (
        html.decode()
    )
    section = client.get(
        reverse("certification:self_evaluation_section", args=[application.pk, "2"])
    )
    assert evidence_url(application, minutes) in section.content.decode()  # read-only answers


@pytest.mark.parametrize(
    "declaration",
    [
        None,
        {"outcome": ConflictDeclaration.Outcome.CONFLICT},
        {"declared_on": datetime.date(2020, 1, 6), "valid_until": datetime.date(2021, 1, 5)},
    ],
    ids=["no declaration", "a conflict declared", "an expired declaration"],
)
def test_without_a_current_no_conflict_declaration_the_evidence_does_not_exist(
    client, filed, body, declaration
):
    application, minutes = filed
    for kind in (RoleKind.EVALUATOR, RoleKind.REVIEWER, RoleKind.COMMITTEE):
        person = body_person(f"{kind}@andina.example.org", body, kind)
        if declaration is not None:
            ConflictDeclarationFactory(
                person=person, organization=application.organization, **declaration
            )
        client.force_login(person)
        assert client.get(evidence_url(application, minutes)).status_code == 404, kind


def test_another_bodys_evaluator_and_another_cooperative_find_nothing(client, filed, coop_b_admin):
    application, minutes = filed
    stranger = body_person("otto@otra.example.org", CertificationBodyFactory(name="Otra"))
    ConflictDeclarationFactory(person=stranger, organization=application.organization)
    for person in (stranger, coop_b_admin):
        client.force_login(person)
        assert client.get(evidence_url(application, minutes)).status_code == 404


def test_only_documents_the_answers_cite_are_served(client, filed, coop_a_admin, coop_b_admin):
    application, _minutes = filed
    uncited = document_create(
        organization=application.organization, by=coop_a_admin,
        data={"doc_type": "other", "title": "Contabilidad interna"}, **upload(SECOND),
    )  # fmt: skip
    # Another organization's document, cited by a tampered answer: not this file's.
    foreign = document_create(
        organization=OrganizationFactory(), by=coop_b_admin,
        data={"doc_type": "other", "title": "Ajeno"}, **upload(SECOND),
    )  # fmt: skip
    application.self_evaluation_answers.get().documents.add(foreign)
    client.force_login(coop_a_admin)
    assert client.get(evidence_url(application, uncited)).status_code == 404
    assert client.get(evidence_url(application, foreign)).status_code == 404


def test_the_version_submitted_is_served_after_a_new_upload(client, filed, coop_a_admin):
    """While the self-evaluation is answered, the newest version; once it is submitted,
    the version the organization had then, whatever it uploads later."""
    application, minutes = filed
    client.force_login(coop_a_admin)
    url = evidence_url(application, minutes)
    assert b"".join(client.get(url).streaming_content) == FIRST
    document_version_add(document=minutes, by=coop_a_admin, **upload(SECOND))
    assert b"".join(client.get(url).streaming_content) == SECOND

    answered = {answer.criterion_id for answer in application.self_evaluation_answers.all()}
    for criterion in self_evaluation_criteria(application):
        if criterion.pk not in answered:
            SelfEvaluationAnswerFactory(application=application, criterion=criterion)
    application_move(application=application, transition="complete_self_evaluation",
                     by=coop_a_admin)  # fmt: skip
    document_version_add(document=minutes, by=coop_a_admin, **upload(THIRD))
    assert minutes.versions.count() == 3
    assert b"".join(client.get(url).streaming_content) == SECOND

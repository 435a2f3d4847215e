"""The application's services and their side effects: drafts saved section by section
(version-checked, nothing half saved), renewals copied from the previous application,
and what each move does besides moving (dates, pinned documents, returned items,
quotes, emails)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certification.models import Application, ApplicationKind, Quote, ReturnItem
from certification.services.applications import (
    ApplicationLocked,
    application_create,
    application_move,
    application_section_save,
)
from certification.services.reviews import application_return, quote_send
from network.concurrency import StaleEdit
from network.files import validate_upload
from network.models import ActivityLog, OutboxMessage, RoleKind
from network.workflow import GuardFailed
from producers.services.documents import document_version_add
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    ready_application,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import (
    CertificationBodyFactory,
    MemberFactory,
    OrganizationFactory,
    ProductFactory,
    grant,
    pdf_upload,
)

S = Application.Status


@pytest.fixture
def application(standard_v1):
    return ready_application()


@pytest.fixture
def editor(application):
    return application.created_by


@pytest.fixture
def evaluator(application):
    person = make_user("eva@example.org", full_name="Eva Evaluadora", language="en")
    grant(person, RoleKind.EVALUATOR, certification_body=application.certification_body)
    ConflictDeclarationFactory(person=person, organization=application.organization)
    return person


def submitted(application, editor, evaluator):
    application_move(application=application, transition="submit", by=editor)
    application_move(application=application, transition="start_review", by=evaluator)
    return application


# --- Creating and filling in ---------------------------------------------------------------


def test_a_new_application_starts_from_the_profile_and_the_register(standard_v1):
    organization = OrganizationFactory(legal_name="Cooperativa Valle Alto", tax_id="2049")
    ProductFactory(organization=organization, description="café pergamino")
    MemberFactory.create_batch(3, organization=organization)
    editor = make_user("ed@example.org")
    application = application_create(
        by=editor, organization=organization, certification_body=CertificationBodyFactory()
    )
    assert application.invoicing_name == "Cooperativa Valle Alto"
    assert application.invoicing_tax_id == "2049"
    assert application.members_total == 3
    assert [p.description for p in application.products.all()] == ["café pergamino"]
    assert application.status == S.DRAFT


def test_a_renewal_copies_the_previous_application_but_not_the_vouching(application, editor):
    application_move(application=application, transition="submit", by=editor)
    renewal = application_create(
        by=editor,
        organization=application.organization,
        certification_body=application.certification_body,
        kind=ApplicationKind.RENEWAL,
        previous=application,
    )
    assert renewal.previous == application
    assert renewal.invoicing_address == application.invoicing_address
    assert renewal.ics_description == application.ics_description
    assert renewal.area_map_file == application.area_map_file
    assert list(renewal.sites.values_list("name", flat=True)) == ["Centro de acopio Huayopata"]
    assert renewal.products.count() == application.products.count()
    assert renewal.document_links.count() == application.document_links.count()
    assert renewal.vouched_at is None and renewal.vouched_by_name == ""
    assert "declaration" not in renewal.sections_saved
    assert renewal.planned_evaluation_on is None


def test_a_section_saves_alone_and_is_logged(standard_v1):
    organization = OrganizationFactory()
    editor = make_user("ed@example.org")
    draft = application_create(
        by=editor, organization=organization, certification_body=CertificationBodyFactory()
    )
    saved = application_section_save(
        application=draft,
        by=editor,
        section="members",
        version=draft.version,
        fields={"members_total": 120, "members_in_scope": 100},
    )
    assert (saved.members_total, saved.members_in_scope, saved.version) == (120, 100, 2)
    assert "members" in saved.sections_saved
    entry = ActivityLog.objects.filter(verb="application.section_saved").get()
    assert entry.changes["members_in_scope"] == [None, 100]


def test_a_section_saved_over_someone_elses_change_is_refused(application, editor):
    seen = application.version
    application_section_save(
        application=application,
        by=editor,
        section="ics",
        version=seen,
        fields={"ics_inspectors": 5},
    )
    with pytest.raises(StaleEdit):
        application_section_save(
            application=application,
            by=editor,
            section="ics",
            version=seen,
            fields={"ics_inspectors": 9},
        )
    assert Application.objects.get(pk=application.pk).ics_inspectors == 5


def test_rows_are_replaced_as_a_whole_and_unchanged_rows_change_nothing(application, editor):
    rows = [
        {"kind": "processing", "name": "Planta", "location": "Quillabamba", "operated_by": "own"},
        {"kind": "storage", "name": "Almacén", "location": "Cusco", "operated_by": "third_party"},
    ]
    saved = application_section_save(
        application=application,
        by=editor,
        section="sites",
        version=application.version,
        rows=rows,
    )
    assert list(saved.sites.values_list("name", flat=True)) == ["Planta", "Almacén"]
    entry = ActivityLog.objects.filter(verb="application.section_saved").latest("id")
    assert entry.changes["applicationsite_rows"] == [1, 2]
    saved = application_section_save(
        application=saved,
        by=editor,
        section="declaration",
        version=saved.version,
        fields={"vouched_by_name": "Rosa Quispe", "vouched_by_position": "Presidenta"},
        vouch=True,
    )
    again = application_section_save(
        application=saved,
        by=editor,
        section="sites",
        version=saved.version,
        rows=[dict(row) for row in rows],
    )
    entry = ActivityLog.objects.filter(verb="application.section_saved").latest("id")
    assert "applicationsite_rows" not in entry.changes
    assert again.vouched_at is not None  # nothing changed: the vouching stands


def test_changing_the_data_asks_for_the_vouching_again(application, editor):
    assert application.vouched_at is not None
    changed = application_section_save(
        application=application,
        by=editor,
        section="members",
        version=application.version,
        fields={"members_total": 11, "members_in_scope": 10},
    )
    assert changed.vouched_at is None and changed.vouched_by is None


def test_the_cooperative_cannot_change_a_submitted_application(application, editor):
    application_move(application=application, transition="submit", by=editor)
    with pytest.raises(ApplicationLocked):
        application_section_save(
            application=application,
            by=editor,
            section="ics",
            version=application.version,
            fields={"ics_inspectors": 1},
        )
    assert Application.objects.get(pk=application.pk).ics_inspectors == 4


# --- Submitting ----------------------------------------------------------------------------


def test_submitting_pins_the_documents_as_sent_and_sets_the_dates(application, editor):
    link = application.document_links.select_related("document").first()
    application_move(application=application, transition="submit", by=editor)
    link.refresh_from_db()
    assert link.version.number == 1
    upload = pdf_upload("nuevo.pdf")
    document_version_add(
        document=link.document, by=editor, uploaded=upload, checked=validate_upload(upload)
    )
    link.refresh_from_db()
    assert link.version.number == 1  # the body reviews what was sent
    application.refresh_from_db()
    days = application.standard_version.eligibility_review_days
    assert application.eligibility_due_on == timezone.localdate() + datetime.timedelta(days)
    assert application.submitted_at is not None


def test_an_incomplete_application_is_not_submitted_and_says_what_is_missing(standard_v1):
    organization = OrganizationFactory()
    editor = make_user("ed@example.org")
    draft = application_create(
        by=editor, organization=organization, certification_body=CertificationBodyFactory()
    )
    with pytest.raises(GuardFailed) as refused:
        application_move(application=draft, transition="submit", by=editor)
    assert "No está lista" in str(refused.value) or "Not ready" in str(refused.value)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.submitted_at is None
    assert not OutboxMessage.objects.exists()


def test_a_document_missing_from_the_application_is_named_when_submitting(application):
    """The refusal names the first open points even when one is a required document
    (its label is a lazy translation: joined as text, never a TypeError)."""
    editor = application.created_by
    application = application_section_save(
        application=application,
        by=editor,
        section="documents",
        version=application.version,
        documents={"statutes": None},
    )
    with pytest.raises(GuardFailed) as refused:
        application_move(application=application, transition="submit", by=editor)
    assert "Estatutos" in str(refused.value)


# --- Returning with reasons per item -------------------------------------------------------


def test_a_return_keeps_each_item_and_resubmitting_marks_them_corrected(
    application, editor, evaluator
):
    submitted(application, editor, evaluator)
    application_return(
        application=application,
        by=evaluator,
        items=[
            {"section": "members", "reason": "Faltan los socios en transición."},
            {"section": "documents", "requirement": "statutes", "reason": "Estatutos vencidos."},
            {"section": "ics", "reason": "   "},  # empty: not an item
        ],
    )
    application.refresh_from_db()
    assert application.status == S.RETURNED
    items = list(application.return_items.order_by("id"))
    assert [(i.round, i.section, i.requirement) for i in items] == [
        (1, "members", ""),
        (1, "documents", "statutes"),
    ]
    entry = ActivityLog.objects.filter(verb="application.returned").get()
    assert "Estatutos vencidos." in entry.reason
    assert entry.changes["returned_items"] == 2

    # The cooperative corrects (a changed section asks for the vouching again).
    application = application_section_save(
        application=application,
        by=editor,
        section="members",
        version=application.version,
        fields={"members_total": 12, "members_in_scope": 12},
    )
    application = application_section_save(
        application=application,
        by=editor,
        section="declaration",
        version=application.version,
        fields={"vouched_by_name": "Rosa Quispe", "vouched_by_position": "Presidenta"},
        vouch=True,
    )
    application_move(application=application, transition="resubmit", by=editor)
    assert not application.return_items.filter(addressed_at__isnull=True).exists()

    application_move(application=application, transition="start_review", by=evaluator)
    application_return(
        application=application,
        by=evaluator,
        note="Última revisión",
        items=[{"section": "map", "reason": "El mapa no se lee."}],
    )
    assert list(
        application.return_items.filter(addressed_at__isnull=True).values_list("round", flat=True)
    ) == [2]
    assert ActivityLog.objects.filter(verb="application.returned").latest("id").reason == (
        "Última revisión"
    )


def test_a_return_without_any_item_is_refused_and_changes_nothing(application, editor, evaluator):
    submitted(application, editor, evaluator)
    with pytest.raises(GuardFailed):
        application_return(application=application, by=evaluator, items=[])
    application.refresh_from_db()
    assert application.status == S.ELIGIBILITY_REVIEW
    assert not ReturnItem.objects.exists()


def test_items_are_not_kept_when_the_return_is_refused(application, editor):
    # Still a draft: the body cannot return it, and the items are not left behind.
    with pytest.raises(Exception):  # noqa: B017, PT011 - TransitionNotAllowed
        application_return(
            application=application, by=editor, items=[{"section": "ics", "reason": "x"}]
        )
    assert not ReturnItem.objects.exists()


# --- Quotes --------------------------------------------------------------------------------


def eligible(application, editor, evaluator):
    renewal = ApplicationFactory(
        organization=application.organization,
        certification_body=application.certification_body,
        kind=ApplicationKind.RENEWAL,
        status=S.ELIGIBILITY_REVIEW,
        created_by=editor,
    )
    application_move(application=renewal, transition="accept", by=evaluator)
    return renewal


def test_a_quote_is_needed_to_send_one(application, editor, evaluator):
    renewal = eligible(application, editor, evaluator)
    with pytest.raises(GuardFailed):
        application_move(application=renewal, transition="send_quote", by=evaluator)
    renewal.refresh_from_db()
    assert renewal.status == S.ELIGIBLE


def test_sending_a_quote_records_it_and_the_answer_is_kept(
    application, editor, evaluator, django_capture_on_commit_callbacks
):
    renewal = eligible(application, editor, evaluator)
    valid = timezone.localdate() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks() as callbacks:
        quote = quote_send(
            application=renewal,
            by=evaluator,
            amount=Decimal("850.00"),
            currency="USD",
            valid_until=valid,
            notes="Dos días de visita.",
        )
    assert quote.sent_at is not None and quote.language == editor.language
    assert len(callbacks) >= 2  # the quote's PDF and its email are queued after commit
    renewal.refresh_from_db()
    assert renewal.status == S.QUOTE_SENT
    assert ActivityLog.objects.filter(verb="application.quote_sent").get().changes["quote"] == (
        "850.00 USD"
    )

    application_move(
        application=renewal, transition="reject_quote", by=editor, reason="Demasiado caro."
    )
    quote.refresh_from_db()
    assert quote.answer == Quote.Answer.REJECTED and quote.answered_at is not None

    second = quote_send(
        application=renewal, by=evaluator, amount=Decimal("700"), currency="USD", valid_until=valid
    )
    application_move(application=renewal, transition="accept_quote", by=editor)
    second.refresh_from_db()
    quote.refresh_from_db()
    assert second.answer == Quote.Answer.ACCEPTED
    assert quote.answer == Quote.Answer.REJECTED
    assert Application.objects.get(pk=renewal.pk).status == S.SELF_EVALUATION


def test_an_expired_quote_cannot_be_accepted(application, editor, evaluator):
    renewal = eligible(application, editor, evaluator)
    quote = quote_send(
        application=renewal,
        by=evaluator,
        amount=Decimal("500"),
        currency="EUR",
        valid_until=timezone.localdate(),
    )
    Quote.objects.filter(pk=quote.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(1)
    )
    with pytest.raises(GuardFailed):
        application_move(application=renewal, transition="accept_quote", by=editor)
    assert Application.objects.get(pk=renewal.pk).status == S.QUOTE_SENT


# --- Emails --------------------------------------------------------------------------------


def test_each_recipient_reads_the_move_in_their_language_with_a_link(
    application, editor, evaluator, settings
):
    stranger = make_user("sin.declaracion@example.org", language="pt")
    grant(stranger, RoleKind.REVIEWER, certification_body=application.certification_body)
    application_move(application=application, transition="submit", by=editor)

    to_evaluator = OutboxMessage.objects.get(to=evaluator.email)
    assert to_evaluator.template == "certification_to_review" and to_evaluator.language == "en"
    assert "applied for certification" in to_evaluator.subject
    assert f"/certification/review/{application.pk}/" in to_evaluator.body_text
    assert "conflict of interest" not in to_evaluator.body_text  # declared: opens directly

    to_stranger = OutboxMessage.objects.get(to=stranger.email)
    assert to_stranger.language == "pt"
    assert f"/certification/conflicts/{application.organization_id}/" in to_stranger.body_text

    to_editor = OutboxMessage.objects.get(to=editor.email)
    assert to_editor.template == "certification_application_moved"
    assert to_editor.language == "es"
    assert f"/certification/applications/{application.pk}/" in to_editor.body_text
    assert application.certification_body.name in to_editor.body_text


def test_the_returned_email_lists_each_item(application, editor, evaluator):
    submitted(application, editor, evaluator)
    OutboxMessage.objects.all().delete()
    application_return(
        application=application,
        by=evaluator,
        items=[{"section": "map", "reason": "El mapa no se lee."}],
    )
    message = OutboxMessage.objects.get(to=editor.email)
    assert message.template == "certification_returned"
    assert "Mapa de la zona: El mapa no se lee." in message.body_text
    assert "El mapa no se lee." in message.body_html
    assert not OutboxMessage.objects.filter(to=evaluator.email).exists()


def test_a_draft_withdrawn_is_not_news_for_the_body(application, editor, evaluator):
    application_move(
        application=application,
        transition="withdraw",
        by=editor,
        reason="Lo haremos el próximo año.",
    )
    assert OutboxMessage.objects.filter(to=editor.email).exists()
    assert not OutboxMessage.objects.filter(to=evaluator.email).exists()

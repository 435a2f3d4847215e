"""The advocacy background work through a real Celery worker process on the real Redis,
with mail going to a real SMTP server: tallies, updates to signers, the declaration
PDF and the renewal sweep. Each task is queued the way beat or a service queues it,
and the duplicated deliveries Redis can produce are queued on purpose."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from advocacy import tasks
from advocacy.models import Campaign, CampaignUpdate, Declaration, UpdateDelivery
from advocacy.services import updates
from network import tasks as network_tasks
from network.models import OutboxMessage
from tests.advocacy.factories import (
    CampaignFactory,
    DeclarationFactory,
    SignatureFactory,
    UpdateFactory,
    make_staff,
)
from tests.fixtures.services import eventually

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60


def shown_total(client, campaign) -> int:
    response = client.get(reverse("advocacy:campaign_detail", args=[campaign.slug_es]))
    assert response.status_code == 200
    return response.context["total"]


def test_the_tallies_task_makes_the_public_count_catch_up(celery_worker_process, client):
    campaign = CampaignFactory()
    SignatureFactory.create_batch(3, campaign=campaign, country="PE")
    SignatureFactory.create_batch(2, campaign=campaign, country="BO")
    SignatureFactory(campaign=campaign, confirmed_at=None)  # not counted until confirmed
    assert shown_total(client, campaign) == 0  # signing never touches the count

    assert tasks.tallies_refresh.delay().get(timeout=TIMEOUT) >= 1
    assert shown_total(client, campaign) == 5

    SignatureFactory.create_batch(2, campaign=campaign, country="BO")
    tasks.tallies_refresh.delay().get(timeout=TIMEOUT)
    assert shown_total(client, campaign) == 7
    by_country = client.get(reverse("advocacy:campaign_detail", args=[campaign.slug_es]))
    assert "Bolivia" in by_country.content.decode()


def test_an_update_queued_twice_reaches_each_recipient_once(celery_worker_process, mailbox):
    campaign = CampaignFactory(title_es="Agua limpia")
    recipients = SignatureFactory.create_batch(4, campaign=campaign)
    left_out = SignatureFactory(campaign=campaign, consent_updates=False)
    update = UpdateFactory(campaign=campaign, subject="Entregamos las firmas")

    updates.update_send(update=update, by=make_staff())  # queues the first batch
    duplicates = [
        tasks.email_update_batch.apply_async((update.pk,), ignore_result=False) for _ in range(2)
    ]  # a retried publish, a redelivery after a worker crash
    for result in duplicates:
        result.get(timeout=TIMEOUT)

    for signature in recipients:
        message = mailbox.wait_for(signature.email, "Entregamos las firmas", timeout=TIMEOUT)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert eventually(
        lambda: (
            CampaignUpdate.objects.get(pk=update.pk).status == CampaignUpdate.Status.SENT
            and OutboxMessage.objects.filter(template="advocacy_update", status="sent").count() == 4
        ),
        timeout=TIMEOUT,
    )
    update.refresh_from_db()
    assert update.sent_count == 4
    assert UpdateDelivery.objects.filter(update=update).count() == 4
    assert OutboxMessage.objects.filter(template="advocacy_update").count() == 4
    for signature in recipients:
        assert len(mailbox.to(signature.email)) == 1
    assert mailbox.to(left_out.email) == []


def declared(**fields) -> Declaration:
    towns = CampaignFactory(kind=Campaign.Kind.TOWNS, goal=None)
    declaration = DeclarationFactory(campaign=towns, **fields)
    Declaration.objects.filter(pk=declaration.pk).update(
        status=Declaration.Status.DECLARED,
        declared_on=timezone.localdate(),
        renewal_due_on=timezone.localdate() + timedelta(days=365),
    )
    declaration.refresh_from_db()
    return declaration


def pdf_files() -> set[str]:
    if not default_storage.exists("advocacy/declarations"):
        return set()
    return set(default_storage.listdir("advocacy/declarations")[1])


def test_the_declaration_pdf_is_produced_once_when_the_task_runs_twice(celery_worker_process):
    declaration = declared(name="Municipio de Ollantaytambo")
    before = pdf_files()

    runs = [tasks.report_declaration_certificate.delay(declaration.pk) for _ in range(2)]
    outcomes = sorted(run.get(timeout=TIMEOUT) for run in runs)
    assert outcomes == [False, True]  # one produced it, the other found it there
    assert tasks.report_declaration_certificate.delay(declaration.pk).get(timeout=TIMEOUT) is False

    declaration.refresh_from_db()
    assert declaration.certificate_for == declaration.declared_on
    assert len(pdf_files() - before) == 1
    with declaration.certificate.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "Municipio de Ollantaytambo" in text


def test_the_renewal_sweep_marks_what_is_due_once(celery_worker_process):
    due = declared(name="Municipio vencido")
    Declaration.objects.filter(pk=due.pk).update(
        declared_on=timezone.localdate() - timedelta(days=366),
        renewal_due_on=timezone.localdate() - timedelta(days=1),
    )
    current = declared(name="Municipio al día")

    sweep = network_tasks.reminders_sweep  # the declarations' rule: advocacy/reminders.py
    assert sweep.delay("declarations").get(timeout=TIMEOUT) == 1
    assert sweep.delay("declarations").get(timeout=TIMEOUT) == 0
    due.refresh_from_db()
    current.refresh_from_db()
    assert due.status == Declaration.Status.RENEWAL_DUE
    assert current.status == Declaration.Status.DECLARED

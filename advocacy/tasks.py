"""Thin tasks of the advocacy app: they take ids and call a service. Tasks named
email_* run on the `email` queue and report_* on `reports` (see CELERY_TASK_ROUTES)."""

from celery import shared_task
from django.conf import settings

from advocacy.services import declarations, signatures, updates


# Nobody reads these results: without ignore_result every publish would also subscribe
# to a result channel in Redis, an extra round trip on the signing request.
@shared_task(acks_late=True, ignore_result=True)
def email_signature_confirmation(signature_id: int) -> bool:
    return signatures.signature_confirmation_send(signature_id=signature_id)


@shared_task(acks_late=True, ignore_result=True)
def email_signature_duplicate(signature_id: int, language: str) -> bool:
    return signatures.signature_duplicate_notify(signature_id=signature_id, language=language)


@shared_task(acks_late=True, ignore_result=True)
def email_update_batch(update_id: int) -> bool:
    """One batch, then the next after a pause: the pause is the rate limit."""
    more = updates.update_send_batch(update_id=update_id)
    if more:
        email_update_batch.apply_async((update_id,), countdown=settings.ADVOCACY_UPDATE_BATCH_PAUSE)
    return more


@shared_task
def updates_resume() -> int:
    stalled = updates.updates_stalled()
    for update_id in stalled:
        email_update_batch.delay(update_id)
    return len(stalled)


@shared_task
def tallies_refresh() -> int:
    return signatures.tallies_refresh()


@shared_task(acks_late=True)
def report_declaration_certificate(declaration_id: int) -> bool:
    return declarations.declaration_certificate_render(declaration_id=declaration_id)

"""Thin tasks of the producers app: they call a service."""

from celery import shared_task

from producers.services import members


@shared_task
def register_imports_sweep() -> dict:
    """Hourly (network/settings.py CELERY_BEAT_SCHEDULE): forget unconfirmed uploads."""
    return members.register_imports_sweep()

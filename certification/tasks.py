"""Thin tasks of the certification app: they take ids and call a service. report_* run
on the `reports` queue, email_* on `email` (CELERY_TASK_ROUTES)."""

from celery import shared_task

from certification.services import certificates


@shared_task(acks_late=True)
def report_certificate_pdf(certificate_id: int) -> bool:
    return certificates.certificate_pdf_render(certificate_id=certificate_id)

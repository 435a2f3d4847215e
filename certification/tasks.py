"""Thin tasks of the certification app: they take ids and call a service. report_* run
on the `reports` queue, email_* on `email` (CELERY_TASK_ROUTES)."""

from celery import shared_task

from certification.services import certificates, checklists, reports, reviews


@shared_task(acks_late=True)
def report_certificate_pdf(certificate_id: int) -> bool:
    return certificates.certificate_pdf_render(certificate_id=certificate_id)


@shared_task(acks_late=True)
def report_evaluation(report_id: int) -> bool:
    return reports.report_make(report_id=report_id)


@shared_task
def evaluation_reports_sweep() -> int:
    return reports.reports_sweep()


@shared_task
def checklist_imports_sweep() -> dict:
    return checklists.checklist_imports_sweep()


@shared_task(acks_late=True)
def report_quote_pdf(quote_id: int) -> bool:
    return reviews.quote_pdf_render(quote_id=quote_id)

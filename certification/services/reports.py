"""The evaluation report: requested (a version, queued), made by the reports worker
with the one PDF helper, stored privately with its SHA-256, announced by email.

Made once per version, whatever happens to the worker: the task claims the row
(queued → being made, committed so people see it), then renders holding the row's lock,
writes the file under the version's own name and marks it done in one transaction. A
second delivery of the task waits for the lock and finds it done; a worker killed while
rendering loses its lock with its connection, and the redelivered task renders the same
version again into the same name. A render that fails marks the row failed; a person
retries it (never an automatic loop)."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import (
    APPLICATION,
    EVALUATED_CLASSES,
    EVALUATION,
    REPORT,
    Application,
    CriterionClass,
    Evaluation,
    EvaluationReport,
    FindingResult,
)
from certification.selectors.evaluations import (
    evaluation_findings,
    finding_counts,
    non_compliances,
    team_of,
)
from certification.services.applications import application_move
from network.activity import activity_record
from network.models import Role, RoleKind
from network.outbox import email_send
from producers.selectors import organization_language

logger = logging.getLogger("minga.reports")
TEMPLATE = "certification/evaluations/report_pdf.html"
R = EvaluationReport.Status
# A report "being made" longer than a task may run (settings.CELERY_TASK_TIME_LIMIT)
# lost its worker: the sweep marks it failed, so someone can retry it.
RUNNING_LOST_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + timedelta(minutes=5)


def report_request(*, evaluation: Evaluation, by) -> EvaluationReport:
    """Queue the next version of the evaluation's report (the first one on submission;
    later ones after corrective actions). The older versions are kept."""
    from certification import tasks

    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        allowed = (Evaluation.Status.SUBMITTED, Evaluation.Status.REPORT_ISSUED)
        if evaluation.status not in allowed:
            raise ValidationError(_("A report is made once the evaluation is submitted."))
        if evaluation.reports.filter(status__in=[R.QUEUED, R.RUNNING]).exists():
            raise ValidationError(_("A version of the report is being made already."))
        last = evaluation.reports.order_by("-number").values_list("number", flat=True).first()
        report = REPORT.create(
            evaluation=evaluation,
            number=(last or 0) + 1,
            language=organization_language(evaluation.application.organization),
            requested_by=by,
        )
        activity_record(
            actor=by,
            verb="report.requested",
            target=report,
            scope=evaluation,
            changes={"number": report.number},
        )
        tasks.report_evaluation.delay_on_commit(report.pk)
    return report


def report_retry(*, report: EvaluationReport, by) -> EvaluationReport:
    from certification import tasks

    with transaction.atomic():
        REPORT.move(report, "retry", by=by, error="")
        tasks.report_evaluation.delay_on_commit(report.pk)
    return report


def report_file_name(report: EvaluationReport) -> str:
    """One name per version: rendering a version again replaces its file, never adds one."""
    return f"reports/evaluations/{report.evaluation_id}/report-v{report.number}.pdf"


def report_make(*, report_id: int) -> bool:
    """Make one version of the report (the task's work); False when there is nothing to
    do (made already, failed and waiting for a person, or gone)."""
    with transaction.atomic():
        report = EvaluationReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in (R.DONE, R.FAILED):
            return False
        if report.status == R.QUEUED:
            REPORT.move(report, "start", started_at=timezone.now())
    # Committed: the people waiting see "being made". Now render under the row's lock.
    with transaction.atomic():
        report = (
            EvaluationReport.objects.select_for_update(of=("self",))
            .select_related("evaluation__application__organization", "requested_by")
            .get(pk=report_id)
        )
        if report.status != R.RUNNING:
            return False  # made by another delivery while this one waited for the lock
        generated_at = timezone.now()
        try:
            with transaction.atomic():
                rendered = report_pdf(report, generated_at=generated_at)
        except Exception as error:  # noqa: BLE001 - any failure is shown, and retried by a person
            logger.exception("report %s v%s failed", report.evaluation_id, report.number)
            REPORT.move(report, "fail", error=f"{type(error).__name__}: {error}"[:2000])
            return False
        name = report_file_name(report)
        if default_storage.exists(name):
            default_storage.delete(name)  # an interrupted render's file: this one replaces it
        report.file_name = default_storage.save(name, ContentFile(rendered.data))
        report.sha256 = hashlib.sha256(rendered.data).hexdigest()
        REPORT.move(
            report,
            "finish",
            by=report.requested_by,
            file_name=report.file_name,
            sha256=report.sha256,
            size=len(rendered.data),
            pages=rendered.pages,
            generated_at=generated_at,
        )
        _issue(report)
    return True


def _issue(report: EvaluationReport) -> None:
    """The first report issues the evaluation and finishes the application's evaluation;
    every version is announced to the cooperative and the committee."""
    evaluation = report.evaluation
    by = report.requested_by
    if evaluation.status == Evaluation.Status.SUBMITTED:
        EVALUATION.move(evaluation, "issue_report", by=by)
        application = Application.objects.get(pk=evaluation.application_id)
        if APPLICATION.can(application, "finish_evaluation"):
            application_move(application=application, transition="finish_evaluation", by=by)
    report_announce(report=report)


def report_announce(*, report: EvaluationReport) -> int:
    """Email a link to the report to the cooperative's people and the certification
    body's committee members who may open the file, each in their language."""
    from certification.selectors.conflicts import has_current_no_conflict

    evaluation = report.evaluation
    application = evaluation.application
    organization = application.organization
    link = settings.SITE_URL + reverse("certification:evaluation_detail", args=[evaluation.pk])
    roles = Role.objects.filter(organization=organization).select_related("user")
    committee = Role.objects.filter(
        kind=RoleKind.COMMITTEE, certification_body=application.certification_body_id
    ).select_related("user")
    people = {role.user for role in roles if role.user.is_active}
    people |= {
        role.user
        for role in committee
        if role.user.is_active and has_current_no_conflict(role.user, organization)
    }
    for person in sorted(people, key=lambda user: user.email):
        email_send(
            to=person.email,
            template="certification_report_issued",
            context={
                "organization": organization,
                "application": application,
                "evaluation": evaluation,
                "report": report,
                "link": link,
            },
            language=person.language or settings.LANGUAGE_CODE,
        )
    return len(people)


def reports_sweep(*, now=None) -> int:
    """Reports "being made" for longer than any task may run lost their worker: mark
    them failed so that someone can retry them."""
    cutoff = (now or timezone.now()) - RUNNING_LOST_AFTER
    lost = EvaluationReport.objects.filter(status=R.RUNNING, started_at__lt=cutoff)
    return len(REPORT.move_many(lost, "fail", error="interrupted: the worker stopped"))


# --- What the PDF shows --------------------------------------------------------------------

RESULT_COLUMNS = [FindingResult.COMPLIANT, FindingResult.NON_COMPLIANT,
                  FindingResult.NOT_REVIEWED, FindingResult.NOT_APPLICABLE]  # fmt: skip


def report_pdf(report: EvaluationReport, *, generated_at):
    """The report laid out (network.pdf.RenderedPdf), with "page N of M" in its language.
    WeasyPrint is imported here, by the reports worker, not by every process."""
    from network.pdf import html_to_pdf, page_numbers_stylesheet

    return html_to_pdf(
        report_html(report, generated_at=generated_at),
        stylesheets=(page_numbers_stylesheet(report.language),),
    )


def report_html(report: EvaluationReport, *, generated_at) -> str:
    """The report as HTML in its language (network.pdf lays it out)."""
    from network.pdf import render_html

    return render_html(
        template=TEMPLATE,
        context=report_context(report, generated_at=generated_at),
        language=report.language,
    )


def report_context(report: EvaluationReport, *, generated_at) -> dict:
    evaluation = report.evaluation
    application = evaluation.application
    sections, current = [], None
    for finding in evaluation_findings(evaluation):
        section = finding.criterion.section
        if current is None or current["section"].pk != section.pk:
            current = {"section": section, "findings": []}
            sections.append(current)
        current["findings"].append(finding)
    counts = finding_counts(evaluation)
    summary = [
        {
            "class": CriterionClass(criterion_class).label,
            "counts": [counts.get(criterion_class, {}).get(result, 0) for result in RESULT_COLUMNS],
            "total": sum(counts.get(criterion_class, {}).values()),
        }
        for criterion_class in EVALUATED_CLASSES
        if criterion_class in counts
    ]
    totals = [sum(row["counts"][index] for row in summary) for index in range(len(RESULT_COLUMNS))]
    return {
        "report": report,
        "evaluation": evaluation,
        "application": application,
        "organization": application.organization,
        "products": list(application.organization.product_networks.order_by("name")),
        "team": team_of(evaluation),
        "sections": sections,
        "results": [FindingResult(result).label for result in RESULT_COLUMNS],
        "summary": summary,
        "totals": totals,
        "total": sum(totals),
        # The first version renders before it issues the evaluation: it counts as the issue.
        "non_compliances": list(non_compliances(evaluation, issuing_at=generated_at)),
        "distribution": [line.strip() for line in evaluation.distribution_list.splitlines()
                         if line.strip()],
        "generated_at": generated_at,
        "today": timezone.localdate(),
    }  # fmt: skip

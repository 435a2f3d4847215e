"""The evaluation report: its job's state for the people waiting (a fragment htmx
refreshes while it is queued or being made), the download of each version, a retry of a
failed one and a new version after corrective actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certification.models import EvaluationReport
from certification.selectors import evaluations as selectors
from certification.selectors.evaluations import EvaluationCapability as Can
from certification.services import reports as services
from certification.views.access import evaluation_for
from certification.views.evaluations import why
from network.files import attachment_response
from network.workflow import TransitionError


@login_required
@require_GET
def report_status(request, pk: int):
    """The latest report's state: a fragment for htmx, a page otherwise."""
    evaluation, capabilities = evaluation_for(request, pk)
    context = {
        "evaluation": evaluation,
        "capabilities": capabilities,
        "report": selectors.latest_report(evaluation),
        "can_retry": Can.RETRY in capabilities,
        "can_download": Can.SEE_FINDINGS in capabilities,
    }
    if request.htmx:
        return render(request, "certification/evaluations/_report_status.html", context)
    return render(request, "certification/evaluations/report_status.html", context)


def _report(evaluation, number: int) -> EvaluationReport:
    return get_object_or_404(selectors.evaluation_reports(evaluation), number=number)


@login_required
@require_GET
def report_download(request, pk: int, number: int):
    evaluation, _capabilities = evaluation_for(request, pk, Can.SEE_FINDINGS)
    report = _report(evaluation, number)
    if report.status != EvaluationReport.Status.DONE:
        return redirect("certification:report_status", pk=evaluation.pk)
    return attachment_response(
        report.file_name,
        download_as=f"{evaluation.reference}-report-v{report.number}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def report_retry(request, pk: int, number: int):
    evaluation, _capabilities = evaluation_for(request, pk, Can.RETRY)
    report = _report(evaluation, number)
    try:
        services.report_retry(report=report, by=request.user)
    except TransitionError as problem:
        messages.error(request, why(problem))
    else:
        messages.success(request, _("The report is queued again."))
    return redirect("certification:evaluation_detail", pk=evaluation.pk)


@login_required
@require_POST
def report_new_version(request, pk: int):
    """A new version of the report (after corrective actions); the older ones stay."""
    evaluation, _capabilities = evaluation_for(request, pk, Can.LEAD)
    try:
        report = services.report_request(evaluation=evaluation, by=request.user)
    except ValidationError as problem:
        messages.error(request, why(problem))
    else:
        messages.success(
            request, _("Version %(number)s of the report is queued.") % {"number": report.number}
        )
    return redirect("certification:evaluation_detail", pk=evaluation.pk)

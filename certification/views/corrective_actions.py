"""Corrective actions: the cooperative proposes one for a non-compliance of an issued
report; the evaluation team accepts or rejects it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification.forms.evaluations import CorrectiveActionForm, CorrectiveActionReviewForm
from certification.models import FindingResult
from certification.selectors import evaluations as selectors
from certification.selectors.evaluations import EvaluationCapability as Can
from certification.services import evaluations as services
from certification.views.access import evaluation_for
from certification.views.evaluations import why
from network.files import attachment_response, download_name
from network.workflow import TransitionError


@login_required
@require_http_methods(["GET", "POST"])
def corrective_action_propose(request, pk: int, finding_pk: int):
    evaluation, capabilities = evaluation_for(request, pk, Can.RESPOND)
    finding = get_object_or_404(
        selectors.evaluation_findings(evaluation).filter(result=FindingResult.NON_COMPLIANT),
        pk=finding_pk,
    )
    form = CorrectiveActionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = data.get("evidence")
        try:
            services.corrective_action_propose(
                finding=finding,
                by=request.user,
                action=data["action"],
                responsible=data["responsible"],
                due_on=data["due_on"],
                uploaded=evidence or None,
                checked=evidence.checked if evidence else None,
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("The corrective action was sent to the evaluators."))
            return redirect("certification:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "certification/evaluations/corrective_action_form.html",
        {"evaluation": evaluation, "capabilities": capabilities, "finding": finding, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def corrective_action_review(request, pk: int, action_pk: int):
    evaluation, capabilities = evaluation_for(request, pk, Can.REVIEW_ACTIONS)
    action = get_object_or_404(selectors.evaluation_corrective_actions(evaluation), pk=action_pk)
    form = CorrectiveActionReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.corrective_action_review(
                corrective_action=action,
                by=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except TransitionError as problem:
            form.add_error(None, why(problem))
        else:
            messages.success(
                request,
                _("The corrective action is now “%(state)s”.")
                % {"state": action.get_status_display()},
            )
            return redirect("certification:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "certification/evaluations/corrective_action_review.html",
        {"evaluation": evaluation, "capabilities": capabilities, "action": action, "form": form},
    )


@login_required
@require_GET
def corrective_action_evidence(request, pk: int, action_pk: int):
    evaluation, _capabilities = evaluation_for(request, pk, Can.SEE_FINDINGS)
    action = get_object_or_404(
        selectors.evaluation_corrective_actions(evaluation).exclude(evidence_file=""), pk=action_pk
    )
    return attachment_response(
        action.evidence_file,
        download_as=download_name(action.evidence_name, fallback=f"evidence-{action.pk}"),
        content_type=action.evidence_type,
    )

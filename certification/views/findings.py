"""Recording findings: one section of the standard per page, a small form per finding.

Each finding's form works on its own: without JavaScript its Save button posts it and
comes back to the section; with htmx it saves as the evaluator goes (a choice made, or
typing paused) and only the finding's status and version change on the page, so the
cursor stays where it is. Two people saving the same finding: the second is refused,
keeps what they typed and sees what is stored (network/concurrency.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from certification.forms.evaluations import EvidenceForm, FindingForm
from certification.models import Evaluation
from certification.selectors import evaluations as selectors
from certification.selectors.evaluations import EvaluationCapability as Can
from certification.selectors.self_evaluation import self_evaluation_answers
from certification.services import evaluations as services
from certification.views.access import findings_for
from network.concurrency import StaleEdit
from network.files import attachment_response, download_name


def _editable(evaluation, capabilities) -> bool:
    return Can.RECORD in capabilities and evaluation.status == Evaluation.Status.IN_PROGRESS


@login_required
@require_GET
def evaluation_section(request, pk: int, section_pk: int):
    evaluation, capabilities = findings_for(request, pk, Can.SEE_FINDINGS)
    sections = selectors.evaluation_sections(evaluation)
    position = next((i for i, s in enumerate(sections) if s.pk == section_pk), None)
    if position is None:
        raise Http404
    editable = _editable(evaluation, capabilities)
    findings = selectors.section_findings(evaluation, sections[position])
    answers = self_evaluation_answers(
        evaluation.application, [finding.criterion for finding in findings]
    )
    for finding in findings:
        finding.self_evaluation_answer = answers.get(finding.criterion_id)
    return render(
        request,
        "certification/evaluations/section.html",
        {
            "evaluation": evaluation,
            "application": evaluation.application,
            "capabilities": capabilities,
            "sections": sections,
            "section": sections[position],
            "previous": sections[position - 1] if position else None,
            "next": sections[position + 1] if position + 1 < len(sections) else None,
            "rows": [
                (finding, FindingForm(instance=finding) if editable else None)
                for finding in findings
            ],
            "editable": editable,
        },
    )


def _finding(evaluation, finding_pk: int):
    return get_object_or_404(
        selectors.evaluation_findings(evaluation).select_related("updated_by"), pk=finding_pk
    )


@login_required
@require_GET
def finding_detail(request, pk: int, finding_pk: int):
    """One finding: its form (where the plain form lands on an error or a conflict) and
    its evidence."""
    evaluation, capabilities = findings_for(request, pk, Can.SEE_FINDINGS)
    finding = _finding(evaluation, finding_pk)
    editable = _editable(evaluation, capabilities)
    return _finding_page(
        request,
        evaluation,
        capabilities,
        finding,
        FindingForm(instance=finding) if editable else None,
    )


def _finding_page(request, evaluation, capabilities, finding, form, evidence_form=None):
    editable = _editable(evaluation, capabilities)
    return render(
        request,
        "certification/evaluations/finding.html",
        {
            "evaluation": evaluation,
            "application": evaluation.application,
            "capabilities": capabilities,
            "finding": finding,
            "form": form,
            "evidence": selectors.finding_evidence(finding),
            "evidence_form": evidence_form or (EvidenceForm() if editable else None),
        },
    )


@login_required
@require_POST
def finding_save(request, pk: int, finding_pk: int):
    """Save one finding (version-checked). From htmx the answer is a fragment of the
    section page; from a plain form, back to the section, or the finding's page with
    what went wrong."""
    evaluation, capabilities = findings_for(request, pk, Can.RECORD)
    finding = _finding(evaluation, finding_pk)
    form = FindingForm(request.POST, instance=finding)
    if not _editable(evaluation, capabilities):
        form.is_valid()
        form.add_error(None, _("Findings are recorded while the evaluation is in progress."))
    elif form.is_valid():
        try:
            finding = services.finding_save(
                finding=finding,
                by=request.user,
                result=form.cleaned_data["result"],
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            return _saved(request, evaluation, finding)
    if request.htmx:
        context = {"evaluation": evaluation, "finding": finding, "form": form}
        response = render(request, "certification/evaluations/_finding.html", context)
        return reswap(retarget(response, f"#finding-{finding.pk}"), "outerHTML")
    return _finding_page(request, evaluation, capabilities, finding, form)


def _saved(request, evaluation, finding):
    if request.htmx:
        return render(
            request,
            "certification/evaluations/_finding_saved.html",
            {"finding": finding, "form": FindingForm(instance=finding)},
        )
    messages.success(request, _("Finding %(code)s saved.") % {"code": finding.criterion.code})
    url = reverse(
        "certification:evaluation_section", args=[evaluation.pk, finding.criterion.section_id]
    )
    return redirect(f"{url}#finding-{finding.pk}")


@login_required
@require_POST
def finding_evidence_add(request, pk: int, finding_pk: int):
    evaluation, capabilities = findings_for(request, pk, Can.RECORD)
    finding = _finding(evaluation, finding_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            services.finding_evidence_add(
                finding=finding, by=request.user, uploaded=uploaded, checked=uploaded.checked
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("The evidence was added."))
            return redirect("certification:finding_detail", pk=evaluation.pk, finding_pk=finding.pk)
    editable = _editable(evaluation, capabilities)
    finding_form = FindingForm(instance=finding) if editable else None
    return _finding_page(
        request, evaluation, capabilities, finding, finding_form, evidence_form=form
    )


@login_required
@require_GET
def finding_evidence_download(request, pk: int, finding_pk: int, evidence_pk: int):
    evaluation, _capabilities = findings_for(request, pk, Can.SEE_FINDINGS)
    finding = _finding(evaluation, finding_pk)
    evidence = get_object_or_404(selectors.finding_evidence(finding), pk=evidence_pk)
    return attachment_response(
        evidence.file_name,
        download_as=download_name(evidence.original_name, fallback=f"evidence-{evidence.pk}"),
        content_type=evidence.content_type,
    )

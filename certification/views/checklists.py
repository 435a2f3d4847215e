"""The offline checklist: the lead evaluator downloads it as XLSX, fills it in where
there is no signal, uploads it back, sees what would change (errors by row, conflicts
with findings saved meanwhile) and confirms. The shared import (network/imports.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification import checklist
from certification.forms.evaluations import ChecklistUploadForm, ConflictResolutionForm
from certification.models import Evaluation, FindingResult
from certification.selectors import evaluations as selectors
from certification.selectors.evaluations import EvaluationCapability as Can
from certification.services import checklists as services
from certification.views.access import findings_for
from network.exports import spreadsheet_response
from network.imports import errors_shown


@login_required
@require_GET
def checklist_download(request, pk: int):
    evaluation, _capabilities = findings_for(request, pk, Can.LEAD)
    findings = selectors.evaluation_findings(evaluation)
    return spreadsheet_response(
        header=checklist.COLUMNS,
        rows=checklist.export_rows(
            findings, answers=selectors.self_evaluation_texts(evaluation.application)
        ),
        file_format="xlsx",
        download_as=f"checklist-{evaluation.reference}",
        sheet_title="checklist",
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_upload(request, pk: int):
    evaluation, capabilities = findings_for(request, pk, Can.LEAD)
    form = ChecklistUploadForm(request.POST or None, request.FILES or None)
    in_progress = evaluation.status == Evaluation.Status.IN_PROGRESS
    if request.method == "POST" and in_progress and form.is_valid():
        uploaded = form.cleaned_data["file"]
        upload = services.checklist_upload(
            evaluation=evaluation, by=request.user, uploaded=uploaded, checked=uploaded.checked
        )
        return redirect("certification:checklist_preview", pk=evaluation.pk, upload_pk=upload.pk)
    return render(
        request,
        "certification/evaluations/checklist_upload.html",
        {
            "evaluation": evaluation,
            "capabilities": capabilities,
            "form": form,
            "in_progress": in_progress,
            "columns": checklist.COLUMNS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_preview(request, pk: int, upload_pk: int):
    """What the uploaded checklist would change; confirming saves it, with each
    conflict resolved by the person (no re-upload)."""
    evaluation, capabilities = findings_for(request, pk, Can.LEAD)
    upload = get_object_or_404(selectors.evaluation_checklist_imports(evaluation), pk=upload_pk)
    conflicts = upload.summary.get("conflicts", [])
    form = ConflictResolutionForm(request.POST or None, conflicts=conflicts)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.checklist_apply(
                upload=upload, by=request.user, resolutions=form.resolutions()
            )
        except services.StalePlan as stale:
            upload = services.checklist_replan(upload=upload, plan=stale.plan)
            error = stale.messages[0]
            form = ConflictResolutionForm(conflicts=upload.summary.get("conflicts", []))
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request,
                _("Checklist saved: %(saved)s findings changed, %(kept)s kept as stored.")
                % {"saved": summary["saved"], "kept": summary["kept_stored"]},
            )
            return redirect("certification:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "certification/evaluations/checklist_preview.html",
        {
            "evaluation": evaluation,
            "capabilities": capabilities,
            "upload": upload,
            "form": form,
            "error": error,
            "errors": errors_shown(
                upload.errors,
                message=checklist.error_message,
                column_label=checklist.column_label,
            ),
            "error_rows": len({item["row"] for item in upload.errors}),
            "changes": upload.summary.get("changes", []),
            "results": {"": "—", **dict(FindingResult.choices)},
        },
    )

"""The offline checklist uploaded back: kept, checked and planned on upload (nothing
saved), applied on confirmation with the conflicts resolved by the person confirming.

A row changes its finding when its result or comment differ from what is stored. If the
finding is still at the version the file was made with, that is a change; if someone
saved the finding since, it is a conflict: the preview shows both values and the person
chooses which to keep. Nothing is saved while the file has errors, and a finding saved
again after the preview makes the confirmation stop and show the new conflict."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.checklist import KEEP_FILE, parse_checklist
from certification.models import CHECKLIST_IMPORT, ChecklistImport, Evaluation, Finding
from network.activity import activity_entry
from network.files import store_private
from network.imports import KEPT_FOR, kept_uploads_sweep
from network.models import ActivityLog


def _stored(finding_ids=None, *, evaluation: Evaluation, lock: bool = False) -> dict[int, dict]:
    findings = Finding.objects.filter(evaluation=evaluation)
    if finding_ids is not None:
        findings = findings.filter(pk__in=finding_ids)
    if lock:
        findings = findings.select_for_update(of=("self",))
    return {
        row["pk"]: row
        for row in findings.values(
            "pk", "result", "comment", "version", "criterion__code", "updated_by__full_name"
        )
    }


def _plan(evaluation: Evaluation, rows, *, lock: bool = False) -> dict:
    """Which rows change a finding, which conflict with a newer stored one, how many
    change nothing."""
    stored = _stored([values["finding"] for _n, values in rows], evaluation=evaluation, lock=lock)
    changes, conflicts, unchanged = [], [], 0
    for number, values in rows:
        current = stored[values["finding"]]
        wanted = {"result": values["result"], "comment": values["comment"]}
        if wanted == {"result": current["result"], "comment": current["comment"]}:
            unchanged += 1
            continue
        item = {
            "row": number,
            "finding": current["pk"],
            "criterion": current["criterion__code"],
            "before": {"result": current["result"], "comment": current["comment"]},
            "after": wanted,
        }
        if current["version"] == values["version"]:
            changes.append(item)
        else:
            item["stored_version"] = current["version"]
            item["stored_by"] = current["updated_by__full_name"] or ""
            conflicts.append(item)
    return {"changes": changes, "conflicts": conflicts, "unchanged": unchanged}


def _parse(evaluation: Evaluation, data: bytes, file_format: str):
    ids = set(Finding.objects.filter(evaluation=evaluation).values_list("pk", flat=True))
    return parse_checklist(data, file_format, finding_ids=ids)


def checklist_upload(*, evaluation: Evaluation, by, uploaded, checked) -> ChecklistImport:
    """Keep the file privately, check every row and plan; saves no finding."""
    file_name = store_private(
        uploaded, folder=f"imports/evaluations/{evaluation.pk}", checked=checked
    )
    uploaded.seek(0)
    parsed = _parse(evaluation, uploaded.read(), checked.kind.name)
    # Planned even with errors: the preview shows the conflicts of the good rows too.
    summary = {"ignored_columns": parsed.ignored_columns, **_plan(evaluation, parsed.rows)}
    return CHECKLIST_IMPORT.create(
        state=ChecklistImport.Status.INVALID if parsed.errors else ChecklistImport.Status.READY,
        evaluation=evaluation,
        uploaded_by=by,
        file_name=file_name,
        original_name=checked.original_name[:255],
        file_format=checked.kind.name,
        row_count=parsed.row_count,
        errors=parsed.errors,
        summary=summary,
    )


def checklist_apply(*, upload: ChecklistImport, by, resolutions: dict[int, tuple[str, int]]):
    """Save the previewed changes, and the conflicts resolved in favour of the file.
    `resolutions` maps each conflicting finding to (KEEP_FILE or KEEP_SERVER, the stored
    version the person saw). ValidationError, saving nothing, when the upload is no longer
    ready or the findings changed again since the preview (the preview is planned anew)."""
    with transaction.atomic():
        upload = ChecklistImport.objects.select_for_update().filter(pk=upload.pk).first()
        if upload is None or not upload.file_name:
            raise ValidationError(_("This upload is no longer kept; upload the file again."))
        if upload.status != ChecklistImport.Status.READY:
            raise ValidationError(_("This file was already saved or has errors."))
        evaluation = Evaluation.objects.select_for_update().get(pk=upload.evaluation_id)
        if evaluation.status != Evaluation.Status.IN_PROGRESS:
            raise ValidationError(_("Findings are recorded while the evaluation is in progress."))
        with default_storage.open(upload.file_name, "rb") as stored:
            parsed = _parse(evaluation, stored.read(), upload.file_format)
        if parsed.errors:
            raise ValidationError(_("The file has errors; nothing was saved."))
        plan = _plan(evaluation, parsed.rows, lock=True)
        seen = {
            item["finding"]: item["stored_version"] for item in upload.summary.get("conflicts", [])
        }
        moved = [
            item
            for item in plan["conflicts"]
            if item["finding"] not in resolutions
            or resolutions[item["finding"]][1] != item["stored_version"]
            or seen.get(item["finding"]) != item["stored_version"]
        ]
        if moved or len(plan["changes"]) != len(upload.summary.get("changes", [])):
            raise StalePlan(plan)
        taken = [item for item in plan["conflicts"] if resolutions[item["finding"]][0] == KEEP_FILE]
        saved = _save(evaluation, [*plan["changes"], *taken], by=by, upload=upload)
        summary = {
            **upload.summary,
            "saved": len(saved),
            "kept_stored": len(plan["conflicts"]) - len(taken),
        }
        CHECKLIST_IMPORT.move(
            upload,
            "apply",
            by=by,
            summary=summary,
            applied_at=timezone.now(),
            details={
                "updated": len(saved),
                "unchanged": plan["unchanged"],
                "codes_updated": [item["criterion"] for item in saved[:100]],
            },
        )
    return summary


class StalePlan(ValidationError):
    """Findings changed since the preview: the new plan is to be shown before saving."""

    def __init__(self, plan: dict):
        super().__init__(
            _("Some findings were saved by someone else after your preview; check them again.")
        )
        self.plan = plan


def checklist_replan(*, upload: ChecklistImport, plan: dict) -> ChecklistImport:
    """Keep the plan made at a refused confirmation, so the preview shows it."""
    ChecklistImport.objects.filter(pk=upload.pk, status=ChecklistImport.Status.READY).update(
        summary={**upload.summary, **plan}
    )
    upload.refresh_from_db(fields=["summary"])
    return upload


def _save(evaluation: Evaluation, items: list[dict], *, by, upload) -> list[dict]:
    now = timezone.now()
    Finding.objects.bulk_update(
        [
            Finding(
                pk=item["finding"],
                result=item["after"]["result"],
                comment=item["after"]["comment"],
                updated_by=by,
                updated_at=now,
                version=F("version") + 1,  # a finding form open meanwhile is stale
            )
            for item in items
        ],
        ["result", "comment", "updated_by", "updated_at", "version"],
    )
    findings = Finding.objects.in_bulk([item["finding"] for item in items])
    ActivityLog.objects.bulk_create(
        activity_entry(
            actor=by,
            verb="finding.imported",
            target=findings[item["finding"]],
            scope=evaluation,
            changes={
                key: [item["before"][key], item["after"][key]]
                for key in ("result", "comment")
                if item["before"][key] != item["after"][key]
            },
            reason=upload.original_name,
        )
        for item in items
    )
    return items


def checklist_imports_sweep(*, older_than=KEPT_FOR, now=None) -> dict:
    return kept_uploads_sweep(ChecklistImport, older_than=older_than, now=now)

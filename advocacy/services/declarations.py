"""Town and university declarations: apply, evidence per goal, verification, the
declaration PDF. The yearly renewal is a reminder (advocacy/reminders.py)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy.models import DECLARATION, GOAL_COUNT, Campaign, Declaration, DeclarationGoal
from advocacy.services.common import GuardFailed, SigningClosed, TransitionNotAllowed
from network.activity import activity_record
from network.files import replace_private


@transaction.atomic
def declaration_apply(
    *, campaign: Campaign, fields: dict, evidence: list[dict], language: str
) -> Declaration:
    """A town council or university applies; it starts as `interested`."""
    if not campaign.takes_declarations or campaign.status != Campaign.Status.PUBLISHED:
        raise SigningClosed
    declaration = DECLARATION.create(campaign=campaign, language=language, **fields)
    DeclarationGoal.objects.bulk_create(
        DeclarationGoal(
            declaration=declaration,
            number=number,
            evidence_text=(evidence[number - 1] if number <= len(evidence) else {}).get("text", ""),
            evidence_link=(evidence[number - 1] if number <= len(evidence) else {}).get("link", ""),
        )
        for number in range(1, GOAL_COUNT + 1)
    )
    activity_record(actor=None, verb="declaration.applied", target=declaration, scope=campaign)
    return declaration


@transaction.atomic
def declaration_start(*, declaration: Declaration, by) -> Declaration:
    """Interested → in progress, or renewal due → in progress (evidence to check again)."""
    renewing = declaration.status == Declaration.Status.RENEWAL_DUE
    DECLARATION.move(declaration, "start", by=by)
    if renewing:
        declaration.goals.update(verified_at=None, verified_by=None)
    return declaration


@transaction.atomic
def declaration_goal_update(
    *, goal: DeclarationGoal, by, text: str, link: str, file=None
) -> DeclarationGoal:
    """New evidence for a goal (`file`: a checked upload, it carries `.checked`);
    changed evidence needs verifying again."""
    changed = text != goal.evidence_text or link != goal.evidence_link or file is not None
    goal.evidence_text, goal.evidence_link = text, link
    if file is not None:
        replace_private(goal, "evidence_file", file, checked=file.checked)
        goal.evidence_file_type = file.checked.kind.content_type
    if changed:
        goal.verified_at, goal.verified_by = None, None
    goal.save()
    activity_record(
        actor=by, verb="declaration.evidence_updated", target=goal.declaration,
        scope=goal.declaration.campaign, changes={"goal": goal.number},
    )  # fmt: skip
    return goal


@transaction.atomic
def declaration_goal_verify(*, goal: DeclarationGoal, by, verified: bool) -> DeclarationGoal:
    if goal.declaration.status != Declaration.Status.IN_PROGRESS:
        raise TransitionNotAllowed(_("Goals are verified while the declaration is in progress."))
    if verified and not (goal.evidence_text or goal.evidence_link or goal.evidence_file):
        raise GuardFailed(_("There is no evidence to verify for this goal."))
    goal.verified_at = timezone.now() if verified else None
    goal.verified_by = by if verified else None
    goal.save(update_fields=["verified_at", "verified_by"])
    activity_record(
        actor=by, verb="declaration.goal_verified" if verified else "declaration.goal_unverified",
        target=goal.declaration, scope=goal.declaration.campaign, changes={"goal": goal.number},
    )  # fmt: skip
    return goal


@transaction.atomic
def declaration_declare(*, declaration: Declaration, by) -> Declaration:
    """In progress → declared once all five goals are verified; the certificate PDF is
    produced by the reports worker; renewal falls due a year later."""
    from advocacy import tasks

    today = timezone.localdate()
    DECLARATION.move(
        declaration,
        "declare",
        by=by,
        declared_on=today,
        renewal_due_on=today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + timedelta(days=365),
    )
    tasks.report_declaration_certificate.delay_on_commit(declaration.pk)
    return declaration


def declaration_certificate_render(*, declaration_id: int) -> bool:
    """Produce the declaration's PDF once per declaration date (idempotent)."""
    from network.pdf import render_pdf

    declaration = Declaration.objects.select_related("campaign").get(pk=declaration_id)
    if declaration.declared_on is None:
        return False
    if declaration.certificate and declaration.certificate_for == declaration.declared_on:
        return False
    pdf = render_pdf(
        template="advocacy/declaration_certificate.html",
        context={"declaration": declaration, "campaign": declaration.campaign},
        language=declaration.language,
    )
    with transaction.atomic():
        locked = Declaration.objects.select_for_update().get(pk=declaration_id)
        if locked.certificate and locked.certificate_for == locked.declared_on:
            return False
        locked.certificate.save("certificate.pdf", ContentFile(pdf), save=False)
        locked.certificate_for = locked.declared_on
        locked.save(update_fields=["certificate", "certificate_for"])
    return True

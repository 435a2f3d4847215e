"""Who at an organization hears about its certification (resolutions, certificates,
appeals): its administrators and editors, each in their language, and the
organization's own address."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from certification.models import Application, ApplicationKind, ReturnItem, current_quote
from certification.selectors import has_current_no_conflict
from network.models import Role, RoleKind
from network.outbox import email_send


def organization_recipients(organization) -> dict[str, str]:
    """{address: language} of the people an organization's certification news reaches."""
    recipients = {}
    if organization.email:
        recipients[organization.email.lower()] = settings.LANGUAGE_CODE
    for role in Role.objects.filter(
        organization=organization, kind__in=(RoleKind.ORG_ADMIN, RoleKind.ORG_EDITOR)
    ).select_related("user"):
        if role.user.is_active:
            recipients[role.user.email.lower()] = role.user.language
    return recipients


def organization_notify(*, organization, template: str, context: dict) -> int:
    """Queue `template` to each recipient, after commit (through the outbox)."""
    recipients = organization_recipients(organization)
    for address, language in recipients.items():
        email_send(
            to=address,
            template=template,
            context={"organization": organization, "site_url": settings.SITE_URL, **context},
            language=language,
        )
    return len(recipients)


COOPERATIVE, BODY = "cooperative", "body"
MOVED = "certification_application_moved"

# transition → [(who, template)]; the others: the cooperative, MOVED.
NOTICES = {
    "submit": [(BODY, "certification_to_review"), (COOPERATIVE, MOVED)],
    "resubmit": [(BODY, "certification_to_review"), (COOPERATIVE, MOVED)],
    "start_review": [(COOPERATIVE, MOVED)],
    "return": [(COOPERATIVE, "certification_returned")],
    "open_objections": [(COOPERATIVE, MOVED)],
    "accept": [(COOPERATIVE, MOVED)],
    "close_objections": [(COOPERATIVE, MOVED), (BODY, MOVED)],
    "send_quote": [(COOPERATIVE, "certification_quote_sent")],
    "accept_quote": [(COOPERATIVE, MOVED), (BODY, MOVED)],
    "reject_quote": [(BODY, MOVED)],
    "complete_self_evaluation": [(BODY, MOVED)],
    "withdraw": [(COOPERATIVE, MOVED), (BODY, MOVED)],
    # The evaluation's own emails say it (the report is ready, with its link).
    "finish_evaluation": [],
}
_DEFAULT = [(COOPERATIVE, MOVED)]


@dataclass(frozen=True)
class Recipient:
    user: object
    audience: str

    @property
    def language(self) -> str:
        languages = {code for code, _name in settings.LANGUAGES}
        return self.user.language if self.user.language in languages else settings.LANGUAGE_CODE


def move_notify(*, application: Application, transition: str, before: str, reason: str) -> int:
    """Write the emails of one move; returns how many."""
    sent = 0
    for audience, template in NOTICES.get(transition, _DEFAULT):
        if transition == "withdraw" and audience == BODY and before == Application.Status.DRAFT:
            continue  # withdrawn before filing: the body never saw it
        for recipient in recipients(application, audience):
            email_send(
                to=recipient.user.email,
                template=template,
                context=_context(application, transition, recipient, reason),
                language=recipient.language,
            )
            sent += 1
    return sent


def recipients(application: Application, audience: str) -> list[Recipient]:
    if audience == COOPERATIVE:
        roles = Role.objects.filter(
            organization=application.organization_id,
            kind__in=[RoleKind.ORG_ADMIN, RoleKind.ORG_EDITOR],
        )
    else:
        roles = Role.objects.filter(
            certification_body=application.certification_body_id,
            kind__in=[RoleKind.EVALUATOR, RoleKind.REVIEWER],
        )
    users = {}
    for role in roles.select_related("user").order_by("user__email"):
        if role.user.is_active:
            users.setdefault(role.user.pk, role.user)
    return [Recipient(user, audience) for user in users.values()]


def _context(application, transition, recipient, reason) -> dict:
    site = settings.SITE_URL.rstrip("/")
    if recipient.audience == COOPERATIVE:
        link = reverse("certification:application_detail", args=[application.pk])
        declare = ""
    else:
        link = reverse("certification:review_detail", args=[application.pk])
        cleared = has_current_no_conflict(recipient.user, application.organization)
        declare = (
            ""
            if cleared
            else site
            + reverse("certification:conflict_declare", args=[application.organization_id])
        )
    context = {
        "application": application,
        "reference": application.reference,
        "organization": application.organization.legal_name,
        "body": application.certification_body.name,
        # Lazy labels: they are read in the recipient's language when the email renders.
        "kind": ApplicationKind(application.kind).label,
        "status": Application.Status(application.status).label,
        "transition": transition,
        "audience": recipient.audience,
        "reason": reason,
        "name": recipient.user.full_name,
        "link": site + link,
        "declare_link": declare,
    }
    if transition == "return":
        items = list(ReturnItem.objects.filter(application=application, addressed_at__isnull=True))
        listed = "\n".join(f"{item.label}: {item.reason}" for item in items)
        context["items"] = items
        context["note"] = "" if reason == listed else reason
    if transition == "send_quote":
        context["quote"] = current_quote(application)
    return context


# --- Corrective actions: the cooperative's answer to a non-compliance, and its review ---

LEAD = "lead"
PROPOSED = "propose"
# event → [(who, template)]: a proposal goes to the evaluation's lead evaluator (who
# reviews it), the review (the CORRECTIVE_ACTION machine's moves) to the cooperative's
# editors and administrators (who propose another when it is rejected).
ACTION_NOTICES = {
    PROPOSED: [(LEAD, "certification_corrective_action_proposed")],
    "accept": [(COOPERATIVE, "certification_corrective_action_reviewed")],
    "reject": [(COOPERATIVE, "certification_corrective_action_reviewed")],
}


def corrective_action_notify(*, action, event: str) -> int:
    """Write the emails of one corrective-action event; returns how many."""
    finding = action.finding
    evaluation = finding.evaluation
    application = evaluation.application
    site = settings.SITE_URL.rstrip("/")
    sent = 0
    for audience, template in ACTION_NOTICES[event]:
        if audience == LEAD:
            lead = evaluation.lead_evaluator
            people = [Recipient(lead, BODY)] if lead.is_active else []
            link = reverse(
                "certification:corrective_action_review", args=[evaluation.pk, action.pk]
            )
        else:
            people = recipients(application, COOPERATIVE)
            link = reverse("certification:evaluation_detail", args=[evaluation.pk])
            link += f"#nc-{finding.pk}"
        for recipient in people:
            email_send(
                to=recipient.user.email,
                template=template,
                context={
                    "name": recipient.user.full_name,
                    "organization": application.organization.legal_name,
                    "reference": evaluation.reference,
                    "criterion": finding.criterion.code,
                    "action": action.action,
                    "responsible": action.responsible,
                    "due_on": action.due_on,
                    "accepted": action.status == action.Status.ACCEPTED,
                    "comment": action.review_comment,
                    "link": site + link,
                },
                language=recipient.language,
            )
            sent += 1
    return sent

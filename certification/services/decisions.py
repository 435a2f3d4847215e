"""The committee's resolution on an evaluated application.

Separation of duties is enforced here, so every door (the portal's page, the admin, a
shell) obeys it: the person deciding must be a committee member of the application's
certification body, cleared of conflicts for the organization (DECIDE), and not among
`people_involved(application)` (who reviewed or evaluated the file). Two members deciding
at once store one resolution: the (application, version) pair is unique and the
application's move is conditional on its state."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certification.models import (
    APPLICATION,
    CERTIFICATE,
    Application,
    Resolution,
    ResolutionOutcome,
)
from certification.selectors import (
    ApplicationCapability,
    application_capabilities,
    completeness_checklist,
    current_certificate,
    grant_refusal,
    outcomes_for,
    people_involved,
)
from certification.services.applications import application_move
from certification.services.fees import membership_fee_create
from certification.services.notices import organization_notify
from network.activity import activity_record
from network.workflow import GuardFailed, TransitionError, TransitionNotAllowed


class NotImpartial(TransitionError):
    """The person may not decide on this file (no committee role there, or involved)."""


def resolution_refusal(*, application: Application, by) -> str | None:
    """Why `by` may not decide on the application, or None."""
    if ApplicationCapability.DECIDE not in application_capabilities(by, application):
        return gettext(
            "Only a member of the certification committee of %(body)s, with no conflict of "
            "interest with the organization, decides on this file."
        ) % {"body": application.certification_body}
    if by.pk in people_involved(application):
        return gettext(
            "You took part in the review or the evaluation of this file: someone else on "
            "the committee decides on it."
        )
    return None


def _transition(outcome: str) -> str:
    return "follow_up" if outcome == ResolutionOutcome.FOLLOW_UP else "decide"


def resolution_check(
    *, application: Application, by, outcome: str, reasons: str, scope_products=(),
    scope_activities=(),
) -> None:  # fmt: skip
    """Everything that would refuse this resolution, raised before anything is written
    (the admin's form asks it too, to show the refusal as a form error)."""
    refusal = resolution_refusal(application=application, by=by)
    if refusal:
        raise NotImpartial(refusal)
    if not reasons.strip():
        raise GuardFailed(_("Give the reasons for the resolution."))
    if outcome not in dict(outcomes_for(application)):
        raise GuardFailed(_("This outcome is not possible for this file."))
    if outcome == ResolutionOutcome.GRANTED and not (scope_products and scope_activities):
        raise GuardFailed(_("A certification granted names its products and activities."))
    move = APPLICATION.by_name[_transition(outcome)]
    if application.status not in move.sources:
        raise TransitionNotAllowed(
            _("The file is “%(status)s”: the committee decides once the evaluation is finished.")
            % {"status": application.get_status_display()}
        )
    blocked = move.blocked_by(application)
    if blocked:
        raise GuardFailed(blocked)
    if outcome == ResolutionOutcome.GRANTED:
        refusal = grant_refusal(completeness_checklist(application))
        if refusal:
            raise GuardFailed(refusal)


def resolution_record(
    *,
    application: Application,
    by,
    outcome: str,
    reasons: str,
    scope_products=(),
    scope_activities=(),
) -> Resolution:
    """Record the committee's decision and move the file (decide, or follow_up for a
    follow-up evaluation); a suspension or cancellation acts on the organization's
    current certificate with the same reasons."""
    resolution_check(
        application=application, by=by, outcome=outcome, reasons=reasons,
        scope_products=scope_products, scope_activities=scope_activities,
    )  # fmt: skip
    checklist = [line.as_dict() for line in completeness_checklist(application)]
    with transaction.atomic():
        try:
            with transaction.atomic():
                resolution = Resolution.objects.create(
                    application=application,
                    application_version=application.version,
                    outcome=outcome,
                    reasons=reasons.strip(),
                    scope_activities=list(scope_activities),
                    checklist=checklist,
                    decided_by=by,
                )
        except IntegrityError:
            raise TransitionNotAllowed(
                _("A resolution on this file was recorded meanwhile; reload the page.")
            ) from None
        resolution.scope_products.set(scope_products)
        application_move(
            application=application,
            transition=_transition(outcome),
            by=by,
            reason=reasons.strip(),
            details={"outcome": outcome},
        )
        _act_on_certificate(resolution, by=by)
        membership_fee_create(resolution=resolution)  # granted: the year's fee falls due
        activity_record(
            actor=by,
            verb="resolution.recorded",
            target=resolution,
            scope=application.organization,
            changes={"outcome": [None, outcome]},
            reason=reasons.strip(),
        )
        organization_notify(
            organization=application.organization,
            template="certification_resolution",
            context={
                "resolution": resolution,
                "url": reverse("certification:resolution_detail", args=[resolution.pk]),
            },
        )
    return resolution


def _act_on_certificate(resolution: Resolution, *, by) -> None:
    from certification.services.certificates import certificate_move

    transition = {
        ResolutionOutcome.SUSPENDED: "suspend",
        ResolutionOutcome.CANCELLED: "cancel",
    }.get(resolution.outcome)
    if transition is None:
        return
    certificate = current_certificate(resolution.application.organization)
    if certificate is None or not CERTIFICATE.can(certificate, transition):
        raise GuardFailed(_("The organization holds no certificate this resolution acts on."))
    certificate_move(
        certificate=certificate, transition=transition, by=by, reason=resolution.reasons,
        check_capability=False,
    )  # fmt: skip

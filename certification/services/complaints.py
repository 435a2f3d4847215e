"""Complaints and appeals: filed, acknowledged by email with their reference, assigned
to someone not involved in what they dispute, closed with an outcome the complainant
reads (by email, and on the complaint's private page or the organization's appeal page).

The assignment rule is enforced here (`people_excluded_from`), like the committee's
separation of duties, so no page or admin can get round it."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import APPEAL, COMPLAINT, Appeal, Complaint, Resolution
from certification.selectors import case_capabilities, people_excluded_from
from certification.selectors.complaints import token_hash
from network.activity import activity_record
from network.models import RoleKind
from network.models.roles import CERTIFICATION_KINDS
from network.outbox import email_send
from network.selectors import organization_roles, roles_of
from network.workflow import GuardFailed


def _machine(case):
    return APPEAL if isinstance(case, Appeal) else COMPLAINT


def case_url(case, token: str = "") -> str:
    """Where the person who raised the case follows it."""
    if isinstance(case, Appeal):
        path = reverse("certification:appeal_detail", args=[case.pk])
    else:
        path = reverse("certification:complaint_track", args=[token])
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def complaint_file(
    *,
    about: str,
    text: str,
    email: str,
    name: str = "",
    organization=None,
    certification_body=None,
    language: str = settings.LANGUAGE_CODE,
) -> tuple[Complaint, str]:
    """A complaint from anyone (no account needed); returns it and its private token,
    which only the acknowledgement email and the redirect carry."""
    token = secrets.token_urlsafe(24)
    complaint = COMPLAINT.create(
        about=about,
        organization=organization if about == Complaint.About.ORGANIZATION else None,
        certification_body=(
            certification_body if about == Complaint.About.CERTIFICATION_BODY else None
        ),
        text=text.strip(),
        name=name.strip(),
        email=email,
        language=language,
        token_hash=token_hash(token),
    )
    activity_record(actor=None, verb="complaint.received", target=complaint)
    email_send(
        to=email,
        template="certification_case_received",
        context={
            "case": complaint,
            "reference": complaint.reference,
            "url": case_url(complaint, token),
        },
        language=language,
    )
    return complaint, token


def appeal_refusal(*, resolution: Resolution, by) -> str | None:
    """Only the organization's own administrators and editors appeal its resolutions."""
    organization_id = resolution.application.organization_id
    if organization_roles(by).get(organization_id) not in (RoleKind.ORG_ADMIN, RoleKind.ORG_EDITOR):
        return _("Only the organization's administrators and editors appeal a resolution.")
    return None


@transaction.atomic
def appeal_file(*, resolution: Resolution, by, grounds: str) -> Appeal:
    """The organization appeals a resolution; acknowledged to the person filing it."""
    refusal = appeal_refusal(resolution=resolution, by=by)
    if refusal:
        raise PermissionDenied(refusal)
    if not grounds.strip():
        raise GuardFailed(_("Give the grounds of the appeal."))
    organization = resolution.application.organization
    appeal = APPEAL.create(
        resolution=resolution,
        organization=organization,
        grounds=grounds.strip(),
        filed_by=by,
        language=by.language,
    )
    activity_record(actor=by, verb="appeal.filed", target=appeal, scope=organization)
    email_send(
        to=by.email,
        template="certification_case_received",
        context={"case": appeal, "reference": appeal.reference, "url": case_url(appeal)},
        language=by.language,
    )
    return appeal


def may_handle(person) -> bool:
    """Network staff and certification-body people handle cases."""
    return any(
        role.kind in (RoleKind.NETWORK_STAFF, *CERTIFICATION_KINDS) for role in roles_of(person)
    )


def case_assign(*, case, by, assignee) -> None:
    """Network-wide staff give the case to someone not involved in what it disputes."""
    if "assign" not in case_capabilities(by, case):
        raise PermissionDenied
    if not may_handle(assignee) or not assignee.is_active:
        raise GuardFailed(_("Cases are handled by network staff or certification-body people."))
    if assignee.pk in people_excluded_from(case):
        raise GuardFailed(
            _("%(person)s is involved in what this case disputes; choose someone else.")
            % {"person": assignee}
        )
    with transaction.atomic():
        _machine(case).move(
            case, "assign", by=by, details={"assignee": str(assignee)},
            assignee=assignee, assigned_at=timezone.now(),
        )  # fmt: skip
        email_send(
            to=assignee.email,
            template="certification_case_assigned",
            context={
                "case": case,
                "reference": case.reference,
                "url": settings.SITE_URL.rstrip("/") + _staff_path(case),
            },
            language=assignee.language,
        )


def _staff_path(case) -> str:
    name = "appeal_detail" if isinstance(case, Appeal) else "complaint_detail"
    return reverse(f"certification:{name}", args=[case.pk])


def case_close(*, case, by, outcome: str) -> None:
    """The person handling the case closes it with its outcome; whoever raised it is told."""
    if "close" not in case_capabilities(by, case):
        raise PermissionDenied
    with transaction.atomic():
        _machine(case).move(
            case, "close", by=by, reason=outcome, outcome=outcome.strip(), closed_at=timezone.now()
        )
        if isinstance(case, Appeal):
            to, url = case.filed_by.email, case_url(case)
        else:
            to, url = case.email, ""  # the private link is in the acknowledgement only
        email_send(
            to=to,
            template="certification_case_closed",
            context={
                "case": case,
                "reference": case.reference,
                "outcome": case.outcome,
                "url": url,
            },
            language=case.language,
        )

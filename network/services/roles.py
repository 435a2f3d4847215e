"""How people receive and lose roles: invitations by email to any role (an
organization's, the network's staff, a certification body's), accepting them, and
revoking staff and certification-body roles. An organization's administrators change
and remove its own roles (producers.services.people)."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from network.activity import activity_record
from network.models import CountryNetwork, Invitation, Role, User
from network.models.roles import ORGANIZATION_KINDS
from network.outbox import email_send
from network.selectors import roles_forget

INVITATION_VALIDITY = timedelta(days=14)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "network:invitation_accept", kwargs={"token": token}
    )


def invitation_create(
    *,
    by,
    email: str,
    kind: str,
    organization=None,
    country_network=None,
    certification_body=None,
    language: str = settings.LANGUAGE_CODE,
) -> tuple[Invitation, str]:
    """Offer a role by email. Returns the invitation and the raw token (only in the
    emailed link; the database keeps its hash). Earlier open invitations of the same
    address to the same place are revoked."""
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    scope = {
        "organization": organization,
        "country_network": country_network,
        "certification_body": certification_body,
    }
    with transaction.atomic():
        Invitation.objects.filter(
            email=email, accepted_at__isnull=True, revoked_at__isnull=True, **scope
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            kind=kind,
            token_hash=_hash(token),
            invited_by=by if getattr(by, "is_authenticated", False) else None,
            language=language,
            expires_at=now + INVITATION_VALIDITY,
            **scope,
        )
        activity_record(
            actor=by,
            verb="invitation.sent",
            target=invitation,
            scope=organization or invitation.scope or invitation,
            changes={"email": [None, email], "role": [None, kind]},
        )
        email_send(
            to=email,
            template="invitation",
            context={
                "invitation": invitation,
                "url": invitation_url(token),
                "inviter": str(by) if getattr(by, "is_authenticated", False) else "",
                "place": _place(invitation, language),
                "site_url": settings.SITE_URL,
            },
            language=language,
        )
    return invitation, token


def _place(invitation: Invitation, language: str) -> str:
    """Where the role is, in the invitation's language ("the whole network" is a phrase)."""
    with translation.override(language):
        return invitation.scope_label


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization", "country_network", "certification_body")
        .filter(token_hash=_hash(token))
        .first()
    )


class InvitationError(ValidationError):
    pass


def invitation_accept(*, invitation: Invitation, user) -> Role:
    """The invited person takes up the role, on their own (signed-in) account."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(_("This invitation is no longer valid."), code="closed")
        if user.email.lower() != invitation.email.lower():
            raise InvitationError(
                _("This invitation was sent to another email address."), code="other_email"
            )
        scope = {
            "organization": invitation.organization,
            "country_network": invitation.country_network,
            "certification_body": invitation.certification_body,
        }
        if invitation.organization is not None:
            role, _created = Role.objects.update_or_create(
                user=user,
                organization=invitation.organization,
                defaults={"kind": invitation.kind, "granted_by": invitation.invited_by},
            )
        else:
            role, _created = Role.objects.get_or_create(
                user=user,
                kind=invitation.kind,
                defaults={"granted_by": invitation.invited_by},
                **scope,
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)
        activity_record(
            actor=user,
            verb="invitation.accepted",
            target=role,
            scope=invitation.organization or role.scope or role,
            changes={"role": [None, invitation.kind]},
        )
    roles_forget(user)
    return role


def invitation_accept_with_new_account(
    *, invitation: Invitation, full_name: str, password: str, language: str
) -> Role:
    """Accepting creates the account: the emailed link proved the address. Returns the
    role (its `user` is the new account)."""
    with transaction.atomic():
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                _("An account with this email address exists: sign in to accept."),
                code="account_exists",
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name, language=language
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return invitation_accept(invitation=invitation, user=user)


def invitation_revoke(*, invitation: Invitation, by) -> None:
    with transaction.atomic():
        updated = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if updated:
            activity_record(
                actor=by,
                verb="invitation.revoked",
                target=invitation,
                scope=invitation.scope or invitation,
                changes={"email": [invitation.email, None]},
            )


def role_revoke(*, role: Role, by, reason: str) -> None:
    """Take a staff or certification-body role away, saying why. Nobody revokes their
    own role (so the last network-wide staff member cannot lock everyone out)."""
    with transaction.atomic():
        role = (
            Role.objects.select_for_update(of=("self",))
            .select_related("user", "country_network", "certification_body")
            .filter(pk=role.pk)
            .first()
        )
        if role is None:
            return  # revoked meanwhile: nothing left to do
        if role.kind in ORGANIZATION_KINDS:
            raise ValidationError(
                _("Roles in an organization are managed by its administrators."), code="kind"
            )
        if role.user_id == getattr(by, "pk", None):
            raise ValidationError(_("You cannot revoke your own role."), code="own_role")
        activity_record(
            actor=by,
            verb="role.revoked",
            target=role,
            scope=role.scope or role,
            changes={
                "person": [role.user.email, None],
                "role": [role.kind, None],
                "place": [role.scope_label, None],
            },
            reason=reason,
        )
        if role.country_network_id and role.country_network.coordinator_id == role.user_id:
            CountryNetwork.objects.filter(pk=role.country_network_id).update(coordinator=None)
        role.delete()
    roles_forget(role.user)

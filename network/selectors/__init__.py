"""Reads of the network app: a user's roles and the scopes they give."""

from django.db.models import Count, Q

from network.models import (
    CertificationBody,
    CountryNetwork,
    Invitation,
    Notification,
    OutboxMessage,
    ProductNetwork,
    ReminderClaim,
    ReminderOptOut,
    Role,
    RoleKind,
    User,
)
from network.models.roles import CERTIFICATION_KINDS, ORGANIZATION_KINDS

_CACHE_ATTR = "_minga_roles"


def roles_of(user) -> list[Role]:
    """The user's roles, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Role.objects.filter(user=user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def roles_forget(user) -> None:
    """Drop the cached roles after they changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_network_wide_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(
        role.kind == RoleKind.NETWORK_STAFF and role.country_network_id is None
        for role in roles_of(user)
    )


def staff_country_network_ids(user) -> set[int]:
    """Country networks the user works for as staff (empty for network-wide staff)."""
    return {
        role.country_network_id
        for role in roles_of(user)
        if role.kind == RoleKind.NETWORK_STAFF and role.country_network_id is not None
    }


def has_staff_role(user) -> bool:
    return any(role.kind == RoleKind.NETWORK_STAFF for role in roles_of(user))


def has_certification_role(user) -> bool:
    return any(role.kind in CERTIFICATION_KINDS for role in roles_of(user))


def organization_roles(user) -> dict[int, str]:
    """{organization id: role kind} of the user's organization roles."""
    return {
        role.organization_id: role.kind
        for role in roles_of(user)
        if role.kind in ORGANIZATION_KINDS
    }


def certification_body_ids(user, *kinds) -> set[int]:
    kinds = kinds or CERTIFICATION_KINDS
    return {role.certification_body_id for role in roles_of(user) if role.kind in kinds}


# --- The network's structure and its people, scoped ------------------------------------
# Network-wide staff see all of it; country staff their own country network and its
# staff; everyone else none of it (views answer 404 for an object, 403 for a list).


def country_networks_visible_to(user):
    if is_network_wide_staff(user):
        return CountryNetwork.objects.all()
    return CountryNetwork.objects.filter(pk__in=staff_country_network_ids(user))


def product_networks_visible_to(user):
    if is_network_wide_staff(user) or has_staff_role(user):
        return ProductNetwork.objects.all()
    return ProductNetwork.objects.none()


def certification_bodies_visible_to(user):
    if is_network_wide_staff(user) or has_staff_role(user):
        return CertificationBody.objects.all()
    return CertificationBody.objects.none()


def _network_scope(user):
    """Which roles or invitations outside organizations the user may see and manage."""
    if is_network_wide_staff(user):
        return Q(organization__isnull=True)
    countries = staff_country_network_ids(user)
    if not countries:
        return None
    return Q(kind=RoleKind.NETWORK_STAFF, country_network_id__in=countries)


def network_roles_visible_to(user):
    """Staff and certification-body roles (never organization roles)."""
    scope = _network_scope(user)
    if scope is None:
        return Role.objects.none()
    return Role.objects.filter(scope)


def network_invitations_visible_to(user):
    scope = _network_scope(user)
    if scope is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(scope)


# --- Outgoing email ----------------------------------------------------------------------
# Everyone the portal writes to, from every country: network-wide staff only.


def outbox_visible_to(user):
    if is_network_wide_staff(user):
        return OutboxMessage.objects.all()
    return OutboxMessage.objects.none()


def can_manage_outbox(user) -> bool:
    """Who follows delivery and sends failed emails again."""
    return is_network_wide_staff(user)


# What staff follow: messages given up on, and those waiting for an attempt.
OUTBOX_PROBLEMS = {
    OutboxMessage.Status.FAILED: ["-claimed_at", "-pk"],
    OutboxMessage.Status.PENDING: ["next_attempt_at", "pk"],
}


def outbox_problems(user, *, status: str):
    """Failed messages, last failed first, or pending ones, next due first (erased
    messages are not delivery problems)."""
    return (
        outbox_visible_to(user)
        .filter(status=status)
        .exclude(to=OutboxMessage.ERASED_TO)
        .defer("body_text", "body_html", "headers")
        .order_by(*OUTBOX_PROBLEMS[status])
    )


def outbox_problem_counts(user) -> dict[str, int]:
    counts = dict.fromkeys(OUTBOX_PROBLEMS, 0)
    rows = (
        outbox_visible_to(user)
        .filter(status__in=list(OUTBOX_PROBLEMS))
        .exclude(to=OutboxMessage.ERASED_TO)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


# --- Notifications and reminders (network/reminders.py) -------------------------------


def notifications_of(user):
    """A person's own notifications, newest first: nobody sees anyone else's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def notifications_unread_count(user) -> int:
    """The header's count: one count over a partial index."""
    return notifications_of(user).filter(read_at=None).count()


def reminder_opt_outs(recipient_key: str) -> set[str]:
    """Families of optional reminders the recipient turned off."""
    return set(
        ReminderOptOut.objects.filter(recipient=recipient_key).values_list("family", flat=True)
    )


def can_follow_reminders(user) -> bool:
    """Who sees every reminder sent and to come, for everyone: network-wide staff."""
    return is_network_wide_staff(user)


def reminders_sent_visible_to(user):
    """The ledger, newest first, with each email's delivery status."""
    if not can_follow_reminders(user):
        return ReminderClaim.objects.none()
    return ReminderClaim.objects.select_related("outbox_message", "user").defer(
        "outbox_message__body_text",
        "outbox_message__body_html",
        "outbox_message__headers",
        "outbox_message__context",
    )


def reminder_emails_failed(user) -> int:
    return (
        reminders_sent_visible_to(user)
        .filter(outbox_message__status=OutboxMessage.Status.FAILED)
        .count()
    )

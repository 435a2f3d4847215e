from network.models import Notification, OutboxMessage
from network.reminders import unsubscribe_token
from tests.matrix import ANONYMOUS, COOP_A_ADMIN, LOGIN, NETWORK_STAFF, OTHER_COUNTRY_STAFF, Route


def build(world) -> dict:
    failed = OutboxMessage.objects.create(
        to="someone@example.org", from_email="minga@example.org", subject="Hola",
        body_text="Hola", template="welcome", status=OutboxMessage.Status.FAILED,
        attempts=1, last_error="550 5.1.1 Unknown recipient",
    )  # fmt: skip
    notification = Notification.objects.create(
        user=world.users[COOP_A_ADMIN], rule="certification.draft_idle",
        template="reminder_application_draft_idle", context={"reference": "SPS-000001"},
        url="/dashboard/",
    )  # fmt: skip
    return {"failed_email": failed, "notification": notification}


# Outgoing email concerns everyone the portal writes to: network-wide staff only; so do
# the forms that add to the network's structure.
NETWORK_WIDE_ONLY = {ANONYMOUS: LOGIN, NETWORK_STAFF: 200, "*": 403}
# The network's own pages. Their objects (Peru's country network and one of its staff
# with an open invitation, the coffee network, a certification body, an invitation's
# token) come with the personas' roles from tests/producers/matrix.py.
STAFF_ONLY = {ANONYMOUS: LOGIN, OTHER_COUNTRY_STAFF: 200, NETWORK_STAFF: 200, "*": 403}
# Objects of the network seen by staff: Peru's are outside the other country's staff scope.
PERU_ONLY = {ANONYMOUS: LOGIN, NETWORK_STAFF: 200, "*": 404}
STAFF_SEE = {ANONYMOUS: LOGIN, OTHER_COUNTRY_STAFF: 200, NETWORK_STAFF: 200, "*": 404}
STAFF_SEE_NETWORK_WIDE_EDIT = {
    ANONYMOUS: LOGIN,
    OTHER_COUNTRY_STAFF: 403,
    NETWORK_STAFF: 200,
    "*": 404,
}


def pk_of(name):
    return lambda objects: {"pk": objects[name].pk}


ROUTES = {
    "network:home": Route(expect={"*": 200}),
    "network:healthz": Route(expect={"*": (200, 503)}),
    "network:dashboard": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "network:profile": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "network:set_language": Route(
        method="post", data=lambda objects: {"language": "en", "next": "/"}, expect={"*": 302}
    ),
    "network:outbox_list": Route(expect=NETWORK_WIDE_ONLY),
    "network:outbox_retry": Route(
        method="post",
        kwargs=lambda objects: {"pk": objects["failed_email"].pk},
        expect={ANONYMOUS: LOGIN, NETWORK_STAFF: 302, "*": 404},
    ),
    "network:outbox_retry_failed": Route(
        method="post", expect={ANONYMOUS: LOGIN, NETWORK_STAFF: 302, "*": 403}
    ),
    "network:invitation_accept": Route(
        kwargs=lambda objects: {"token": objects["invitation_token"]}, expect={"*": 200}
    ),
    "network:country_network_list": Route(expect=STAFF_ONLY),
    "network:country_network_add": Route(expect=NETWORK_WIDE_ONLY),
    "network:country_network_detail": Route(kwargs=pk_of("peru"), expect=PERU_ONLY),
    "network:country_network_edit": Route(kwargs=pk_of("peru"), expect=PERU_ONLY),
    "network:product_network_list": Route(expect=STAFF_ONLY),
    "network:product_network_add": Route(expect=NETWORK_WIDE_ONLY),
    "network:product_network_detail": Route(kwargs=pk_of("coffee"), expect=STAFF_SEE),
    "network:product_network_edit": Route(
        kwargs=pk_of("coffee"), expect=STAFF_SEE_NETWORK_WIDE_EDIT
    ),
    "network:staff_list": Route(expect=STAFF_ONLY),
    "network:certification_body_list": Route(expect=STAFF_ONLY),
    "network:certification_body_add": Route(expect=NETWORK_WIDE_ONLY),
    "network:certification_body_detail": Route(
        kwargs=pk_of("certification_body"), expect=STAFF_SEE
    ),
    "network:certification_body_edit": Route(
        kwargs=pk_of("certification_body"), expect=STAFF_SEE_NETWORK_WIDE_EDIT
    ),
    "network:role_revoke": Route(kwargs=pk_of("peru_staff_role"), expect=PERU_ONLY),
    "network:invitation_revoke": Route(kwargs=pk_of("staff_invitation"), expect=PERU_ONLY),
    # Notifications: each person's own; someone else's notification does not exist.
    "network:notifications": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "network:notifications_read_all": Route(method="post", expect={ANONYMOUS: LOGIN, "*": 302}),
    "network:notification_read": Route(
        method="post",
        kwargs=lambda objects: {"pk": objects["notification"].pk},
        expect={ANONYMOUS: LOGIN, COOP_A_ADMIN: 302, "*": 404},
    ),
    "network:notification_settings": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    # The emailed one-click link works for whoever holds it (no sign-in in a mail client).
    "network:reminders_unsubscribe": Route(
        kwargs=lambda objects: {"token": unsubscribe_token("user:1", "application_drafts")},
        expect={"*": 200},
    ),
    "network:reminders": Route(expect=NETWORK_WIDE_ONLY),
}

# The Django admin: only staff who signed in through the site's login (with MFA) get in;
# a signed-in non-staff person is refused by the admin's login (403). NETWORK_STAFF is
# the only persona with is_staff (see build_world); without model permissions the
# admin's model pages are 403 for them too.
ADMIN = {ANONYMOUS: LOGIN, NETWORK_STAFF: 200, "*": 403}
OTHER_ROUTES = {
    "admin:index": Route(expect=ADMIN, follow=True),
    "admin:login": Route(expect=ADMIN, follow=True),
    "admin:network_role_changelist": Route(expect={ANONYMOUS: LOGIN, "*": 403}, follow=True),
    "admin:password_change": Route(expect=ADMIN, follow=True),
}

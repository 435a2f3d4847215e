from network.models import OutboxMessage
from tests.matrix import ANONYMOUS, LOGIN, NETWORK_STAFF, Route


def build(world) -> dict:
    failed = OutboxMessage.objects.create(
        to="someone@example.org", from_email="minga@example.org", subject="Hola",
        body_text="Hola", template="welcome", status=OutboxMessage.Status.FAILED,
        attempts=1, last_error="550 5.1.1 Unknown recipient",
    )  # fmt: skip
    return {"failed_email": failed}


# Outgoing email concerns everyone the portal writes to: network-wide staff only.
NETWORK_WIDE_ONLY = {ANONYMOUS: LOGIN, NETWORK_STAFF: 200, "*": 403}

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

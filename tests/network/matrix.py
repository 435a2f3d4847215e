from tests.matrix import ANONYMOUS, LOGIN, NETWORK_STAFF, Route


def build(world) -> dict:
    return {}


ROUTES = {
    "network:home": Route(expect={"*": 200}),
    "network:healthz": Route(expect={"*": (200, 503)}),
    "network:dashboard": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "network:profile": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "network:set_language": Route(
        method="post", data=lambda objects: {"language": "en", "next": "/"}, expect={"*": 302}
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

"""Every URL pattern of our apps × every persona, against tenant A's objects: 404
outside scope, 403 without capability, never someone else's data (see tests/matrix.py).
"""

from importlib import import_module

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.fixtures.personas import make_user
from tests.matrix import (
    ANONYMOUS,
    EVALUATOR,
    LOGIN,
    NETWORK_STAFF,
    OTHER_COUNTRY_STAFF,
    PERSONAS,
    World,
)

APPS = ["network", "producers", "certification", "advocacy"]


def _matrix_module(app):
    try:
        return import_module(f"tests.{app}.matrix")
    except ModuleNotFoundError:
        return None


ROUTES = {}
for _app in APPS:
    _module = _matrix_module(_app)
    if _module is not None:
        ROUTES.update(_module.ROUTES)
        ROUTES.update(getattr(_module, "OTHER_ROUTES", {}))  # not ours, but we answer for them


def our_url_names(resolver=None, namespace=None):
    """Names of the URL patterns whose views are ours (not allauth's or admin's)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from our_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.lookup_str.split(".")[0] in APPS:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(our_url_names()) - set(ROUTES))
    assert missing == [], f"add these URL names to tests/<app>/matrix.py: {missing}"


def build_world() -> World:
    """Personas for every role; apps' matrix.build() may give them roles and objects."""
    world = World()
    for persona in PERSONAS[1:]:
        world.users[persona] = make_user(f"{persona}@example.org", full_name=persona)
    staff = world.users[NETWORK_STAFF]
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    for persona in (NETWORK_STAFF, OTHER_COUNTRY_STAFF, EVALUATOR):
        TOTP.activate(world.users[persona], generate_totp_secret())
    for app in APPS:
        module = _matrix_module(app)
        if module is not None:
            world.objects.update(module.build(world) or {})
    return world


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("url_name", sorted(ROUTES))
def test_each_persona_gets_what_the_matrix_says(url_name, world, client):
    route = ROUTES[url_name]
    url = reverse(url_name, kwargs=route.kwargs(world.objects))
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != ANONYMOUS:
            client.force_login(world.users[persona])
        send = getattr(client, route.method)
        if route.method == "post":
            response = send(url, route.data(world.objects), follow=route.follow)
        else:
            response = send(url, follow=route.follow)
        expected = route.expected_for(persona)
        got = response.status_code
        if expected == LOGIN and route.follow:
            ok = got == 200 and response.redirect_chain[-1][0].startswith(reverse("account_login"))
        elif expected == LOGIN:
            ok = got == 302 and response["Location"].startswith(reverse("account_login"))
        elif isinstance(expected, tuple):
            ok = got in expected
        else:
            ok = got == expected
        if not ok:
            failures.append(f"{persona}: expected {expected}, got {got}")
    assert failures == [], f"{url_name} ({url}): " + "; ".join(failures)

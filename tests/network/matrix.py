from tests.matrix import ANONYMOUS, LOGIN, Route


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

"""The permission matrix's contract: every URL pattern of our apps is declared here,
with what each persona must get when they try it against coop A's objects.

Each app keeps its routes in tests/<app>/matrix.py:

    def build(world) -> dict:          # create the app's objects of tenant A, return them
        return {"campaign": CampaignFactory(...)}

    ROUTES = {
        "advocacy:campaign_edit": Route(
            kwargs=lambda objects: {"slug": objects["campaign"].slug},
            expect={ANONYMOUS: LOGIN, NETWORK_STAFF: 200, "*": 404},
        ),
    }

`expect` maps persona names (or "*" for everyone else) to a status code, or LOGIN for
"redirected to the login page". A URL pattern with no Route fails the suite.
A Route with `follow=True` is judged by where its redirects end (the admin's pages pass
through /admin/login/ before the site's login).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
COOP_A_ADMIN = "coop_a_admin"
COOP_A_VIEWER = "coop_a_viewer"
COOP_B_ADMIN = "coop_b_admin"
EVALUATOR = "evaluator"
OTHER_COUNTRY_STAFF = "other_country_staff"
NETWORK_STAFF = "network_staff"
PERSONAS = [
    ANONYMOUS,
    COOP_A_ADMIN,
    COOP_A_VIEWER,
    COOP_B_ADMIN,
    EVALUATOR,
    OTHER_COUNTRY_STAFF,
    NETWORK_STAFF,
]
LOGIN = "login"


@dataclass(frozen=True)
class Route:
    expect: dict
    kwargs: Callable[[dict], dict] = lambda objects: {}
    method: str = "get"
    data: Callable[[dict], dict] = lambda objects: {}
    follow: bool = False

    def expected_for(self, persona: str):
        return self.expect.get(persona, self.expect.get("*"))


@dataclass
class World:
    """The personas (users by name) and the objects each app built for tenant A."""

    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

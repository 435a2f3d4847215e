"""Routes of the certification app in the permission matrix (see tests/matrix.py).

The evaluator persona works for a certification body (tests/producers/matrix.py gives
the role); only certification-body people use the conflict-of-interest pages."""

import datetime

from django.utils import timezone

from tests.certification.factories import load_standard_file
from tests.matrix import (
    ANONYMOUS,
    COOP_A_ADMIN,
    EVALUATOR,
    LOGIN,
    Route,
)


def build(world) -> dict:
    standard = load_standard_file("sps-spo-1.yaml")
    return {"standard": standard, **_build_objself(world, standard)}


CERTIFICATION_PEOPLE = {ANONYMOUS: LOGIN, EVALUATOR: 200, "*": 403}

ROUTES = {
    "certification:standard": Route(expect={"*": 200}),
    "certification:standard_version": Route(
        kwargs=lambda objects: {
            "code": objects["standard"].code,
            "label": objects["standard"].label,
        },
        expect={"*": 200},
    ),
    "certification:conflict_list": Route(expect=CERTIFICATION_PEOPLE),
    "certification:conflict_declare": Route(
        kwargs=lambda objects: {"organization_pk": objects["coop_a"].pk},
        expect=CERTIFICATION_PEOPLE,
    ),
}


# --- objself: the objection period -----------------------------------------------------


def _build_objself(world, standard) -> dict:
    """Coop A's initial application in its objection period, addressed to the matrix's
    body, whose evaluator declared no conflict with coop A."""
    from certification.models import Application
    from tests.certification.factories import ApplicationFactory, ConflictDeclarationFactory

    coop_a, body = world.objects["coop_a"], world.objects["certification_body"]
    ConflictDeclarationFactory(person=world.users[EVALUATOR], organization=coop_a)
    today = timezone.localdate()
    common = {"organization": coop_a, "certification_body": body, "standard_version": standard,
              "created_by": world.users[COOP_A_ADMIN]}  # fmt: skip
    in_objection_period = ApplicationFactory(
        **common,
        status=Application.Status.OBJECTION_PERIOD,
        objection_starts_on=today,
        objection_ends_on=today + datetime.timedelta(days=15),
    )
    return {"application_in_objection_period": in_objection_period}


ROUTES.update(
    {
        "certification:objection_list": Route(expect={"*": 200}),
        "certification:objection_create": Route(
            kwargs=lambda objects: {"pk": objects["application_in_objection_period"].pk},
            expect={"*": 200},
        ),
        "certification:objection_sent": Route(expect={"*": 200}),
    }
)

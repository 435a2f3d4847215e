"""Routes of the certification app in the permission matrix (see tests/matrix.py).

The evaluator persona works for a certification body (tests/producers/matrix.py gives
the role); only certification-body people use the conflict-of-interest pages."""

import datetime

from django.utils import timezone

from tests.certification.factories import load_standard_file
from tests.matrix import (
    ANONYMOUS,
    COOP_A_ADMIN,
    COOP_A_VIEWER,
    EVALUATOR,
    LOGIN,
    NETWORK_STAFF,
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


# --- objself: the objection period and the self-evaluation ----------------------------


def _build_objself(world, standard) -> dict:
    """Coop A's initial application in its objection period, and one in self-evaluation,
    both addressed to the matrix's body, whose evaluator declared no conflict with coop A."""
    from certification.models import Application
    from certification.selectors import self_evaluation_criteria
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
    in_self_evaluation = ApplicationFactory(**common, status=Application.Status.SELF_EVALUATION)
    return {
        "application_in_objection_period": in_objection_period,
        "application_in_self_evaluation": in_self_evaluation,
        "self_evaluation_criterion": self_evaluation_criteria(in_self_evaluation).first(),
    }


def _stored_answer_version(objects) -> str:
    """The answer's version as the form would carry it, read anew for each persona (an
    earlier persona's save moved it on)."""
    from certification.models import SelfEvaluationAnswer

    version = (
        SelfEvaluationAnswer.objects.filter(
            application=objects["application_in_self_evaluation"],
            criterion=objects["self_evaluation_criterion"],
        )
        .values_list("version", flat=True)
        .first()
    )
    return "" if version is None else str(version)


def _answer_data(objects) -> dict:
    prefix = f"c{objects['self_evaluation_criterion'].pk}"
    return {f"{prefix}-verdict": "complies", f"{prefix}-version": _stored_answer_version(objects)}


def _in_self_evaluation(objects) -> dict:
    return {"pk": objects["application_in_self_evaluation"].pk}


SELF_EVALUATION_READERS = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 200, COOP_A_VIEWER: 200,
                           EVALUATOR: 200, NETWORK_STAFF: 200, "*": 404}  # fmt: skip
# The organization's editors and administrators answer (network staff may manage); the
# viewer and the body read.
SELF_EVALUATION_WRITERS = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 302, COOP_A_VIEWER: 403,
                           EVALUATOR: 403, NETWORK_STAFF: 302, "*": 404}  # fmt: skip

ROUTES.update(
    {
        "certification:objection_list": Route(expect={"*": 200}),
        "certification:objection_create": Route(
            kwargs=lambda objects: {"pk": objects["application_in_objection_period"].pk},
            expect={"*": 200},
        ),
        "certification:objection_sent": Route(expect={"*": 200}),
        "certification:self_evaluation": Route(
            kwargs=_in_self_evaluation, expect=SELF_EVALUATION_READERS
        ),
        "certification:self_evaluation_section": Route(
            kwargs=lambda objects: {
                **_in_self_evaluation(objects),
                "section": objects["self_evaluation_criterion"].section.code,
            },
            expect=SELF_EVALUATION_READERS,
        ),
        "certification:self_evaluation_answer": Route(
            kwargs=lambda objects: {
                **_in_self_evaluation(objects),
                "criterion_pk": objects["self_evaluation_criterion"].pk,
            },
            method="post",
            data=_answer_data,
            expect=SELF_EVALUATION_WRITERS,
        ),
        # Refused (critical criteria unanswered): the overview lists them, 200.
        "certification:self_evaluation_complete": Route(
            kwargs=_in_self_evaluation,
            method="post",
            expect={**SELF_EVALUATION_WRITERS, COOP_A_ADMIN: 200, NETWORK_STAFF: 200},
        ),
    }
)

"""Routes of the certification app in the permission matrix (see tests/matrix.py).

The evaluator persona works for a certification body (tests/producers/matrix.py gives
the role); only certification-body people use the conflict-of-interest pages."""

from tests.certification.factories import load_standard_file
from tests.matrix import ANONYMOUS, EVALUATOR, LOGIN, Route


def build(world) -> dict:
    return {"standard": load_standard_file("sps-spo-1.yaml")}


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

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


# --- Part 3 (cert): resolutions, certificates, register, complaints and appeals -------

from django.core.files.base import ContentFile  # noqa: E402

from tests.matrix import (  # noqa: E402
    COOP_A_ADMIN,
    COOP_A_VIEWER,
    COOP_B_ADMIN,
    NETWORK_STAFF,
    OTHER_COUNTRY_STAFF,
)

_build_standard = build


def build(world) -> dict:  # noqa: F811 - extends the build above
    from certification.models import Application, Complaint
    from certification.services.complaints import complaint_file
    from tests.certification.factories import (
        AppealFactory,
        ApplicationFactory,
        CertificateFactory,
        ResolutionFactory,
        evaluated_file,
        shared_test_version,
    )
    from tests.producers.factories import CertificationBodyFactory

    objects = _build_standard(world)
    coop_a = world.objects["coop_a"]
    body = CertificationBodyFactory()  # the evaluator persona's
    decided = {
        "organization": coop_a,
        "certification_body": body,
        "status": Application.Status.DECIDED,
        "standard_version": shared_test_version(),
    }
    certificate = CertificateFactory(
        user_agreement__resolution__application=ApplicationFactory(**decided)
    )
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    complaint, token = complaint_file(
        about=Complaint.About.ORGANIZATION, text="Venden café que no es suyo.",
        email="witness@example.org", organization=coop_a,
    )  # fmt: skip
    return {
        **objects,
        "evaluated": evaluated_file(organization=coop_a, certification_body=body),
        "resolution": certificate.resolution,
        "pending_resolution": ResolutionFactory(application=ApplicationFactory(**decided)),
        "certificate": certificate,
        "complaint": complaint,
        "complaint_token": token,
        "appeal": AppealFactory(resolution=certificate.resolution),
    }


OUTSIDE = {COOP_B_ADMIN: 404, EVALUATOR: 404, OTHER_COUNTRY_STAFF: 404}
FILE_READERS = {ANONYMOUS: LOGIN, **OUTSIDE, "*": 200}
COOP_ADMIN_ONLY = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 200, **OUTSIDE, "*": 403}
DESK_ONLY = {ANONYMOUS: LOGIN, NETWORK_STAFF: 200, "*": 404}
APPEAL_READERS = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 200, COOP_A_VIEWER: 200, NETWORK_STAFF: 200,
                  "*": 404}  # fmt: skip


def _pk(name):
    return lambda objects: {"pk": objects[name].pk}


ROUTES.update(
    {
        "certification:register": Route(expect={"*": 200}),
        "certification:verify": Route(
            kwargs=lambda objects: {"number": objects["certificate"].number}, expect={"*": 200}
        ),
        "certification:complaint_new": Route(expect={"*": 200}),
        "certification:complaint_sent": Route(expect={"*": 200}),
        "certification:complaint_track": Route(
            kwargs=lambda objects: {"token": objects["complaint_token"]}, expect={"*": 200}
        ),
        "certification:resolution_new": Route(
            kwargs=_pk("evaluated"), expect={ANONYMOUS: LOGIN, **OUTSIDE, "*": 403}
        ),
        "certification:resolution_detail": Route(kwargs=_pk("resolution"), expect=FILE_READERS),
        "certification:user_agreement": Route(
            kwargs=_pk("pending_resolution"), expect=COOP_ADMIN_ONLY
        ),
        "certification:appeal_new": Route(kwargs=_pk("resolution"), expect=COOP_ADMIN_ONLY),
        "certification:certificate_detail": Route(kwargs=_pk("certificate"), expect=FILE_READERS),
        "certification:certificate_pdf": Route(kwargs=_pk("certificate"), expect=FILE_READERS),
        "certification:certificate_move": Route(
            kwargs=lambda objects: {"pk": objects["certificate"].pk, "transition": "suspend"},
            expect={ANONYMOUS: LOGIN, **OUTSIDE, "*": 403},
        ),
        "certification:case_list": Route(expect={ANONYMOUS: LOGIN, NETWORK_STAFF: 200, "*": 403}),
        "certification:complaint_detail": Route(kwargs=_pk("complaint"), expect=DESK_ONLY),
        "certification:complaint_assign": Route(
            kwargs=_pk("complaint"), method="post", expect=DESK_ONLY
        ),
        "certification:complaint_close": Route(
            kwargs=_pk("complaint"),
            method="post",
            expect={ANONYMOUS: LOGIN, NETWORK_STAFF: 403, "*": 404},
        ),  # fmt: skip
        "certification:appeal_detail": Route(kwargs=_pk("appeal"), expect=APPEAL_READERS),
        "certification:appeal_assign": Route(
            kwargs=_pk("appeal"),
            method="post",
            expect={**APPEAL_READERS, COOP_A_ADMIN: 403, COOP_A_VIEWER: 403},
        ),  # fmt: skip
        "certification:appeal_close": Route(
            kwargs=_pk("appeal"),
            method="post",
            expect={**APPEAL_READERS, COOP_A_ADMIN: 403, COOP_A_VIEWER: 403, NETWORK_STAFF: 403},
        ),  # fmt: skip
    }
)

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
    OTHER_COUNTRY_STAFF,
    Route,
)


def build(world) -> dict:
    standard = load_standard_file("sps-spo-1.yaml")
    return {
        "standard": standard,
        **_build_objself(world, standard),
        **build_evaluations(world),
        **build_applications(world, standard),
    }


# --- evaluations (issue 10) ---------------------------------------------------------------


def build_evaluations(world) -> dict:
    """Coop A's applications to the matrix's body, the evaluator cleared for coop A and
    lead of three evaluations: one planned, one in progress (with evidence and an
    uploaded checklist), one whose report is issued (a non-compliance answered with a
    corrective action)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from certification.models import REPORT, EvaluationReport, FindingResult
    from certification.services import checklists, evaluations, reports
    from network.files import validate_upload
    from tests.certification.evaluation_helpers import planned, ready_application, started
    from tests.certification.factories import (
        ConflictDeclarationFactory,
        EvaluatorCompetenceFactory,
        StandardVersionFactory,
    )
    from tests.producers.factories import PDF_BYTES, pdf_upload

    coop_a, body = world.objects["coop_a"], world.objects["certification_body"]
    lead = world.users[EVALUATOR]
    ConflictDeclarationFactory(person=lead, organization=coop_a)
    competence = EvaluatorCompetenceFactory(evaluator=lead, certification_body=body)

    small = StandardVersionFactory(criteria=3)  # a small standard: a fast world

    def application():
        return ready_application(organization=coop_a, body=body, standard_version=small)

    waiting = application()
    planned_evaluation = planned(application(), lead)
    in_progress = started(application(), lead)
    finding = in_progress.findings.first()
    upload = pdf_upload("acta.pdf")
    evidence = evaluations.finding_evidence_add(
        finding=finding, by=lead, uploaded=upload, checked=validate_upload(upload)
    )
    sheet = SimpleUploadedFile("checklist.xlsx", _checklist_bytes(in_progress))
    checklist_upload = checklists.checklist_upload(
        evaluation=in_progress, by=lead, uploaded=sheet, checked=validate_upload(sheet)
    )

    issued = started(application(), lead)
    for item in issued.findings.all():
        result = FindingResult.NON_COMPLIANT if item.pk == issued.findings.first().pk else "C"
        evaluations.finding_save(
            finding=item, by=lead, result=result, comment="Falta el acta.", version=item.version
        )
    evaluations.evaluation_submit(evaluation=issued, by=lead)
    report = issued.reports.get()
    REPORT.move(report, "start")
    report.file_name = default_storage.save("reports/matrix.pdf", ContentFile(PDF_BYTES))
    report.sha256 = "0" * 64
    REPORT.move(report, "finish", file_name=report.file_name, sha256=report.sha256, pages=1)
    reports._issue(EvaluationReport.objects.get(pk=report.pk))
    issued.refresh_from_db()
    non_compliance = issued.findings.get(result=FindingResult.NON_COMPLIANT)
    proof = pdf_upload("prueba.pdf")
    action = evaluations.corrective_action_propose(
        finding=non_compliance,
        by=world.users[COOP_A_ADMIN],
        action="Convocar la asamblea.",
        responsible="Rosa",
        due_on="2030-01-01",
        uploaded=proof,
        checked=validate_upload(proof),
    )
    return {
        "competence": competence,
        "application_ready": waiting,
        "evaluation_planned": planned_evaluation,
        "evaluation": in_progress,
        "finding": finding,
        "evidence": evidence,
        "checklist_upload": checklist_upload,
        "evaluation_issued": issued,
        "report": report,
        "non_compliance": non_compliance,
        "corrective_action": action,
    }


def _checklist_bytes(evaluation) -> bytes:
    from certification import checklist
    from certification.selectors.evaluations import evaluation_findings
    from network.exports import spreadsheet_response

    response = spreadsheet_response(
        header=checklist.COLUMNS,
        rows=checklist.export_rows(evaluation_findings(evaluation), answers={}),
        file_format="xlsx",
        download_as="checklist",
    )
    return response.content


# --- Applications (issue 9, `apply`) ------------------------------------------------------


def build_applications(world, standard) -> dict:
    """Coop A's application to the matrix's body, with a quote, a map and a document, and
    a draft; the evaluator declared no conflict with coop A."""
    import datetime

    from django.utils import timezone

    from certification.models import Application, ApplicationDocument, Quote
    from network.files import store_generated
    from tests.certification.factories import ApplicationFactory, ConflictDeclarationFactory
    from tests.producers.factories import PDF_BYTES

    objects, users = world.objects, world.users
    coop_a, body = objects["coop_a"], objects["certification_body"]
    ConflictDeclarationFactory(person=users[EVALUATOR], organization=coop_a)
    filed = {
        "organization": coop_a,
        "certification_body": body,
        "standard_version": standard,
        "created_by": users[COOP_A_ADMIN],
    }
    application = ApplicationFactory(
        status=Application.Status.QUOTE_SENT,
        area_map_file=store_generated(PDF_BYTES, folder="applications/matrix", extension="pdf"),
        area_map_name="mapa.pdf",
        area_map_type="application/pdf",
        **filed,
    )
    link = ApplicationDocument.objects.create(
        application=application,
        requirement="statutes",
        document=objects["document"],
        version=objects["version"],
    )
    quote = Quote.objects.create(
        application=application,
        amount=500,
        currency="USD",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
        created_by=users[EVALUATOR],
        sent_at=timezone.now(),
        pdf_file=store_generated(PDF_BYTES, folder="quotes/matrix", extension="pdf"),
    )
    return {
        "application": application,
        "draft_application": ApplicationFactory(**filed),
        "application_document": link,
        "quote": quote,
    }


def _application(name="application", **more):
    return lambda objects: {"pk": objects[name].pk, **more}


def _of_application(**more):
    return lambda objects: {
        "pk": objects["application"].pk,
        **{k: v(objects) for k, v in more.items()},
    }


SEES_FILE = {
    ANONYMOUS: LOGIN,
    COOP_A_ADMIN: 200,
    COOP_A_VIEWER: 200,
    EVALUATOR: 200,
    NETWORK_STAFF: 200,
    "*": 404,
}
# A draft: the body does not see it yet.
EDITS_DRAFT = {
    ANONYMOUS: LOGIN,
    COOP_A_ADMIN: 200,
    COOP_A_VIEWER: 403,
    NETWORK_STAFF: 200,
    "*": 404,
}
ORGANIZATION_SEES = {
    ANONYMOUS: LOGIN,
    COOP_A_ADMIN: 200,
    COOP_A_VIEWER: 200,
    NETWORK_STAFF: 200,
    "*": 404,
}
FOLLOWS_REVIEW = {
    ANONYMOUS: LOGIN,
    COOP_A_ADMIN: 403,
    COOP_A_VIEWER: 403,
    EVALUATOR: 200,
    NETWORK_STAFF: 200,
    "*": 404,
}
REVIEWS = {
    ANONYMOUS: LOGIN,
    COOP_A_ADMIN: 403,
    COOP_A_VIEWER: 403,
    EVALUATOR: 200,
    NETWORK_STAFF: 403,
    "*": 404,
}
APPLICATION_ROUTES = {
    "certification:application_list": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "certification:readiness": Route(
        kwargs=lambda objects: {"organization_pk": objects["coop_a"].pk},
        expect=ORGANIZATION_SEES,
    ),
    "certification:application_start": Route(
        kwargs=lambda objects: {"organization_pk": objects["coop_a"].pk},
        expect={**ORGANIZATION_SEES, COOP_A_VIEWER: 403},
    ),
    "certification:application_detail": Route(kwargs=_application(), expect=SEES_FILE),
    "certification:application_section": Route(
        kwargs=_application("draft_application", section="members"), expect=EDITS_DRAFT
    ),
    "certification:application_move": Route(
        kwargs=_application("draft_application", transition="withdraw"), expect=EDITS_DRAFT
    ),
    "certification:application_map": Route(kwargs=_application(), expect=SEES_FILE),
    "certification:application_document": Route(
        kwargs=_of_application(link_pk=lambda objects: objects["application_document"].pk),
        expect=SEES_FILE,
    ),
    "certification:quote_download": Route(
        kwargs=_of_application(quote_pk=lambda objects: objects["quote"].pk), expect=SEES_FILE
    ),
    "certification:review_list": Route(
        expect={
            ANONYMOUS: LOGIN,
            EVALUATOR: 200,
            NETWORK_STAFF: 200,
            OTHER_COUNTRY_STAFF: 200,
            "*": 403,
        }
    ),
    "certification:review_detail": Route(kwargs=_application(), expect=FOLLOWS_REVIEW),
    "certification:review_move": Route(
        kwargs=_application(transition="close_objections"), expect=REVIEWS
    ),
    "certification:review_return": Route(kwargs=_application(), expect=REVIEWS),
    "certification:quote_send": Route(kwargs=_application(), expect=REVIEWS),
}


CERTIFICATION_PEOPLE = {ANONYMOUS: LOGIN, EVALUATOR: 200, "*": 403}

# Evaluations: coop A's people and network staff see coop A's files; the evaluator
# (cleared for coop A, lead of every evaluation) works on them; coop B's people and the
# other country's staff never see them (404).
OUTSIDE = {ANONYMOUS: LOGIN, "*": 404}
SEEN = {**OUTSIDE, COOP_A_ADMIN: 200, COOP_A_VIEWER: 200, EVALUATOR: 200, NETWORK_STAFF: 200}
BODY_WORK = {**OUTSIDE, COOP_A_ADMIN: 403, COOP_A_VIEWER: 403, EVALUATOR: 200, NETWORK_STAFF: 403}
# Entering findings (and their evidence, the offline checklist, the report's texts) before
# the report: the cooperative's editors answer findings and cannot touch them (403); for
# its viewers, who do neither, those pages do not exist (404).
ENTRY = {**BODY_WORK, COOP_A_VIEWER: 404}
# Findings of an evaluation in progress: the body's people and staff read them.
FINDINGS = {**ENTRY, NETWORK_STAFF: 200}
# Evaluator competences: the body's people see its records, network-wide staff every
# body's; the body's reviewers and committee members (no persona here) record and end them.
COMPETENCE_READERS = {ANONYMOUS: LOGIN, EVALUATOR: 200, NETWORK_STAFF: 200, "*": 403}
COMPETENCE_WORK = {ANONYMOUS: LOGIN, EVALUATOR: 403, NETWORK_STAFF: 403, "*": 404}


def evaluation(name="evaluation", **more):
    return lambda objects: {
        "pk": objects[name].pk,
        **{key: value(objects) for key, value in more.items()},
    }


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
    # --- evaluations (issue 10) ---
    "certification:evaluation_list": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "certification:evaluation_plan": Route(
        kwargs=lambda objects: {"pk": objects["application_ready"].pk}, expect=BODY_WORK
    ),
    "certification:evaluation_detail": Route(kwargs=evaluation(), expect=SEEN),
    "certification:evaluation_replan": Route(
        kwargs=evaluation("evaluation_planned"), expect=BODY_WORK
    ),
    "certification:evaluation_move": Route(
        kwargs=evaluation("evaluation_planned", transition=lambda o: "start"),
        method="post",
        expect={**BODY_WORK, EVALUATOR: 302},
    ),
    "certification:evaluation_texts": Route(kwargs=evaluation(), expect=ENTRY),
    "certification:evaluation_section": Route(
        kwargs=evaluation(section_pk=lambda o: o["finding"].criterion.section_id),
        expect=FINDINGS,
    ),
    "certification:finding_detail": Route(
        kwargs=evaluation(finding_pk=lambda o: o["finding"].pk), expect=FINDINGS
    ),
    "certification:finding_save": Route(
        kwargs=evaluation(finding_pk=lambda o: o["finding"].pk),
        method="post",
        data=lambda o: {
            f"f{o['finding'].pk}-result": "C",
            f"f{o['finding'].pk}-comment": "",
            f"f{o['finding'].pk}-version": o["finding"].version,
        },
        expect={**ENTRY, EVALUATOR: 302},
    ),
    "certification:finding_evidence_add": Route(
        kwargs=evaluation(finding_pk=lambda o: o["finding"].pk), method="post", expect=ENTRY
    ),
    "certification:finding_evidence_download": Route(
        kwargs=evaluation(
            finding_pk=lambda o: o["finding"].pk, evidence_pk=lambda o: o["evidence"].pk
        ),
        expect=FINDINGS,
    ),
    "certification:checklist_download": Route(kwargs=evaluation(), expect=ENTRY),
    "certification:checklist_upload": Route(kwargs=evaluation(), expect=ENTRY),
    "certification:checklist_preview": Route(
        kwargs=evaluation(upload_pk=lambda o: o["checklist_upload"].pk), expect=ENTRY
    ),
    "certification:report_status": Route(kwargs=evaluation("evaluation_issued"), expect=SEEN),
    "certification:report_download": Route(
        kwargs=evaluation("evaluation_issued", number=lambda o: o["report"].number), expect=SEEN
    ),
    "certification:report_retry": Route(
        kwargs=evaluation("evaluation_issued", number=lambda o: o["report"].number),
        method="post",
        expect={**BODY_WORK, EVALUATOR: 302, NETWORK_STAFF: 302},
    ),
    "certification:report_new_version": Route(
        kwargs=evaluation("evaluation_issued"),
        method="post",
        expect={**BODY_WORK, EVALUATOR: 302},
    ),
    "certification:corrective_action_propose": Route(
        kwargs=evaluation("evaluation_issued", finding_pk=lambda o: o["non_compliance"].pk),
        expect={**BODY_WORK, COOP_A_ADMIN: 200, EVALUATOR: 403},
    ),
    "certification:corrective_action_review": Route(
        kwargs=evaluation("evaluation_issued", action_pk=lambda o: o["corrective_action"].pk),
        expect=BODY_WORK,
    ),
    "certification:corrective_action_evidence": Route(
        kwargs=evaluation("evaluation_issued", action_pk=lambda o: o["corrective_action"].pk),
        expect=SEEN,
    ),
    # --- end evaluations ---
    "certification:competence_list": Route(expect=COMPETENCE_READERS),
    "certification:competence_add": Route(
        kwargs=lambda objects: {"body_pk": objects["certification_body"].pk},
        expect=COMPETENCE_WORK,
    ),
    "certification:competence_end": Route(
        kwargs=lambda objects: {"pk": objects["competence"].pk}, expect=COMPETENCE_WORK
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


# The matrix's evaluator is cleared for coop A (a current no-conflict declaration): it
# reads coop A's file like its own people and cannot act on it.
CERT_OUTSIDE = {COOP_B_ADMIN: 404, OTHER_COUNTRY_STAFF: 404}
FILE_READERS = {ANONYMOUS: LOGIN, **CERT_OUTSIDE, "*": 200}
COOP_ADMIN_ONLY = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 200, **CERT_OUTSIDE, "*": 403}
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
            kwargs=_pk("evaluated"), expect={ANONYMOUS: LOGIN, **CERT_OUTSIDE, "*": 403}
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
            expect={ANONYMOUS: LOGIN, **CERT_OUTSIDE, "*": 403},
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
ROUTES.update(APPLICATION_ROUTES)


# --- Reminders (issue 12): membership fees ------------------------------------------------

_build_certificates = build


def build(world) -> dict:  # noqa: F811 - extends the builds above
    from tests.certification.factories import MembershipFeeFactory

    objects = _build_certificates(world)
    return {**objects, "fee": MembershipFeeFactory(resolution=objects["resolution"])}


FEE_OUTSIDE = {COOP_B_ADMIN: 404, OTHER_COUNTRY_STAFF: 404, EVALUATOR: 404}  # not the body's
ROUTES.update(
    {
        "certification:fee_list": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
        "certification:fee_detail": Route(
            kwargs=_pk("fee"), expect={ANONYMOUS: LOGIN, **FEE_OUTSIDE, "*": 200}
        ),
        "certification:fee_pay": Route(
            kwargs=_pk("fee"),
            method="post",  # an empty form: the page again, with the error
            expect={ANONYMOUS: LOGIN, **FEE_OUTSIDE, NETWORK_STAFF: 200, "*": 403},
        ),
    }
)


# --- journey: the self-evaluation's evidence, for whoever reads the self-evaluation ------
_build_before_evidence = build


def build(world) -> dict:  # noqa: F811 - extends the builds above
    """One answer of coop A's application in self-evaluation cites coop A's document."""
    from tests.certification.factories import SelfEvaluationAnswerFactory

    objects = _build_before_evidence(world)
    SelfEvaluationAnswerFactory(
        application=objects["application_in_self_evaluation"],
        criterion=objects["self_evaluation_criterion"],
        documents=[world.objects["document"]],
    )
    return objects


ROUTES["certification:self_evaluation_document"] = Route(
    kwargs=lambda objects: {**_in_self_evaluation(objects), "document_pk": objects["document"].pk},
    expect=SELF_EVALUATION_READERS,
)

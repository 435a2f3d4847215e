"""Building evaluations for tests the way the portal does: an application ready for
evaluation, evaluators of its body who declared no conflict and hold a competence, and
the services that plan (with a risk assessment), start, record and submit."""

import datetime

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from certification.models import (
    Application,
    Evaluation,
    EvaluationType,
    FindingResult,
    RiskLevel,
)
from certification.services import evaluations as services
from network.models import RoleKind
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    EvaluatorCompetenceFactory,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, OrganizationFactory, grant


def body_person(
    body, email, *, kind=RoleKind.EVALUATOR, cleared_for=(), full_name="", competent=True
):
    """A certification-body person with MFA, who declared no conflict for `cleared_for`;
    an evaluator holds a competence for every activity (and no product: the applications
    these tests build list none) unless `competent=False`."""
    user = make_user(email, full_name=full_name or email.split("@")[0].title())
    grant(user, kind, certification_body=body)
    TOTP.activate(user, generate_totp_secret())
    for organization in cleared_for:
        ConflictDeclarationFactory(person=user, organization=organization)
    if kind == RoleKind.EVALUATOR and competent:
        EvaluatorCompetenceFactory(evaluator=user, certification_body=body)
    return user


def ready_application(*, organization=None, body=None, **fields) -> Application:
    return ApplicationFactory(
        organization=organization or OrganizationFactory(),
        certification_body=body or CertificationBodyFactory(),
        status=Application.Status.READY_FOR_EVALUATION,
        **fields,
    )


def planned(
    application, lead, *, team=(), kind=EvaluationType.ON_SITE, by=None, risk=RiskLevel.LOW
) -> Evaluation:
    today = timezone.localdate()
    return services.evaluation_plan(
        application=application,
        by=by or lead,
        evaluation_type=kind,
        planned_start_on=today,
        planned_end_on=today + datetime.timedelta(days=2),
        lead_evaluator=lead,
        risk_level=risk,
        risk_rationale="Sin no conformidades previas ni quejas.",
        team=list(team),
    )


def started(application, lead, **kwargs) -> Evaluation:
    evaluation = planned(application, lead, **kwargs)
    return services.evaluation_start(evaluation=evaluation, by=lead)


def record_all(evaluation, by, *, non_compliant=(), comment="Visto en campo.") -> None:
    """A result for every finding: non-compliant for the criterion codes given."""
    for finding in evaluation.findings.select_related("criterion"):
        code = finding.criterion.code
        failed = code in non_compliant
        services.finding_save(
            finding=finding,
            by=by,
            result=FindingResult.NON_COMPLIANT if failed else FindingResult.COMPLIANT,
            comment=f"No cumple {code}: falta el acta." if failed else comment,
            version=finding.version,
        )


# --- Records in any state, for tests of the machines (code never builds them so) ------


def evaluation_in(state, **fields) -> Evaluation:
    application = fields.pop("application", None) or ApplicationFactory()
    person = application.created_by
    today = timezone.localdate()
    return Evaluation.objects.create(
        application=application,
        evaluation_type=EvaluationType.ON_SITE,
        planned_start_on=today,
        planned_end_on=today,
        lead_evaluator=person,
        created_by=person,
        status=state,
        **fields,
    )


def finding_in(evaluation=None, **fields):
    from certification.models import Finding

    evaluation = evaluation or evaluation_in(Evaluation.Status.IN_PROGRESS)
    criterion = evaluation.application.standard_version.criteria.first()
    return Finding.objects.create(evaluation=evaluation, criterion=criterion, **fields)


def corrective_action_in(state):
    from certification.models import CorrectiveAction

    finding = finding_in(evaluation_in(Evaluation.Status.REPORT_ISSUED), result="NC")
    return CorrectiveAction.objects.create(
        finding=finding,
        action="Convocar la asamblea.",
        responsible="Rosa",
        due_on=timezone.localdate(),
        proposed_by=finding.evaluation.lead_evaluator,
        status=state,
    )


def report_in(state):
    from certification.models import EvaluationReport

    return EvaluationReport.objects.create(
        evaluation=evaluation_in(Evaluation.Status.SUBMITTED),
        number=1,
        language="es",
        status=state,
        sha256="0" * 64 if state == "done" else "",
    )


def checklist_import_in(state):
    from certification.models import ChecklistImport

    return ChecklistImport.objects.create(
        evaluation=evaluation_in(Evaluation.Status.IN_PROGRESS),
        file_name="x.xlsx",
        original_name="x.xlsx",
        file_format="xlsx",
        status=state,
    )

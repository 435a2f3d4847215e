"""Who may reach certification pages: the checks views share.

Certification-body people see an organization's certification files only with a
current "no conflict" declaration for it (impartiality); without one, the file does not
exist for them (404), exactly as if it were outside their scope."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from certification.selectors import (
    ApplicationCapability,
    EvaluationCapability,
    application_capabilities,
    applications_visible_to,
    declarable_organizations,
    evaluation_capabilities,
    evaluations_visible_to,
    has_current_no_conflict,
    may_declare,
)
from certification.selectors.competence import (
    CompetenceCapability,
    competence_bodies_visible_to,
    competence_capabilities,
)
from network.selectors import has_certification_role


def certification_person_required(user) -> None:
    """Pages only certification-body people use (their declarations): 403 for others."""
    if not may_declare(user):
        raise PermissionDenied


def declarable_organization_for(request, organization_pk: int):
    """An organization a certification-body person may declare for (else 404); nobody
    else declares (403)."""
    certification_person_required(request.user)
    return get_object_or_404(declarable_organizations(request.user), pk=organization_pk)


def file_open_to(user, organization, *, on=None) -> None:
    """The conflict-of-interest rule for one organization's file: 404 for anyone who
    works for a certification body (whatever other roles they hold) without a current
    "no conflict" declaration for it. Everyone else's access (the organization's own
    people, network staff) is for the file's `*_visible_to(user)` selector to decide."""
    if has_certification_role(user) and not has_current_no_conflict(user, organization, on=on):
        raise Http404


def application_for(request, pk: int, capability=None):
    """The application if the user may see it (else 404) and has the capability (else
    403), with the user's capabilities on it."""
    application = get_object_or_404(
        applications_visible_to(request.user).select_related(
            "organization", "certification_body", "standard_version"
        ),
        pk=pk,
    )
    capabilities = application_capabilities(request.user, application)
    if (capability or ApplicationCapability.VIEW) not in capabilities:
        raise PermissionDenied
    return application, capabilities


# --- Part 3 (cert): resolutions, certificates, complaints and appeals -----------------


def resolution_for(request, pk: int, capability=None):
    """A resolution is part of its application's file: the same scope and capabilities."""
    from certification.selectors import resolutions_visible_to

    resolution = get_object_or_404(resolutions_visible_to(request.user), pk=pk)
    capabilities = application_capabilities(request.user, resolution.application)
    if (capability or ApplicationCapability.VIEW) not in capabilities:
        raise PermissionDenied
    return resolution, capabilities


def certificate_for(request, pk: int, capability=None):
    from certification.selectors import (
        CertificateCapability,
        certificate_capabilities,
        certificates_visible_to,
    )

    certificate = get_object_or_404(
        certificates_visible_to(request.user).select_related(
            "organization", "certification_body", "standard_version", "resolution"
        ),
        pk=pk,
    )
    capabilities = certificate_capabilities(request.user, certificate)
    if (capability or CertificateCapability.VIEW) not in capabilities:
        raise PermissionDenied
    return certificate, capabilities


def case_for(request, pk: int, *, appeal: bool, capability: str = "view"):
    """A complaint (network-wide staff and its handler) or an appeal (also the
    organization's people): 404 outside, 403 without the capability."""
    from certification.selectors import (
        appeals_visible_to,
        case_capabilities,
        complaints_visible_to,
    )

    cases = appeals_visible_to if appeal else complaints_visible_to
    case = get_object_or_404(cases(request.user).select_related("assignee"), pk=pk)
    capabilities = case_capabilities(request.user, case)
    if capability not in capabilities:
        raise PermissionDenied
    return case, capabilities


def evaluation_for(request, pk: int, capability=None):
    """The evaluation if the user may see its application (else 404) and has the
    capability (else 403), with the user's capabilities on it."""
    evaluation = get_object_or_404(
        evaluations_visible_to(request.user).select_related(
            "application__organization",
            "application__certification_body",
            "application__standard_version",
            "lead_evaluator",
            "risk_assessed_by",
        ),
        pk=pk,
    )
    capabilities = evaluation_capabilities(request.user, evaluation)
    if (capability or EvaluationCapability.VIEW) not in capabilities:
        raise PermissionDenied
    return evaluation, capabilities


def findings_for(request, pk: int, capability):
    """An evaluation's findings pages (entering them, their evidence, the offline
    checklist, the report's texts): as `evaluation_for`, except that whoever may neither
    see the findings nor answer them (the cooperative's viewers, before the report is
    issued) is answered 404: for them those pages do not exist. The cooperative's editors
    and administrators, who answer the findings, get 403."""
    evaluation, capabilities = evaluation_for(request, pk)
    if capability not in capabilities:
        if not capabilities & {EvaluationCapability.SEE_FINDINGS, EvaluationCapability.RESPOND}:
            raise Http404
        raise PermissionDenied
    return evaluation, capabilities


# --- Evaluator competences ------------------------------------------------------------


def competence_body_for(request, body_pk: int, capability=None):
    """A certification body whose competence records the user sees (else 404), with the
    capability (else 403)."""
    body = get_object_or_404(competence_bodies_visible_to(request.user), pk=body_pk)
    capabilities = competence_capabilities(request.user, body)
    if (capability or CompetenceCapability.VIEW) not in capabilities:
        raise PermissionDenied
    return body, capabilities


def competence_for(request, pk: int, capability=None):
    """One competence record of a body the user sees (else 404), with the capability on
    its body (else 403)."""
    from certification.selectors.competence import (
        CompetenceCapability,
        competence_capabilities,
        competences_visible_to,
    )

    competence = get_object_or_404(
        competences_visible_to(request.user).select_related("certification_body", "evaluator"),
        pk=pk,
    )
    capabilities = competence_capabilities(request.user, competence.certification_body)
    if (capability or CompetenceCapability.VIEW) not in capabilities:
        raise PermissionDenied
    return competence, capabilities

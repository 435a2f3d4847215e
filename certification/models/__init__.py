"""Tables of the certification app, one module per aggregate."""

from certification.models.applications import APPLICATION, Application, ApplicationKind, guard_for
from certification.models.certificates import (  # noqa: E402
    CERTIFICATE,
    USER_AGREEMENT_VERSION,
    Certificate,
    CertificateCounter,
    UserAgreement,
)
from certification.models.complaints import APPEAL, COMPLAINT, Appeal, CaseStatus, Complaint  # noqa: E402
from certification.models.conflicts import ConflictDeclaration

# --- Part 3: resolutions, certificates, complaints and appeals (cert) ---
from certification.models.decisions import Resolution, ResolutionOutcome, ScopeActivity  # noqa: E402, I001
from certification.models.standard import (
    EVALUATED_CLASSES,
    FALLBACK_LANGUAGE,
    LISTED_ONLY_CLASSES,
    STANDARD,
    TEXT_LANGUAGES,
    Criterion,
    CriterionClass,
    EvaluationKind,
    LocalizedText,
    Section,
    StandardVersion,
)

__all__ = [
    "APPLICATION",
    "Application",
    "ApplicationKind",
    "guard_for",
    "EVALUATED_CLASSES",
    "FALLBACK_LANGUAGE",
    "LISTED_ONLY_CLASSES",
    "STANDARD",
    "TEXT_LANGUAGES",
    "ConflictDeclaration",
    "Criterion",
    "CriterionClass",
    "EvaluationKind",
    "LocalizedText",
    "Section",
    "StandardVersion",
    # cert
    "APPEAL",
    "CERTIFICATE",
    "COMPLAINT",
    "USER_AGREEMENT_VERSION",
    "Appeal",
    "CaseStatus",
    "Certificate",
    "CertificateCounter",
    "Complaint",
    "Resolution",
    "ResolutionOutcome",
    "ScopeActivity",
    "UserAgreement",
]

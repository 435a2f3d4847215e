"""Tables of the certification app, one module per aggregate."""

from certification.models.application_details import (
    REQUIRED_DOCUMENTS,
    ROWS_MAY_BE_EMPTY,
    SECTION_FIELDS,
    SECTION_REQUIRED,
    SECTION_ROWS,
    ApplicationDocument,
    ApplicationProduct,
    ApplicationSection,
    ApplicationSite,
    OtherCertification,
    Subcontractor,
)
from certification.models.application_review import CURRENCIES, Quote, ReturnItem, current_quote
from certification.models.applications import (
    APPLICATION,
    Application,
    ApplicationKind,
    ScopeActivity,
    guard_for,
)
from certification.models.certificates import (  # noqa: E402
    CERTIFICATE,
    USER_AGREEMENT_VERSION,
    Certificate,
    CertificateCounter,
    UserAgreement,
)
from certification.models.checklists import CHECKLIST_IMPORT, ChecklistImport
from certification.models.competence import EvaluatorCompetence
from certification.models.complaints import APPEAL, COMPLAINT, Appeal, CaseStatus, Complaint  # noqa: E402
from certification.models.conflicts import ConflictDeclaration

# --- Part 3: resolutions, certificates, complaints and appeals (cert) ---
from certification.models.decisions import Resolution, ResolutionOutcome  # noqa: E402, I001
from certification.models.evaluations import (
    COMPLETE_TYPES,
    CORRECTIVE_ACTION,
    DESK_TYPES,
    EVALUATION,
    TYPES_ALLOWED,
    CorrectiveAction,
    Evaluation,
    EvaluationTeamMember,
    EvaluationType,
    Finding,
    FindingEvidence,
    FindingResult,
    RiskLevel,
    risk_refusal,
)
from certification.models.fees import MEMBERSHIP_FEE, MembershipFee
from certification.models.objections import Objection
from certification.models.reports import REPORT, EvaluationReport
from certification.models.self_evaluation import SelfEvaluationAnswer, Verdict
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
    "REQUIRED_DOCUMENTS",
    "ROWS_MAY_BE_EMPTY",
    "SECTION_FIELDS",
    "SECTION_REQUIRED",
    "SECTION_ROWS",
    "ApplicationDocument",
    "ApplicationProduct",
    "ApplicationSection",
    "ApplicationSite",
    "CURRENCIES",
    "OtherCertification",
    "Quote",
    "ReturnItem",
    "ScopeActivity",
    "Subcontractor",
    "current_quote",
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
    "Objection",
    "SelfEvaluationAnswer",
    "Verdict",
    # evaluations (issue 10)
    "CHECKLIST_IMPORT",
    "CORRECTIVE_ACTION",
    "DESK_TYPES",
    "EVALUATION",
    "REPORT",
    "ChecklistImport",
    "CorrectiveAction",
    "Evaluation",
    "EvaluationReport",
    "EvaluationTeamMember",
    "EvaluationType",
    "Finding",
    "FindingEvidence",
    "FindingResult",
    # reminders (issue 12)
    "MEMBERSHIP_FEE",
    "MembershipFee",
    # the resolution's checklist: risk assessment and evaluator competence
    "COMPLETE_TYPES",
    "TYPES_ALLOWED",
    "EvaluatorCompetence",
    "RiskLevel",
    "risk_refusal",
]

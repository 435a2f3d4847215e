"""Tables of the certification app, one module per aggregate."""

from certification.models.applications import APPLICATION, Application, ApplicationKind, guard_for
from certification.models.checklists import CHECKLIST_IMPORT, ChecklistImport
from certification.models.conflicts import ConflictDeclaration
from certification.models.evaluations import (
    CORRECTIVE_ACTION,
    DESK_TYPES,
    EVALUATION,
    CorrectiveAction,
    Evaluation,
    EvaluationTeamMember,
    EvaluationType,
    Finding,
    FindingEvidence,
    FindingResult,
)
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
]

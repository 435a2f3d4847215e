"""Reads of the certification app, one module per aggregate (re-exported here)."""

from certification.selectors.applications import (
    ApplicationCapability,
    application_capabilities,
    applications_visible_to,
    organization_applications,
)
from certification.selectors.conflicts import (
    cleared_for,
    current_declaration,
    declarable_organizations,
    declarations_in_force,
    has_current_no_conflict,
    may_declare,
    organization_declarations,
    organizations_cleared_for,
    organizations_search,
)
from certification.selectors.evaluations import (
    EvaluationCapability,
    evaluation_capabilities,
    evaluations_visible_to,
    people_involved,
    self_evaluation_texts,
)
from certification.selectors.objections import (
    application_objections,
    applications_in_objection_status,
    applications_open_to_objections,
    may_read_objections,
    objection_count,
)
from certification.selectors.self_evaluation import (
    SELF_EVALUATION_STATUSES,
    Progress,
    document_library,
    register_proposal,
    self_evaluation_answers,
    self_evaluation_criteria,
    self_evaluation_progress,
    unanswered_critical_criteria,
)
from certification.selectors.standard import (
    DEFAULT_STANDARD,
    class_counts,
    criteria_of,
    member_register_criteria,
    published_versions,
    sections_of,
    standard_in_force,
)

__all__ = [
    "ApplicationCapability",
    "application_capabilities",
    "applications_visible_to",
    "organization_applications",
    "DEFAULT_STANDARD",
    "class_counts",
    "cleared_for",
    "criteria_of",
    "current_declaration",
    "declarable_organizations",
    "declarations_in_force",
    "has_current_no_conflict",
    "may_declare",
    "member_register_criteria",
    "organization_declarations",
    "organizations_cleared_for",
    "organizations_search",
    "published_versions",
    "sections_of",
    "standard_in_force",
    "application_objections",
    "applications_in_objection_status",
    "applications_open_to_objections",
    "may_read_objections",
    "objection_count",
    "SELF_EVALUATION_STATUSES",
    "Progress",
    "document_library",
    "register_proposal",
    "self_evaluation_answers",
    "self_evaluation_criteria",
    "self_evaluation_progress",
    "unanswered_critical_criteria",
    # evaluations (issue 10)
    "EvaluationCapability",
    "evaluation_capabilities",
    "evaluations_visible_to",
    "people_involved",
    "self_evaluation_texts",
]

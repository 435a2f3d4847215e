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
]

# --- Part 3: resolutions, certificates, complaints and appeals (cert) ---
from certification.selectors.certificates import (  # noqa: E402
    REGISTER_ROWS_SECONDS,
    CertificateCapability,
    certificate_by_number,
    certificate_capabilities,
    certificates_visible_to,
    current_certificate,
    organization_certificates,
    product_by_code,
    register_certificates,
    register_changed,
    register_countries,
    register_version,
    with_certification_status,
)
from certification.selectors.complaints import (  # noqa: E402
    appeals_visible_to,
    assignable_people,
    case_capabilities,
    complaint_by_token,
    complaints_visible_to,
    handles_cases,
    open_cases_for,
    people_excluded_from,
)
from certification.selectors.decisions import (  # noqa: E402
    application_resolutions,
    checklist_item,
    completeness_checklist,
    outcomes_for,
    recorded_checklist,
    resolutions_visible_to,
)
from certification.selectors.involvement import involvement_source, people_involved  # noqa: E402

__all__ += [
    "REGISTER_ROWS_SECONDS",
    "CertificateCapability",
    "appeals_visible_to",
    "application_resolutions",
    "assignable_people",
    "case_capabilities",
    "certificate_by_number",
    "certificate_capabilities",
    "certificates_visible_to",
    "checklist_item",
    "complaint_by_token",
    "complaints_visible_to",
    "completeness_checklist",
    "current_certificate",
    "handles_cases",
    "involvement_source",
    "open_cases_for",
    "organization_certificates",
    "outcomes_for",
    "people_excluded_from",
    "people_involved",
    "product_by_code",
    "recorded_checklist",
    "register_certificates",
    "register_changed",
    "register_countries",
    "register_version",
    "resolutions_visible_to",
    "with_certification_status",
]

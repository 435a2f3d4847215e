from producers.models.documents import Document, DocumentType, DocumentVersion
from producers.models.imports import MEMBER_IMPORT, MemberImport
from producers.models.members import Gender, Member, OrganicStatus
from producers.models.organizations import (
    MEMBERSHIP,
    ActorType,
    Level,
    MembershipStatus,
    Organization,
    Product,
)

__all__ = [
    "MEMBERSHIP",
    "MEMBER_IMPORT",
    "ActorType",
    "Document",
    "DocumentType",
    "DocumentVersion",
    "Gender",
    "Level",
    "Member",
    "MemberImport",
    "MembershipStatus",
    "OrganicStatus",
    "Organization",
    "Product",
]

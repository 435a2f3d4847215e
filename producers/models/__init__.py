from producers.models.documents import Document, DocumentType, DocumentVersion
from producers.models.imports import MemberImport
from producers.models.members import Gender, Member, OrganicStatus
from producers.models.organizations import (
    ActorType,
    Level,
    MembershipChange,
    MembershipStatus,
    Organization,
    Product,
)

__all__ = [
    "ActorType",
    "Document",
    "DocumentType",
    "DocumentVersion",
    "Gender",
    "Level",
    "Member",
    "MemberImport",
    "MembershipChange",
    "MembershipStatus",
    "OrganicStatus",
    "Organization",
    "Product",
]

"""Reads for the application pages: the whole file of one application (loaded in a fixed
number of queries, however long its lists), the lists of applications, and the choices
the forms offer (limited to what the user may see)."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from certification.models import (
    REQUIRED_DOCUMENTS,
    Application,
    ApplicationDocument,
    Quote,
    ReturnItem,
)
from certification.selectors.applications import applications_visible_to
from network.models import CertificationBody, ProductNetwork, RoleKind
from network.selectors import has_certification_role, has_staff_role, organization_roles
from producers.models import Document, DocumentType, DocumentVersion, Organization
from producers.selectors import documents_visible_to, organizations_visible_to


@dataclass
class ApplicationFile:
    """Everything a page shows of one application."""

    application: Application
    products: list
    subcontractors: list
    sites: list
    other_certifications: list
    documents: list  # ApplicationDocument, with `.shown_version` (pinned, else latest)
    missing_documents: list  # labels of the required types not chosen yet
    return_items: list  # all rounds, newest first
    quotes: list  # newest first

    @property
    def open_return_items(self) -> list:
        return [item for item in self.return_items if item.addressed_at is None]

    @property
    def addressed_return_items(self) -> list:
        return [item for item in self.return_items if item.addressed_at is not None]

    @property
    def quote(self) -> Quote | None:
        """The quote the cooperative answers: the newest one sent."""
        return next((quote for quote in self.quotes if quote.sent_at), None)


def application_file(application: Application) -> ApplicationFile:
    products = list(application.products.select_related("product_network"))
    links = list(
        application.document_links.select_related("document", "version").prefetch_related(
            Prefetch("document__versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
    )
    order = list(REQUIRED_DOCUMENTS[application.kind])
    links.sort(key=lambda link: (order.index(link.requirement) if link.requirement in order
                                 else len(order), link.requirement))  # fmt: skip
    for link in links:
        versions = link.document.versions.all()
        link.shown_version = link.version or (versions[0] if versions else None)
    chosen = {link.requirement for link in links}
    return ApplicationFile(
        application=application,
        products=products,
        subcontractors=list(application.subcontractors.all()),
        sites=list(application.sites.all()),
        other_certifications=list(application.other_certifications.all()),
        documents=links,
        missing_documents=[
            DocumentType(r).label for r in REQUIRED_DOCUMENTS[application.kind] if r not in chosen
        ],
        return_items=list(application.return_items.select_related("created_by")),
        quotes=list(application.quotes.select_related("created_by")),
    )


def application_document_link(application: Application, pk: int) -> ApplicationDocument:
    """A document of the file (DoesNotExist for any other)."""
    return application.document_links.select_related("document", "version").get(pk=pk)


def latest_version(document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


def sent_quote(application: Application, pk: int) -> Quote:
    return application.quotes.get(pk=pk, sent_at__isnull=False)


def open_return_items(application: Application) -> QuerySet[ReturnItem]:
    return application.return_items.filter(addressed_at__isnull=True)


# --- Lists -------------------------------------------------------------------------------


def applications_listed(user) -> QuerySet[Application]:
    """The applications a person sees, as the lists show them."""
    return applications_visible_to(user).select_related("organization", "certification_body")


def applications_to_review(user, *, status: str = "") -> QuerySet[Application]:
    """Filed applications a certification body's people (or network staff) follow."""
    applications = applications_listed(user).exclude(status=Application.Status.DRAFT)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("eligibility_due_on", "-submitted_at", "-id")


def may_follow_reviews(user) -> bool:
    """Who uses the review list: certification-body people and network staff."""
    return has_certification_role(user) or has_staff_role(user)


def organizations_applying(user) -> QuerySet[Organization]:
    """Organizations the person files for (an administrator or editor role in them)."""
    mine = [pk for pk, kind in organization_roles(user).items() if kind != RoleKind.ORG_VIEWER]
    return organizations_visible_to(user).filter(pk__in=mine)


# --- Choices of the forms ----------------------------------------------------------------


def certification_bodies_to_choose() -> QuerySet[CertificationBody]:
    return CertificationBody.objects.filter(is_active=True).order_by("name")


def previous_applications(organization: Organization) -> QuerySet[Application]:
    """Earlier applications a renewal or scope extension continues (and copies)."""
    return organization.applications.exclude(
        status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
    ).select_related("certification_body")


def library_documents(user, organization: Organization, doc_type: str) -> QuerySet[Document]:
    return (
        documents_visible_to(user)
        .filter(organization=organization, doc_type=doc_type)
        .order_by("-valid_until", "title")
    )


def product_choices() -> QuerySet[ProductNetwork]:
    return ProductNetwork.objects.order_by("name")

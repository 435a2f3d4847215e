"""How producers views get their objects (network/access.py): the organization through
`organizations_visible_to` (else 404) with the capability on it (else 403); what
belongs to it through its own `*_visible_to` selector, within that organization (else
404). Each helper returns the organization and the user's capabilities on it, which
every page of an organization shows."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from network.access import object_for
from producers.models import Organization
from producers.selectors import (
    Capability,
    document_versions_visible_to,
    documents_visible_to,
    member_imports_visible_to,
    members_visible_to,
    organization_capabilities,
    organization_invitations_visible_to,
    organization_roles_visible_to,
    organizations_visible_to,
    products_visible_to,
)


def organization_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.VIEW
) -> tuple[Organization, frozenset]:
    """The organization if the user may see it (else 404) and has the capability (else
    403), with the user's capabilities on it."""
    return object_for(
        organizations_visible_to(request.user).select_related("country_network"),
        pk=pk,
        capability=capability,
        capabilities_of=lambda organization: organization_capabilities(request.user, organization),
    )


def _of_organization(request, visible, pk, child_pk, capability):
    """(organization, capabilities, the organization's object numbered `child_pk`)."""
    organization, capabilities = organization_for(request, pk, capability)
    found = get_object_or_404(visible(request.user).filter(organization=organization), pk=child_pk)
    found.organization = organization
    return organization, capabilities, found


def product_for(request, pk: int, product_pk: int, capability=Capability.EDIT):
    return _of_organization(request, products_visible_to, pk, product_pk, capability)


def member_for(request, pk: int, member_pk: int, capability=Capability.EDIT):
    return _of_organization(request, members_visible_to, pk, member_pk, capability)


def member_import_for(request, pk: int, import_pk: int, capability=Capability.EDIT):
    return _of_organization(request, member_imports_visible_to, pk, import_pk, capability)


def document_for(request, pk: int, doc_pk: int, capability=Capability.VIEW):
    return _of_organization(request, documents_visible_to, pk, doc_pk, capability)


def document_version_for(
    request, pk: int, doc_pk: int, version_pk: int, capability=Capability.VIEW
):
    """A version of one of the organization's documents."""
    organization, capabilities, document = document_for(request, pk, doc_pk, capability)
    version = get_object_or_404(
        document_versions_visible_to(request.user).filter(document=document), pk=version_pk
    )
    return organization, capabilities, version


def role_for(request, pk: int, role_pk: int, capability=Capability.MANAGE_PEOPLE):
    """A role in the organization (someone who works for it)."""
    return _of_organization(request, organization_roles_visible_to, pk, role_pk, capability)


def invitation_for(request, pk: int, invitation_pk: int, capability=Capability.MANAGE_PEOPLE):
    """An invitation to a role in the organization."""
    return _of_organization(
        request, organization_invitations_visible_to, pk, invitation_pk, capability
    )

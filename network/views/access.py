"""How the network's views get their objects (network/access.py): through the scoped
selectors (404 outside scope), then the capability on the object (403)."""

from django.http import HttpRequest

from network import selectors
from network.access import object_for, require
from network.models import (
    CertificationBody,
    CountryNetwork,
    Invitation,
    OutboxMessage,
    ProductNetwork,
    Role,
)
from network.selectors.structure import (
    Capability,
    network_role_capabilities,
    structure_capabilities,
)


def structure_page(request: HttpRequest, capability: Capability = Capability.VIEW) -> None:
    """The lists and the forms that add: staff see them, network-wide staff add."""
    require(capability in structure_capabilities(request.user))


def _structure_object(request, visible, pk, capability):
    found, _capabilities = object_for(
        visible,
        pk=pk,
        capability=capability,
        capabilities_of=lambda _obj: structure_capabilities(request.user),
    )
    return found


def country_network_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.VIEW
) -> CountryNetwork:
    visible = selectors.country_networks_visible_to(request.user).select_related("coordinator")
    return _structure_object(request, visible, pk, capability)


def product_network_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.VIEW
) -> ProductNetwork:
    return _structure_object(
        request, selectors.product_networks_visible_to(request.user), pk, capability
    )


def certification_body_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.VIEW
) -> CertificationBody:
    return _structure_object(
        request, selectors.certification_bodies_visible_to(request.user), pk, capability
    )


def network_role_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.MANAGE
) -> Role:
    """A staff or certification-body role (never an organization's)."""
    role, _capabilities = object_for(
        selectors.network_roles_visible_to(request.user).select_related(
            "user", "country_network", "certification_body"
        ),
        pk=pk,
        capability=capability,
        capabilities_of=lambda _role: network_role_capabilities(request.user),
    )
    return role


def network_invitation_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.MANAGE
) -> Invitation:
    """An invitation to a staff or certification-body role."""
    invitation, _capabilities = object_for(
        selectors.network_invitations_visible_to(request.user),
        pk=pk,
        capability=capability,
        capabilities_of=lambda _invitation: network_role_capabilities(request.user),
    )
    return invitation


def outbox_page(request: HttpRequest) -> None:
    require(selectors.can_manage_outbox(request.user))


def outbox_message_for(request: HttpRequest, pk: int) -> OutboxMessage:
    message, _capabilities = object_for(
        selectors.outbox_visible_to(request.user),
        pk=pk,
        capability=Capability.MANAGE,
        capabilities_of=lambda _message: (
            {Capability.MANAGE} if selectors.can_manage_outbox(request.user) else set()
        ),
    )
    return message

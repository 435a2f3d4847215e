from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from producers.selectors import Capability, organization_capabilities, organizations_visible_to


def organization_for(request, pk: int, capability: Capability = Capability.VIEW):
    """The organization if the user may see it (else 404) and has the capability (else
    403), with the user's capabilities on it."""
    organization = get_object_or_404(
        organizations_visible_to(request.user).select_related("country_network"), pk=pk
    )
    capabilities = organization_capabilities(request.user, organization)
    if capability not in capabilities:
        raise PermissionDenied
    return organization, capabilities

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
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


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

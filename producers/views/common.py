from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

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


def invite_from_form(request, form, *, kind, **scope) -> None:
    """Send the invitation an invite form describes, to the role `kind` in `scope`
    (organization=, country_network= or certification_body=), and say so."""
    from producers.services.people import invitation_create

    email = form.cleaned_data["email"]
    invitation_create(
        by=request.user, email=email, kind=kind, language=form.cleaned_data["language"], **scope
    )
    messages.success(request, _("An invitation was sent to %(email)s.") % {"email": email})

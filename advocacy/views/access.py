"""How advocacy views get their objects (network/access.py): `<thing>_for(request, pk,
capability)` looks the object up through its `*_visible_to` selector and checks the
capability. Everyone may VIEW what is public (a declared town's certificate, a
resource's file); MANAGE is staff work, and for anyone else the objects of /manage/ do
not exist (404, even a published campaign, so ids cannot be probed); staff pages
without an object answer them 403 (`staff_only`). Plus the one way a POST button runs
a state-machine step."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from advocacy import selectors
from advocacy.models import Campaign, CampaignUpdate, Declaration, DeclarationGoal, Resource
from advocacy.selectors import Capability
from advocacy.services.common import GuardFailed, TransitionNotAllowed
from network.access import object_for, require


def staff_only(view):
    """For staff views without an object: signed in (else the login page), and able to
    manage campaigns (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require(Capability.MANAGE in selectors.advocacy_capabilities(request.user))
        return view(request, *args, **kwargs)

    return wrapper


def _object_for(request: HttpRequest, visible, pk: int, capability: Capability):
    capabilities = selectors.advocacy_capabilities(request.user)
    if capability not in capabilities:
        visible = visible.none()  # staff work: for anyone else the object does not exist
    found, _capabilities = object_for(
        visible, pk=pk, capability=capability, capabilities_of=lambda _found: capabilities
    )
    return found


def campaign_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.MANAGE
) -> Campaign:
    return _object_for(request, selectors.campaigns_visible_to(request.user), pk, capability)


def update_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.MANAGE
) -> CampaignUpdate:
    return _object_for(request, selectors.updates_visible_to(request.user), pk, capability)


def declaration_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.MANAGE
) -> Declaration:
    return _object_for(request, selectors.declarations_visible_to(request.user), pk, capability)


def declaration_goal_for(
    request: HttpRequest, pk: int, number: int, capability: Capability = Capability.MANAGE
) -> tuple[Declaration, DeclarationGoal]:
    """One of the five goals of a declaration (1 to 5), with the declaration."""
    declaration = declaration_for(request, pk, capability)
    return declaration, get_object_or_404(
        selectors.goals_of(declaration).select_related("verified_by"), number=number
    )


def resource_for(
    request: HttpRequest, pk: int, capability: Capability = Capability.MANAGE
) -> Resource:
    return _object_for(request, selectors.resources_visible_to(request.user), pk, capability)


def transition(
    request: HttpRequest,
    step: Callable[[], object],
    *,
    back: str,
    pk: int,
    not_allowed: str,
    done: str = "",
) -> HttpResponse:
    """Run one state-machine step and go back to the object's page with a message: `done`,
    the guard's own explanation, or `not_allowed` when the state forbids the move."""
    try:
        step()
    except GuardFailed as error:
        messages.error(request, str(error))
    except TransitionNotAllowed:
        messages.error(request, not_allowed)
    else:
        if done:
            messages.success(request, done)
    return redirect(back, pk=pk)

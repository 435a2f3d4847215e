"""How a staff view gets its object: signed in (else the login page), then the object
through a selector (404 outside scope), then the capability (403). Plus the one way a
POST button runs a state-machine step."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from advocacy import selectors
from advocacy.models import Campaign, CampaignUpdate, Declaration, Resource
from advocacy.services.common import GuardFailed, TransitionNotAllowed


def require_capability(request: HttpRequest) -> None:
    if not selectors.can_manage_campaigns(request.user):
        raise PermissionDenied


def staff_page(view):
    """For views on one object: they resolve it first (404) through the helpers below,
    which then check the capability (403)."""
    return login_required(view)


def staff_only(view):
    """For views without an object: the capability is all there is to check."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_capability(request)
        return view(request, *args, **kwargs)

    return wrapper


def campaign_for(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    require_capability(request)
    return campaign


def update_for(request: HttpRequest, pk: int) -> CampaignUpdate:
    if not selectors.can_manage_campaigns(request.user):
        raise Http404  # updates are staff work: they do not exist for anyone else
    return get_object_or_404(CampaignUpdate.objects.select_related("campaign"), pk=pk)


def declaration_for(request: HttpRequest, pk: int) -> Declaration:
    declaration = get_object_or_404(selectors.declarations_visible_to(request.user), pk=pk)
    require_capability(request)
    return declaration


def resource_for(request: HttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(selectors.resources_visible_to(request.user), pk=pk)
    require_capability(request)
    return resource


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

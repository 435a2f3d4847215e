"""How a staff view gets its object: signed in (else the login page), then the
capability, then the object through a selector. For someone without the capability the
objects of /manage/ do not exist (404, so ids cannot be probed); pages without an
object answer them 403. Plus the one way a POST button runs a state-machine step."""

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
    """For views on one object: they resolve it through the helpers below (404 without
    the capability or outside scope)."""
    return login_required(view)


def staff_only(view):
    """For views without an object: the capability is all there is to check."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_capability(request)
        return view(request, *args, **kwargs)

    return wrapper


def _managed(request: HttpRequest, objects, pk: int):
    if not selectors.can_manage_campaigns(request.user):
        raise Http404  # staff work: for anyone else the object does not exist
    return get_object_or_404(objects, pk=pk)


def campaign_for(request: HttpRequest, pk: int) -> Campaign:
    return _managed(request, selectors.campaigns_visible_to(request.user), pk)


def update_for(request: HttpRequest, pk: int) -> CampaignUpdate:
    return _managed(request, CampaignUpdate.objects.select_related("campaign"), pk)


def declaration_for(request: HttpRequest, pk: int) -> Declaration:
    return _managed(request, selectors.declarations_visible_to(request.user), pk)


def resource_for(request: HttpRequest, pk: int) -> Resource:
    return _managed(request, selectors.resources_visible_to(request.user), pk)


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

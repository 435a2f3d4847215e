"""Email delivery, for network-wide staff: failed and waiting messages, and retrying."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from network import outbox, selectors
from network.models import OUTBOX, OutboxMessage
from network.pagination import paginate, query_string_without_page
from network.views.access import outbox_message_for, outbox_page
from network.workflow import GuardFailed, TransitionNotAllowed


@login_required
@require_GET
def outbox_list(request: HttpRequest) -> HttpResponse:
    """Emails given up on, with why, and those waiting for their next attempt."""
    outbox_page(request)
    status = request.GET.get("status")
    if status not in selectors.OUTBOX_PROBLEMS:
        status = OutboxMessage.Status.FAILED
    page_obj = paginate(request, selectors.outbox_problems(request.user, status=status))
    rows = [
        {
            "message": message,
            "buttons": OUTBOX.buttons(
                message,
                url=lambda transition, pk=message.pk: reverse("network:outbox_retry", args=[pk]),
                allowed=lambda transition: transition.name == "retry",
            ),
        }
        for message in page_obj
    ]
    context = {
        "status": status,
        "counts": selectors.outbox_problem_counts(request.user),
        "rows": rows,
        "page_obj": page_obj,
        "query_string": query_string_without_page(request),
    }
    return render(request, "network/outbox_list.html", context)


@login_required
@require_POST
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = outbox_message_for(request, pk)
    try:
        outbox.outbox_retry(message=message, by=request.user)
    except GuardFailed as error:
        messages.error(request, str(error))
    except TransitionNotAllowed:
        messages.error(request, _("This email has not failed: there is nothing to retry."))
    else:
        messages.success(request, _("The email is being sent again."))
    return redirect("network:outbox_list")


@login_required
@require_POST
def outbox_retry_failed(request: HttpRequest) -> HttpResponse:
    outbox_page(request)
    count = outbox.outbox_retry_failed(by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d email will be sent again within a minute.",
            "%(count)d emails will be sent again within a minute.",
            count,
        )
        % {"count": count},
    )
    return redirect("network:outbox_list")

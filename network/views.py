from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from network import outbox, selectors, services
from network.forms import LanguageForm, ProfileForm
from network.models import OUTBOX, OutboxMessage
from network.pagination import paginate, query_string_without_page
from network.workflow import GuardFailed, TransitionNotAllowed


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "network/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "network/dashboard.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, data=form.cleaned_data)
        translation.activate(request.user.language)
        messages.success(request, _("Your profile was saved."))
        return redirect("network:profile")
    return render(request, "network/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the account."""
    form = LanguageForm(request.POST)
    response = django_set_language(request)
    if form.is_valid() and request.user.is_authenticated:
        request.user.language = form.cleaned_data["language"]
        request.user.save(update_fields=["language"])
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        response["Location"] = "/"
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether the database, Redis and at least one Celery worker answer."""
    checks = {"database": _check_database(), "redis": _check_redis(), "worker": _check_worker()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return f"error: {type(error).__name__}"


def _check_redis() -> str:
    try:
        cache.set("healthz", "ok", timeout=10)
        return "ok" if cache.get("healthz") == "ok" else "error: no round trip"
    except Exception as error:  # noqa: BLE001
        return f"error: {type(error).__name__}"


def _check_worker() -> str:
    from network.celery import app

    try:
        replies = app.control.ping(timeout=settings.MINGA_HEALTHZ_WORKER_TIMEOUT)
    except Exception as error:  # noqa: BLE001
        return f"error: {type(error).__name__}"
    return "ok" if replies else "error: no worker answered"


# --- Email delivery (network-wide staff) -------------------------------------------------


def outbox_message_for(request: HttpRequest, pk: int) -> OutboxMessage:
    message = get_object_or_404(selectors.outbox_visible_to(request.user), pk=pk)
    if not selectors.can_manage_outbox(request.user):
        raise PermissionDenied
    return message


@login_required
@require_GET
def outbox_list(request: HttpRequest) -> HttpResponse:
    """Emails given up on, with why, and those waiting for their next attempt."""
    if not selectors.can_manage_outbox(request.user):
        raise PermissionDenied
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
    if not selectors.can_manage_outbox(request.user):
        raise PermissionDenied
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

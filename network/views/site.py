"""The site's own pages: home, dashboard, one's profile and language, health."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from network import services
from network.forms import LanguageForm, ProfileForm


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

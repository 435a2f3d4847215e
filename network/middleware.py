import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from network.permissions import mfa_enabled, mfa_required


class ResponseHeadersMiddleware:
    """Headers no view should have to remember. First in MIDDLEWARE, so static files get
    them too.
    - Permissions-Policy on every response: no page of ours uses the camera, the
      microphone, the location or the like, so no page (or content slipped into one)
      may ask for them.
    - Pages shown to a signed-in person are never stored by the browser or a proxy
      (`no-store`): after signing out, Back shows nothing private (ASVS 8.2.1). Downloads
      already say so themselves; public pages keep their own caching."""

    permissions_policy = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer", "autoplay", "bluetooth", "camera", "display-capture",
            "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi",
            "payment", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
        )
    )  # fmt: skip

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)  # unset when static files answered early
        if (
            user is not None
            and user.is_authenticated
            and response.get("Content-Type", "").startswith("text/html")
        ):
            add_never_cache_headers(response)
        return response


class UserLanguageMiddleware:
    """A signed-in user sees the portal in their preferred language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class RequireMFAMiddleware:
    """Users who must use MFA (see network.permissions.mfa_required) are sent to set it
    up before anything else; account, MFA and static pages stay reachable."""

    allowed_prefixes = ("/accounts/", "/i18n/", "/healthz", "/static/", "/verify/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and mfa_required(user)
            and not mfa_enabled(user)
        ):
            messages.warning(
                request, _("Your role requires two-factor authentication. Set it up to continue.")
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Signs a user out after MINGA_SESSION_IDLE seconds without a request, and after
    SESSION_COOKIE_AGE seconds since sign-in whatever the activity (ASVS 7.3)."""

    touch_every = 60  # seconds; avoids a session write on every request

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("minga_started_at", now)
            last_seen = session.get("minga_last_seen", now)
            if (
                now - last_seen > settings.MINGA_SESSION_IDLE
                or now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(request, _("Your session expired. Please sign in again."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if now - last_seen >= self.touch_every or "minga_last_seen" not in session:
                session["minga_last_seen"] = now
        return self.get_response(request)

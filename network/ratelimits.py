"""The one per-client limit: public forms and the public API. More requests from one
address than the rate allows get a 429 (forms: a page in the visitor's language,
templates/too_many.html; the API: its JSON error) instead of the view, and a line in the
security log. Counts live in the Redis cache (django-ratelimit).

    @public_form_limit("join", rate="20/h")
    def organization_apply_view(request): ...

    if over_limit(request, "api", rate="120/m", method=ALL): ...  # any other caller

`rate` is a django-ratelimit rate, or a function returning one (read at each request, so
settings can change it); settings.MINGA_FORM_RATES[name] overrides it (benchmarks and
fuzzing raise it).
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL  # noqa: F401 - re-exported for callers
from django_ratelimit.core import is_ratelimited

security_log = logging.getLogger("minga.security")


def over_limit(request, name: str, *, rate: str | Callable[[], str], method="POST") -> bool:
    """Count this request (if its method is counted) against `name`'s limit for its
    client address; True, and logged, once beyond it."""
    limited = is_ratelimited(
        request,
        group=f"public-form:{name}",
        # Without an address (a WSGI server that sets none) one shared bucket, not a 500.
        key="ip" if request.META.get("REMOTE_ADDR") else _NO_ADDRESS,
        rate=_rate(name, rate),
        method=method,
        increment=True,
    )
    if limited:
        security_log.warning(
            "public form limited form=%s ip=%s", name, request.META.get("REMOTE_ADDR")
        )
    return limited


def _NO_ADDRESS(group, request):  # noqa: N802 - a constant-like key function
    return "no-address"


def public_form_limit(form: str, *, rate: str | Callable[[], str]):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and over_limit(request, form, rate=rate):
                return too_many(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many(request):
    return render(request, "too_many.html", {"back_url": request.path}, status=429)


def _rate(form: str, rate) -> str:
    override = getattr(settings, "MINGA_FORM_RATES", {}).get(form)
    if override:
        return override
    return rate() if callable(rate) else rate

"""The one per-IP limit on public forms: more POSTs from one address than the form's
rate get a 429 page in the visitor's language (templates/too_many.html) instead of the
view, and a line in the security log. Counts live in the Redis cache (django-ratelimit).

    @public_form_limit("join", rate="20/h")
    def organization_apply_view(request): ...

`rate` is a django-ratelimit rate, or a function returning one (read at each request, so
settings can change it); settings.MINGA_FORM_RATES[form] overrides it (benchmarks and
fuzzing raise it).
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

security_log = logging.getLogger("minga.security")


def public_form_limit(form: str, *, rate: str | Callable[[], str]):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and is_ratelimited(
                request,
                group=f"public-form:{form}",
                key="ip",
                rate=_rate(form, rate),
                method="POST",
                increment=True,
            ):
                security_log.warning(
                    "public form limited form=%s ip=%s", form, request.META.get("REMOTE_ADDR")
                )
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

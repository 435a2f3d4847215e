"""Pages of notifications and reminders: a person's notification centre and email
preferences, the one-click unsubscribe of optional reminder emails, and the staff page
of reminders to come, sent and failed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from network import reminders, selectors, services
from network.forms import ReminderPreferencesForm
from network.models import Notification
from network.pagination import paginate, query_string_without_page
from network.ratelimits import public_form_limit


def notification_for(request: HttpRequest, pk: int) -> Notification:
    """One of the person's own notifications; anyone else's does not exist (404)."""
    return get_object_or_404(selectors.notifications_of(request.user), pk=pk)


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    page_obj = paginate(request, selectors.notifications_of(request.user), per_page=30)
    rows = [
        {"notification": notification, "title": reminders.notification_title(notification)}
        for notification in page_obj
    ]
    return render(
        request,
        "network/notifications.html",
        {"rows": rows, "page_obj": page_obj, "query_string": query_string_without_page(request)},
    )


def _back(request: HttpRequest):
    """Where a mark-as-read button returns: the page it was on, if it is ours."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("network:notifications")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notification_read(notification=notification_for(request, pk))
    return _back(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    return _back(request)


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Which optional reminders the person gets by email."""
    families = reminders.optional_families(request.user)
    key = reminders.user_key(request.user)
    off = selectors.reminder_opt_outs(key)
    form = ReminderPreferencesForm(
        request.POST if request.method == "POST" else None,  # nothing ticked is an answer
        families=families,
        initial={"emailed": [family.name for family in families if family.name not in off]},
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_preferences_save(
            user=request.user,
            offered=[family.name for family in families],
            emailed=form.cleaned_data["emailed"],
        )
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("network:notification_settings")
    return render(
        request, "network/notification_settings.html", {"form": form, "families": families}
    )


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without our CSRF cookie.
@public_form_limit("reminders_unsubscribe", rate="120/m")
@require_http_methods(["GET", "POST"])
def reminders_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """An optional reminder's link: GET asks (link checkers open links), POST stops."""
    found = reminders.unsubscribe_token_read(token)
    if found is None:
        return render(request, "network/reminders_unsubscribe.html", {"invalid": True}, status=400)
    recipient_key, family_name = found
    family = reminders.family_named(family_name)
    done = request.method == "POST"
    if done:
        services.reminders_unsubscribe(recipient_key=recipient_key, family=family_name)
    return render(
        request,
        "network/reminders_unsubscribe.html",
        {"family": family, "done": done, "token": token},
    )


@login_required
@require_GET
def reminders_overview(request: HttpRequest) -> HttpResponse:
    """For network-wide staff: what the rules will send in the coming weeks, what was
    sent (the ledger), and how many reminder emails failed (handled on the email page)."""
    if not selectors.can_follow_reminders(request.user):
        raise PermissionDenied
    show = request.GET.get("show")
    show = show if show in ("upcoming", "sent") else "upcoming"
    if show == "upcoming":
        page_obj = paginate(request, reminders.reminders_upcoming())
        rows = list(page_obj)
    else:
        page_obj = paginate(request, selectors.reminders_sent_visible_to(request.user))
        rows = [{"claim": claim, "rule": reminders.rule_named(claim.rule)} for claim in page_obj]
    return render(
        request,
        "network/reminders.html",
        {
            "show": show,
            "rows": rows,
            "page_obj": page_obj,
            "query_string": query_string_without_page(request),
            "failed": selectors.reminder_emails_failed(request.user),
            "upcoming_days": settings.REMINDERS_UPCOMING_DAYS,
        },
    )

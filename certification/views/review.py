"""The certification body's side: the applications addressed to it, the whole file on one
page, and its moves (eligibility review, return with what to correct, accept, objection
period, quote). Network staff follow the same pages without acting (their country's
applications, or all for network-wide staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification import selectors
from certification.forms.review import QuoteForm, ReturnForm
from certification.models import APPLICATION, Application
from certification.selectors import ApplicationCapability
from certification.services import reviews as services
from certification.views.access import application_for
from certification.views.applications import move_page, posted_data
from network.pagination import paginate, query_string_without_page
from network.selectors import has_staff_role
from network.workflow import TransitionError

# The body's moves that post at once (or with a reason) and those with a page of their own.
REVIEW_MOVES = ("start_review", "open_objections", "accept", "close_objections")
FORM_PAGES = {"return": "certification:review_return", "send_quote": "certification:quote_send"}


def review_for(request, pk: int, capability=None):
    """The application for its review page: body people who review or decide, and the
    network staff who see it; the cooperative's own people use their page (403)."""
    application, capabilities = application_for(request, pk, capability)
    if not (
        capabilities & {ApplicationCapability.REVIEW, ApplicationCapability.DECIDE}
        or has_staff_role(request.user)
    ):
        raise PermissionDenied
    return application, capabilities


@login_required
@require_GET
def review_list(request):
    if not selectors.may_follow_reviews(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    return render(
        request,
        "certification/review/list.html",
        {
            "page_obj": paginate(
                request, selectors.applications_to_review(request.user, status=status)
            ),
            "query_string": query_string_without_page(request),
            "status": status,
            "statuses": [s for s in Application.Status.choices if s[0] != "draft"],
        },
    )


@login_required
@require_GET
def review_detail(request, pk: int):
    """The whole file on one page: the application, its documents, objections,
    self-evaluation, returns, quotes and history, with the body's moves."""
    application, capabilities = review_for(request, pk)
    may_review = ApplicationCapability.REVIEW in capabilities
    return render(
        request,
        "certification/review/detail.html",
        {
            "application": application,
            "capabilities": capabilities,
            "file": selectors.application_file(application),
            "may_review": may_review,
            "buttons": APPLICATION.buttons(
                application,
                url=lambda t: _move_url(application, t.name),
                allowed=lambda t: may_review and (t.name in REVIEW_MOVES or t.name in FORM_PAGES),
                form_pages=FORM_PAGES,
            ),
            "history": APPLICATION.timeline(application),
        },
    )


def _move_url(application, name: str) -> str:
    if name in FORM_PAGES:
        return reverse(FORM_PAGES[name], args=[application.pk])
    return reverse("certification:review_move", args=[application.pk, name])


@login_required
@require_http_methods(["GET", "POST"])
def review_move(request, pk: int, transition: str):
    if transition not in REVIEW_MOVES:
        raise Http404
    application, _capabilities = review_for(request, pk, ApplicationCapability.REVIEW)
    return move_page(
        request,
        application,
        transition,
        done=reverse("certification:review_detail", args=[pk]),
        template="certification/review/move.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_return(request, pk: int):
    """Return for corrections: what to correct, per section and per document."""
    application, _capabilities = review_for(request, pk, ApplicationCapability.REVIEW)
    form = ReturnForm(posted_data(request), application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_return(
                application=application,
                by=request.user,
                items=form.items(),
                note=form.cleaned_data["note"],
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The application was returned to the cooperative."))
            return redirect("certification:review_detail", pk=pk)
    return render(
        request,
        "certification/review/return.html",
        {
            "application": application,
            "form": form,
            "possible": APPLICATION.state_of(application) in APPLICATION.by_name["return"].sources,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quote_send(request, pk: int):
    application, _capabilities = review_for(request, pk, ApplicationCapability.REVIEW)
    form = QuoteForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.quote_send(application=application, by=request.user, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The quote was sent; its PDF is being prepared."))
            return redirect("certification:review_detail", pk=pk)
    return render(
        request,
        "certification/review/quote.html",
        {
            "application": application,
            "form": form,
            "possible": application.status in APPLICATION.by_name["send_quote"].sources,
        },
    )

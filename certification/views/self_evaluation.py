"""The cooperative's self-evaluation: an overview with the progress and the submission,
and one page per section of the standard with a small form per criterion.

Each answer is saved on its own: with JavaScript, htmx posts the criterion's form as the
person types or picks (and the page keeps its place); without it, the criterion's Save
button posts the same form and comes back to it. Answers are edited by people with
EDIT while the application is in SELF_EVALUATION; everyone else who sees the
application (the organization's viewers, its certification body, staff) reads them."""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certification import selectors
from certification.forms.self_evaluation import AnswerForm
from certification.models import Application, Criterion, SelfEvaluationAnswer
from certification.selectors import ApplicationCapability
from certification.services.applications import application_move
from certification.services.self_evaluation import SelfEvaluationClosed, answer_save
from certification.views.access import application_for
from network.concurrency import StaleEdit
from network.files import attachment_response, download_name
from network.workflow import TransitionError
from producers.selectors import organization_small_producer_test

# --- Access --------------------------------------------------------------------------------


def self_evaluation_for(request, pk: int, capability=ApplicationCapability.VIEW):
    """The application whose self-evaluation the user may see (404 before its quote was
    accepted: there is none yet) and has the capability on (else 403)."""
    application, capabilities = application_for(request, pk, capability)
    if application.status not in selectors.SELF_EVALUATION_STATUSES:
        raise Http404
    return application, capabilities


def may_answer(application: Application, capabilities) -> bool:
    return (
        ApplicationCapability.EDIT in capabilities
        and application.status == Application.Status.SELF_EVALUATION
    )


def criterion_for(application: Application, criterion_pk: int) -> Criterion:
    """A criterion this application answers (else 404)."""
    return get_object_or_404(selectors.self_evaluation_criteria(application), pk=criterion_pk)


def section_url(application: Application, code: str, criterion: Criterion | None = None) -> str:
    url = reverse("certification:self_evaluation_section", args=[application.pk, code])
    return f"{url}#criterion-{criterion.code}" if criterion else url


# --- Pages ---------------------------------------------------------------------------------


def _overview(request, application, capabilities, *, refusal: str = "", status: int = 200):
    progress = selectors.self_evaluation_progress(application)
    return render(
        request,
        "certification/self_evaluation/overview.html",
        {
            "application": application,
            "capabilities": capabilities,
            "may_answer": may_answer(application, capabilities),
            "progress": progress,
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@require_GET
def self_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    application, capabilities = self_evaluation_for(request, pk)
    return _overview(request, application, capabilities)


@dataclass
class Row:
    """One criterion on its section's page."""

    criterion: Criterion
    answer: SelfEvaluationAnswer | None
    form: AnswerForm
    register_test: object = None


def _section_page(request, application, capabilities, code, *, bound=None, status=200):
    """The section's page; `bound` is a criterion's form posted without JavaScript and
    refused, shown with what was typed and why."""
    progress = selectors.self_evaluation_progress(application)
    current = progress.section(code)
    if current is None:
        raise Http404
    criteria = list(selectors.self_evaluation_criteria(application).filter(section=current.section))
    answers = selectors.self_evaluation_answers(application, criteria)
    editable = may_answer(application, capabilities)
    library = (
        list(selectors.document_library(request.user, application.organization)) if editable else []
    )
    register_test = proposal = None
    if any(criterion.from_member_register for criterion in criteria):
        register_test = organization_small_producer_test(application.organization)
        proposal = selectors.register_proposal(register_test)
    rows = []
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        if bound is not None and bound.criterion.pk == criterion.pk:
            form = bound
        else:
            form = AnswerForm(
                criterion=criterion,
                library=library,
                answer=answer,
                proposal=proposal if criterion.from_member_register else None,
            )
        rows.append(
            Row(criterion, answer, form, register_test if criterion.from_member_register else None)
        )
    codes = [row.section.code for row in progress.sections]
    position = codes.index(code)
    return render(
        request,
        "certification/self_evaluation/section.html",
        {
            "application": application,
            "capabilities": capabilities,
            "may_answer": editable,
            "progress": progress,
            "current": current,
            "previous": progress.sections[position - 1] if position > 0 else None,
            "next": progress.sections[position + 1] if position + 1 < len(codes) else None,
            "rows": rows,
        },
        status=status,
    )


@login_required
@require_GET
def self_evaluation_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    application, capabilities = self_evaluation_for(request, pk)
    return _section_page(request, application, capabilities, section)


@login_required
@require_GET
def self_evaluation_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A document the organization gave as evidence, for whoever reads the
    self-evaluation (the body's people only with a current "no conflict" declaration:
    `application_for`); 404 for a document no answer names."""
    application, _capabilities = self_evaluation_for(request, pk)
    try:
        version = selectors.self_evaluation_evidence(application, document_pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    extension = version.file_name.rsplit(".", 1)[-1]
    return attachment_response(
        version.file_name,
        download_as=download_name(version.original_name, fallback=f"document.{extension}"),
        content_type=version.content_type,
    )


# --- Saving one answer ---------------------------------------------------------------------


def signed_in_or_told(view):
    """login_required; but an autosave after the session ended gets a line in the
    criterion's status saying so (following the redirect, htmx would put the sign-in
    page there), and the page keeps what the person typed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.htmx and not request.user.is_authenticated:
            return render(request, "certification/self_evaluation/_signed_out.html")
        return login_required(view)(request, *args, **kwargs)

    return wrapper


@signed_in_or_told
@require_http_methods(["GET", "POST"])
def self_evaluation_answer(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    """Save one criterion's answer: htmx gets the saved state back (and the new version
    and progress, out of band); a plain POST goes back to the criterion on its page."""
    application, capabilities = self_evaluation_for(request, pk)
    criterion = criterion_for(application, criterion_pk)
    code = criterion.section.code
    if request.method == "GET":
        return redirect(section_url(application, code, criterion))
    if ApplicationCapability.EDIT not in capabilities:
        raise PermissionDenied
    library = list(selectors.document_library(request.user, application.organization))
    answer = selectors.self_evaluation_answers(application, [criterion]).get(criterion.pk)
    form = AnswerForm(request.POST, criterion=criterion, library=library, answer=answer)
    if form.is_valid():
        data = form.cleaned_data
        try:
            answer = answer_save(
                application=application,
                criterion=criterion,
                by=request.user,
                verdict=data["verdict"],
                how=data["how"],
                documents=data["documents"],
                version=data["version"],
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except SelfEvaluationClosed:
            return _closed(request, application, capabilities, code)
        else:
            if not request.htmx:
                messages.success(
                    request, _("Your answer to %(code)s was saved.") % {"code": criterion.code}
                )
                return redirect(section_url(application, code, criterion))
    if request.htmx:
        # 200 even for a refusal: htmx swaps in only successful responses.
        progress = selectors.self_evaluation_progress(application)
        return render(
            request,
            "certification/self_evaluation/_saved.html",
            {
                "application": application,
                "criterion": criterion,
                "form": form,
                "answer": answer,
                "progress": progress,
                "current": progress.section(code),
            },
        )
    return _section_page(request, application, capabilities, code, bound=form)


def _closed(request, application, capabilities, code) -> HttpResponse:
    """Someone submitted the self-evaluation meanwhile: the page, read-only now, says so
    (htmx reloads it)."""
    messages.error(request, _("The self-evaluation was submitted: answers no longer change."))
    if request.htmx:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    application.refresh_from_db()
    return _section_page(request, application, capabilities, code, status=409)


# --- Submitting -------------------------------------------------------------------------------


@login_required
@require_POST
def self_evaluation_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit the self-evaluation (the application becomes ready for evaluation); refused,
    the overview lists each unanswered critical criterion with a link to it."""
    application, capabilities = self_evaluation_for(request, pk, ApplicationCapability.EDIT)
    try:
        application_move(
            application=application, transition="complete_self_evaluation", by=request.user
        )
    except TransitionError as refusal:
        application.refresh_from_db()
        return _overview(request, application, capabilities, refusal=str(refusal))
    messages.success(
        request,
        _("The self-evaluation was submitted. The certification body can now plan the evaluation."),
    )
    return redirect("certification:self_evaluation", pk=application.pk)

"""The cooperative's side of an application: readiness before filing, starting one, the
application page, its sections (each saved on its own, as a draft), the moves it makes
(submit, answer the quote, withdraw) and the files it reads (map, documents, quotes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification import selectors
from certification.forms.applications import (
    ApplicationStartForm,
    ReadinessForm,
    section_page,
)
from certification.forms.review import ReasonForm
from certification.models import APPLICATION, ApplicationSection
from certification.selectors import ApplicationCapability
from certification.services import applications as services
from certification.views.access import application_for
from network.concurrency import StaleEdit
from network.files import attachment_response, download_name
from network.pagination import paginate
from network.workflow import TransitionError
from producers.selectors import Capability, organization_capabilities, organizations_visible_to

# The moves the cooperative makes (the body's are in views/review.py).
COOPERATIVE_MOVES = ("submit", "resubmit", "accept_quote", "reject_quote", "withdraw")
SECTIONS = list(ApplicationSection)


def posted_data(request):
    """The form's data on a POST, even an empty one (which must fail validation, not
    show the blank form again as if nothing was sent)."""
    return request.POST if request.method == "POST" else None


def _organization_for(request, pk: int, capability=Capability.VIEW):
    organization = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    if capability not in organization_capabilities(request.user, organization):
        raise PermissionDenied
    return organization


@login_required
@require_GET
def application_list(request):
    return render(
        request,
        "certification/applications/list.html",
        {
            "page_obj": paginate(request, selectors.applications_listed(request.user)),
            "organizations": selectors.organizations_applying(request.user),
        },
    )


@login_required
@require_GET
def readiness(request, organization_pk: int):
    """What the organization can already show, before it files anything."""
    organization = _organization_for(request, organization_pk)
    form = ReadinessForm(request.GET or None)
    kind, day = form.answer()
    # Starting from here carries the question over: the type, and the date if one was asked.
    start = {"kind": kind}
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        start["on"] = day.isoformat()
    return render(
        request,
        "certification/applications/readiness.html",
        {
            "organization": organization,
            "form": form,
            "kind": kind,
            "day": day,
            "readiness": selectors.organization_readiness(organization, kind=kind, on=day),
            "may_apply": Capability.EDIT in organization_capabilities(request.user, organization),
            "start_query": urlencode(start),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request, organization_pk: int):
    organization = _organization_for(request, organization_pk, Capability.EDIT)
    form = ApplicationStartForm(
        posted_data(request),
        organization=organization,
        initial={"kind": request.GET.get("kind"), "planned_evaluation_on": request.GET.get("on")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                by=request.user, organization=organization, **form.cleaned_data
            )
        except services.NoStandardInForce:
            form.add_error(None, _("No version of the standard is in force: try again later."))
        else:
            messages.success(
                request,
                _(
                    "The application was started. Fill it in section by "
                    "section; each one is saved on its own."
                ),
            )
            return redirect("certification:application_detail", pk=application.pk)
    return render(
        request,
        "certification/applications/start.html",
        {"organization": organization, "form": form},
    )


@login_required
@require_GET
def application_detail(request, pk: int):
    application, capabilities = application_for(request, pk)
    may_edit = ApplicationCapability.EDIT in capabilities
    return render(
        request,
        "certification/applications/detail.html",
        {
            "application": application,
            "capabilities": capabilities,
            "file": selectors.application_file(application),
            "readiness": selectors.application_readiness(application)
            if application.is_editable
            else None,
            "sections": [
                (ApplicationSection(section), gaps)
                for section, gaps in selectors.section_gaps(application).items()
            ],
            "may_edit": may_edit,
            "buttons": APPLICATION.buttons(
                application,
                url=lambda t: reverse("certification:application_move", args=[pk, t.name]),
                allowed=lambda t: may_edit and t.name in COOPERATIVE_MOVES,
            ),
            "history": APPLICATION.timeline(application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_section(request, pk: int, section: str):
    """One section of the form. Saved alone (a draft may be incomplete); on any error
    nothing is saved and what was typed stays on the page."""
    if section not in ApplicationSection.values:
        raise Http404
    application, capabilities = application_for(request, pk, ApplicationCapability.EDIT)
    posted = request.method == "POST"
    page = section_page(
        section,
        application=application,
        user=request.user,
        data=request.POST if posted else None,
        files=request.FILES if posted else None,
    )
    if not application.is_editable:
        page.disable()
    elif posted and page.is_valid():
        try:
            services.application_section_save(
                application=application,
                by=request.user,
                section=section,
                version=page.form.cleaned_data.get("version"),
                **page.service_arguments(),
            )
        except StaleEdit as stale:
            page.form.refuse_stale(stale)
        except TransitionError as error:
            page.form.add_error(None, error.message)
        else:
            messages.success(request, _("The section was saved."))
            return redirect(_after_save(request, application, section))
    position = SECTIONS.index(section)
    return render(
        request,
        "certification/applications/section.html",
        {
            "application": application,
            "capabilities": capabilities,
            "page": page,
            "section": ApplicationSection(section),
            "previous_section": SECTIONS[position - 1] if position else None,
            "next_section": SECTIONS[position + 1] if position + 1 < len(SECTIONS) else None,
            "gaps": selectors.section_gaps(application)[section],
        },
    )


def _after_save(request, application, section) -> str:
    """Stay on the section (its new blank rows), or go on to the next one."""
    position = SECTIONS.index(section)
    if "next" in request.POST and position + 1 < len(SECTIONS):
        return reverse(
            "certification:application_section",
            args=[application.pk, SECTIONS[position + 1].value],
        )
    if "next" in request.POST:
        return reverse("certification:application_detail", args=[application.pk])
    return reverse("certification:application_section", args=[application.pk, section])


@login_required
@require_http_methods(["GET", "POST"])
def application_move(request, pk: int, transition: str):
    """A move of the cooperative's: a confirmation (or a reason) page, then the move."""
    if transition not in COOPERATIVE_MOVES:
        raise Http404
    application, _capabilities = application_for(request, pk, ApplicationCapability.EDIT)
    return move_page(
        request,
        application,
        transition,
        done=reverse("certification:application_detail", args=[pk]),
        template="certification/applications/move.html",
    )


def move_page(request, application, transition, *, done: str, template: str):
    """The page of one move (both sides use it): why it is not possible now, or its form."""
    move = APPLICATION.by_name[transition]
    form = ReasonForm(posted_data(request), required=move.needs_reason)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_move(
                application=application,
                transition=transition,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Done: %(move)s.") % {"move": move.label})
            return redirect(done)
    possible = application.status in move.sources
    return render(
        request,
        template,
        {
            "application": application,
            "move": move,
            "form": form,
            "possible": possible,
            "blocked": move.blocked_by(application) if possible else None,
            "back": done,
        },
    )


# --- Files of the application -----------------------------------------------------------


@login_required
@require_GET
def application_map(request, pk: int):
    application, _capabilities = application_for(request, pk)
    if not application.area_map_file:
        raise Http404
    extension = application.area_map_file.rsplit(".", 1)[-1]
    return attachment_response(
        application.area_map_file,
        download_as=download_name(
            application.area_map_name, fallback=f"{application.reference}-map.{extension}"
        ),
        content_type=application.area_map_type,
    )


@login_required
@require_GET
def application_document(request, pk: int, link_pk: int):
    """A document of the file: the version sent (or, in a draft, the newest)."""
    application, _capabilities = application_for(request, pk)
    try:
        link = selectors.application_document_link(application, link_pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    version = link.version or selectors.latest_version(link.document)
    if version is None:
        raise Http404
    extension = version.file_name.rsplit(".", 1)[-1]
    return attachment_response(
        version.file_name,
        download_as=download_name(version.original_name, fallback=f"document.{extension}"),
        content_type=version.content_type,
    )


@login_required
@require_GET
def quote_download(request, pk: int, quote_pk: int):
    application, _capabilities = application_for(request, pk)
    try:
        quote = selectors.sent_quote(application, quote_pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    if not quote.pdf_file:
        raise Http404
    return attachment_response(
        quote.pdf_file, download_as=f"{quote.number}.pdf", content_type="application/pdf"
    )

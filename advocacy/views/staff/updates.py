"""Staff pages of updates to signers: compose, edit and preview, send."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from advocacy import selectors
from advocacy.forms.staff import UpdateEditForm, UpdateForm
from advocacy.models import CampaignUpdate
from advocacy.services import updates
from advocacy.views.access import campaign_for, transition, update_for
from network.outbox import render_email
from network.text import as_text


@login_required
@require_http_methods(["GET", "POST"])
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        update = updates.update_create(campaign=campaign, by=request.user, **form.cleaned_data)
        return redirect("advocacy:update_detail", pk=update.pk)
    return render(request, "advocacy/update_form.html", {"form": form, "campaign": campaign})


@login_required
@require_http_methods(["GET", "POST"])
def update_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit (while a draft), preview as a recipient will read it, and follow delivery."""
    update = update_for(request, pk)
    form = None
    if update.status == CampaignUpdate.Status.DRAFT:
        form = UpdateEditForm(request.POST or None, instance=copy.copy(update))
        if request.method == "POST" and form.is_valid():
            updates.update_edit(update=update, by=request.user, **form.cleaned_data)
            messages.success(request, _("Update saved."))
            return redirect("advocacy:update_detail", pk=update.pk)
    elif request.method == "POST":
        return redirect("advocacy:update_detail", pk=update.pk)
    arguments = updates.update_email(update, _PreviewSigner())
    subject, text, _html = render_email(
        template=arguments["template"], context=arguments["context"], language=update.language
    )
    return render(
        request,
        "advocacy/update_detail.html",
        {
            "update": update,
            "form": form,
            "preview_subject": as_text(subject),
            "preview_text": as_text(text),
            "recipients": selectors.update_recipients(update).count(),
        },
    )


class _PreviewSigner:
    pk = 0
    email = "preview@example.org"
    first_name = "Ana"


@login_required
@require_POST
def update_send(request: HttpRequest, pk: int) -> HttpResponse:
    update = update_for(request, pk)
    return transition(
        request,
        lambda: updates.update_send(update=update, by=request.user),
        done=_("Sending: the update leaves in batches."),
        not_allowed=_("This update has already been sent."),
        back="advocacy:update_detail",
        pk=update.pk,
    )

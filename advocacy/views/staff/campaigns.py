"""Staff pages of campaigns: the list, compose, follow, preview, publish and close."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from advocacy import selectors
from advocacy.forms.public import SignatureForm
from advocacy.forms.staff import CampaignForm
from advocacy.models import CAMPAIGN, Campaign
from advocacy.services import campaigns
from advocacy.views.access import campaign_for, staff_only, transition
from network.concurrency import StaleEdit


@staff_only
@require_GET
def manage_campaigns(request: HttpRequest) -> HttpResponse:
    campaign_list = list(selectors.campaigns_to_manage(request.user))
    totals = selectors.campaign_totals([c.pk for c in campaign_list])
    for campaign in campaign_list:
        campaign.total = totals.get(campaign.pk, 0)
    return render(request, "advocacy/manage_campaigns.html", {"campaigns": campaign_list})


@staff_only
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    return _campaign_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _campaign_form(request, campaign_for(request, pk))


def _campaign_form(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    form = CampaignForm(request.POST or None, request.FILES or None, instance=copy.copy(campaign))
    if request.method == "POST" and form.is_valid():
        arguments = {
            "by": request.user,
            "fields": form.fields_for_service(),
            "image": form.new_image(),
        }
        if campaign is None:
            campaign = campaigns.campaign_create(**arguments)
            messages.success(request, _("Campaign saved as a draft. Preview it, then publish."))
            return redirect("advocacy:campaign_manage", pk=campaign.pk)
        try:
            campaigns.campaign_edit(
                campaign=campaign, version=form.cleaned_data["version"], **arguments
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("advocacy:campaign_manage", pk=campaign.pk)
    return render(request, "advocacy/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_GET
def campaign_manage(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk)
    counts = selectors.signatures_counted_live(campaign)
    return render(
        request,
        "advocacy/campaign_manage.html",
        {
            "campaign": campaign,
            "counts": counts,
            "shown_total": selectors.campaign_signature_total(campaign),
            "over_time": selectors.signatures_over_time(campaign),
            "by_country": selectors.signatures_by_country_live(campaign)[:50],
            "updates": selectors.updates_of(campaign),
            "buttons": CAMPAIGN.buttons(
                campaign, url=lambda t: reverse(f"advocacy:campaign_{t.name}", args=[campaign.pk])
            ),
            "activity": selectors.campaign_activity(campaign)[:20],
            "languages": [
                code for code in ("es", "en", "pt", "fr") if campaign.localized("title", code)
            ],  # fmt: skip
        },
    )


@login_required
@require_GET
def campaign_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page as it will look, drafts included (the form does not submit)."""
    campaign = campaign_for(request, pk)
    return render(
        request,
        "advocacy/public/campaign_detail.html",
        {
            "campaign": campaign,
            "preview": True,
            "total": 0,
            "form": SignatureForm() if campaign.takes_signatures else None,
            "is_open": True,
            "by_country": {},
            "recent_signers": [],
            "resources": [],
            "declared": [],
            "share": {"url": "", "text": ""},
        },
    )


@login_required
@require_POST
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk)
    return transition(
        request,
        lambda: campaigns.campaign_publish(campaign=campaign, by=request.user),
        done=_("The campaign is published."),
        not_allowed=_("The campaign cannot be published from its current state."),
        back="advocacy:campaign_manage",
        pk=campaign.pk,
    )


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk)
    return transition(
        request,
        lambda: campaigns.campaign_close(campaign=campaign, by=request.user),
        done=_("The campaign is closed."),
        not_allowed=_("Only a published campaign can be closed."),
        back="advocacy:campaign_manage",
        pk=campaign.pk,
    )

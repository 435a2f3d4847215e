"""Public pages: campaigns, signing, confirming, unsubscribing, declarations, resources.
They work without JavaScript and stay small (see tests/advocacy/test_public_pages.py)."""

from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from advocacy import selectors, tokens
from advocacy.forms.public import DeclarationApplicationForm, ResourceSearchForm, SignatureForm
from advocacy.models import GOALS, Campaign, Signature
from advocacy.selectors import Capability
from advocacy.services import declarations, signatures
from advocacy.services.common import SigningClosed
from advocacy.views.access import declaration_for, resource_for
from network.files import attachment_response, extension_of, image_response
from network.pagination import paginate, query_string_without_page
from network.ratelimits import public_form_limit


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaigns_listed()[:100])
    totals = selectors.campaign_totals([c.pk for c in campaigns])
    for campaign in campaigns:
        campaign.total = totals.get(campaign.pk, 0)
    return render(request, "advocacy/public/campaign_list.html", {"campaigns": campaigns})


def _campaign_page(request, campaign: Campaign, *, form=None, status: int = 200) -> HttpResponse:
    total = selectors.campaign_signature_total(campaign) if campaign.takes_signatures else 0
    url = settings.SITE_URL.rstrip("/") + reverse("advocacy:campaign_detail", args=[campaign.slug])
    share_text = quote(campaign.title)
    context = {
        "campaign": campaign,
        "total": total,
        "goal_reached": bool(campaign.goal and total >= campaign.goal),
        "by_country": selectors.campaign_by_country(campaign) if campaign.takes_signatures else [],
        "recent_signers": selectors.recent_signers(campaign) if campaign.takes_signatures else [],
        "form": form or (SignatureForm() if campaign.takes_signatures else None),
        "is_open": campaign.is_open(),
        "resources": list(
            selectors.resources_visible_to(request.user).filter(campaigns=campaign)[:10]
        ),  # fmt: skip
        "declared": selectors.declared_by_country(kind=campaign.kind)
        if campaign.takes_declarations
        else [],
        "page_url": url,
        "image_url": settings.SITE_URL.rstrip("/")
        + reverse("advocacy:campaign_image", args=[campaign.slug_es])
        if campaign.image
        else "",
        "share": {
            "url": quote(url, safe=""),
            "text": share_text,
        },
    }
    return render(request, "advocacy/public/campaign_detail.html", context, status=status)


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_by_slug(user=request.user, slug=slug)
    return _campaign_page(request, campaign)


@public_form_limit("sign", rate=lambda: settings.ADVOCACY_SIGN_RATE)
@require_http_methods(["GET", "POST"])
def campaign_sign(request: HttpRequest, slug: str) -> HttpResponse:
    """Validate, insert, queue the email after commit; the answer never says whether the
    address had signed before."""
    campaign = selectors.campaign_by_slug(user=request.user, slug=slug)
    if request.method == "GET" or not campaign.takes_signatures:
        return redirect(reverse("advocacy:campaign_detail", args=[slug]) + "#sign")
    if not campaign.is_open():
        return _campaign_page(request, campaign, status=409)
    form = SignatureForm(request.POST)
    if not form.is_valid():
        return _campaign_page(request, campaign, form=form)
    if not form.is_bot():
        data = form.cleaned_data
        try:
            signatures.signature_create(
                campaign=campaign,
                name=data["name"],
                email=data["email"],
                country=data["country"],
                city=data["city"],
                organization=data["organization"],
                consent_updates=data["consent_updates"],
                show_publicly=data["show_publicly"],
                language=_language(),
            )
        except SigningClosed:
            return _campaign_page(request, campaign, status=409)
    return redirect("advocacy:campaign_thanks", slug=slug)


@require_GET
def campaign_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_by_slug(user=request.user, slug=slug)
    return render(request, "advocacy/public/thanks.html", {"campaign": campaign})


@require_GET
def campaign_image(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_by_slug(user=request.user, slug=slug)
    if not campaign.image or not campaign.image_type.startswith("image/"):
        raise Http404
    return image_response(campaign.image.name, content_type=campaign.image_type)


@public_form_limit("confirm", rate="60/m")
@require_http_methods(["GET", "POST"])
def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link shows a button; confirming is a POST, so link scanners that
    open every URL in a message do not confirm on the signer's behalf."""
    signature = selectors.signature_by_token(tokens.confirm_token_read(token), erased=False)
    if signature is None:
        return render(request, "advocacy/public/link_invalid.html", status=400)
    if request.method == "POST":
        signature = signatures.signature_confirm(signature_id=signature.pk)
        if signature is None:
            return render(request, "advocacy/public/link_invalid.html", status=400)
        return render(request, "advocacy/public/confirmed.html", {"campaign": signature.campaign})
    return render(
        request,
        "advocacy/public/confirm.html",
        {"campaign": signature.campaign, "already": signature.is_confirmed},
    )


def _signature_to_unsubscribe(token: str) -> "Signature | None":
    """The signature an update's unsubscribe link names, or None for a bad link."""
    return selectors.signature_by_token(tokens.unsubscribe_token_read(token))


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without our CSRF cookie.
@public_form_limit("unsubscribe", rate="120/m")  # generous: mail providers post for many
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    signature = _signature_to_unsubscribe(token)
    if signature is None:
        return render(request, "advocacy/public/link_invalid.html", status=400)
    if request.method == "POST":
        signatures.signature_unsubscribe(signature_id=signature.pk)
        return render(
            request, "advocacy/public/unsubscribed.html", {"campaign": signature.campaign}
        )
    return render(
        request,
        "advocacy/public/unsubscribe.html",
        {
            "campaign": signature.campaign,
            "token": token,
            "may_stop_all": bool(signature.email) and signature.erased_at is None,
        },
    )


@public_form_limit("unsubscribe", rate="120/m")
@require_POST  # a button on the unsubscribe page, CSRF-protected like any form
def unsubscribe_all(request: HttpRequest, token: str) -> HttpResponse:
    """Stop every campaign's emails to the address the update was sent to."""
    signature = _signature_to_unsubscribe(token)
    if signature is None:
        return render(request, "advocacy/public/link_invalid.html", status=400)
    signatures.signatures_unsubscribe_all(signature_id=signature.pk)
    return render(
        request,
        "advocacy/public/unsubscribed.html",
        {"campaign": signature.campaign, "everything": True},
    )


@public_form_limit("declaration", rate="20/h")
@require_http_methods(["GET", "POST"])
def declaration_apply(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_by_slug(user=request.user, slug=slug)
    if not campaign.takes_declarations:
        raise Http404
    goals = GOALS[campaign.kind]
    form = DeclarationApplicationForm(request.POST or None, goals=goals)
    is_open = campaign.status == Campaign.Status.PUBLISHED
    if request.method == "POST" and is_open and form.is_valid():
        if not form.is_bot():
            declarations.declaration_apply(
                campaign=campaign,
                fields=form.declaration_fields(),
                evidence=form.evidence(),
                language=_language(),
            )
        return redirect("advocacy:declaration_applied", slug=slug)
    return render(
        request,
        "advocacy/public/declaration_apply.html",
        {"campaign": campaign, "form": form, "is_open": campaign.status == "published"},
    )


@require_GET
def declaration_applied(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_by_slug(user=request.user, slug=slug)
    if not campaign.takes_declarations:
        raise Http404
    return render(request, "advocacy/public/declaration_applied.html", {"campaign": campaign})


@require_GET
def declared_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in (Campaign.Kind.TOWNS, Campaign.Kind.UNIVERSITIES):
        kind = ""
    return render(
        request,
        "advocacy/public/declared_list.html",
        {"groups": selectors.declared_by_country(kind=kind or None), "kind": kind},
    )


@require_GET
def declaration_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = declaration_for(request, pk, Capability.VIEW)
    if not declaration.certificate:
        raise Http404
    return attachment_response(
        declaration.certificate.name,
        download_as=f"declaration-{declaration.pk}.pdf",
        content_type="application/pdf",
    )


@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    form = ResourceSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    resources = selectors.resources_search(
        request.user,
        query=filters.get("q", ""),
        tag=filters.get("tag", ""),
        kind=filters.get("kind", ""),
    )
    page = paginate(request, resources, per_page=20)
    return render(
        request,
        "advocacy/public/resource_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query_string_without_page(request),
            "can_manage": selectors.can_manage_campaigns(request.user),
        },
    )


@require_GET
def resource_file(request: HttpRequest, pk: int) -> HttpResponse:
    resource = resource_for(request, pk, Capability.VIEW)
    if not resource.file:
        raise Http404
    return attachment_response(
        resource.file.name,
        download_as=f"resource-{resource.pk}.{extension_of(resource.file_type)}",
        content_type=resource.file_type,
    )

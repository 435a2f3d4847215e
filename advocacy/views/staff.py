"""Staff pages: compose, preview and publish campaigns; follow signatures; send updates;
verify declarations; manage resources. Outside scope → 404, without capability → 403."""

import copy
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from advocacy import selectors, services
from advocacy.forms.public import SignatureForm
from advocacy.forms.staff import (
    CampaignForm,
    GoalEvidenceForm,
    ResourceForm,
    SignerEraseForm,
    SignerSearchForm,
    UpdateEditForm,
    UpdateForm,
)
from advocacy.models import GOAL_COUNT, Campaign, CampaignUpdate, Declaration
from network.email import render_email


def _require_capability(request):
    if not selectors.can_manage_campaigns(request.user):
        raise PermissionDenied


def staff_page(view):
    """Signed in (else the login page), then the object (404), then the capability (403):
    views resolve their object first and call _require_capability themselves."""
    return login_required(view)


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        _require_capability(request)
        return view(request, *args, **kwargs)

    return wrapper


def _campaign(request, pk) -> Campaign:
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    _require_capability(request)
    return campaign


def _update(request, pk) -> CampaignUpdate:
    if not selectors.can_manage_campaigns(request.user):
        raise Http404  # updates are staff work: they do not exist for anyone else
    return get_object_or_404(CampaignUpdate.objects.select_related("campaign"), pk=pk)


def _declaration(request, pk) -> Declaration:
    declaration = get_object_or_404(selectors.declarations_visible_to(request.user), pk=pk)
    _require_capability(request)
    return declaration


# --- Campaigns ---------------------------------------------------------------


@staff_only
@require_GET
def manage_campaigns(request: HttpRequest) -> HttpResponse:
    campaigns = list(Campaign.objects.order_by("status", "-created_at"))
    totals = selectors.campaign_totals([c.pk for c in campaigns])
    for campaign in campaigns:
        campaign.total = totals.get(campaign.pk, 0)
    return render(request, "advocacy/manage_campaigns.html", {"campaigns": campaigns})


@staff_only
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        campaign = services.campaign_create(
            by=request.user,
            fields=form.fields_for_service(),
            image=form.new_image(),
            image_type=form.upload_types.get("image", ""),
        )
        messages.success(request, _("Campaign saved as a draft. Preview it, then publish."))
        return redirect("advocacy:campaign_manage", pk=campaign.pk)
    return render(request, "advocacy/campaign_form.html", {"form": form, "campaign": None})


@staff_page
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = CampaignForm(request.POST or None, request.FILES or None, instance=copy.copy(campaign))
    if request.method == "POST" and form.is_valid():
        services.campaign_edit(
            campaign=campaign,
            by=request.user,
            fields=form.fields_for_service(),
            image=form.new_image(),
            image_type=form.upload_types.get("image", ""),
        )
        messages.success(request, _("Campaign saved."))
        return redirect("advocacy:campaign_manage", pk=campaign.pk)
    return render(request, "advocacy/campaign_form.html", {"form": form, "campaign": campaign})


@staff_page
@require_GET
def campaign_manage(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
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
            "languages": [
                code for code in ("es", "en", "pt", "fr") if campaign.localized("title", code)
            ],  # fmt: skip
        },
    )


@staff_page
@require_GET
def campaign_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page as it will look, drafts included (the form does not submit)."""
    campaign = _campaign(request, pk)
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


@staff_page
@require_POST
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        services.campaign_publish(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is published."))
    except services.GuardFailed as error:
        messages.error(request, str(error))
    except services.TransitionNotAllowed:
        messages.error(request, _("The campaign cannot be published from its current state."))
    return redirect("advocacy:campaign_manage", pk=campaign.pk)


@staff_page
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        services.campaign_close(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is closed."))
    except services.TransitionNotAllowed:
        messages.error(request, _("Only a published campaign can be closed."))
    return redirect("advocacy:campaign_manage", pk=campaign.pk)


@staff_page
@require_GET
def signatures_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    content = services.signatures_export_csv(campaign=campaign, by=request.user)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="signatures-{campaign.pk}-{stamp}.csv"'
    return response


@staff_page
@require_GET
def signers(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = SignerSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = Paginator(selectors.signers_matching(campaign, query=query), 50).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "advocacy/signers.html",
        {
            "campaign": campaign,
            "form": form,
            "page_obj": page,
            "query_string": params.urlencode(),
            "erase_form": SignerEraseForm(),
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def signer_erase(request: HttpRequest) -> HttpResponse:
    form = SignerEraseForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        count = services.signer_erase(email=form.cleaned_data["email"], by=request.user)
        messages.success(request, _("Erased: %(count)s signatures.") % {"count": count})
        return redirect("advocacy:signer_erase")
    return render(request, "advocacy/signer_erase.html", {"form": form})


# --- Updates to signers ------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        update = services.update_create(campaign=campaign, by=request.user, **form.cleaned_data)
        return redirect("advocacy:update_detail", pk=update.pk)
    return render(request, "advocacy/update_form.html", {"form": form, "campaign": campaign})


@staff_page
@require_http_methods(["GET", "POST"])
def update_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit (while a draft), preview as a recipient will read it, and follow delivery."""
    update = _update(request, pk)
    form = None
    if update.status == CampaignUpdate.Status.DRAFT:
        form = UpdateEditForm(request.POST or None, instance=copy.copy(update))
        if request.method == "POST" and form.is_valid():
            services.update_edit(update=update, by=request.user, **form.cleaned_data)
            messages.success(request, _("Update saved."))
            return redirect("advocacy:update_detail", pk=update.pk)
    elif request.method == "POST":
        return redirect("advocacy:update_detail", pk=update.pk)
    sample = _PreviewSigner()
    arguments = services.update_email(update, sample)
    subject, text, _html = render_email(
        template=arguments["template"], context=arguments["context"], language=update.language
    )
    recipients = selectors.update_recipients(update).count()
    return render(
        request,
        "advocacy/update_detail.html",
        {
            "update": update,
            "form": form,
            "preview_subject": subject,
            "preview_text": text,
            "recipients": recipients,
        },
    )


class _PreviewSigner:
    pk = 0
    email = "preview@example.org"
    first_name = "Ana"


@staff_page
@require_POST
def update_send(request: HttpRequest, pk: int) -> HttpResponse:
    update = _update(request, pk)
    try:
        services.update_send(update=update, by=request.user)
        messages.success(request, _("Sending: the update leaves in batches."))
    except services.TransitionNotAllowed:
        messages.error(request, _("This update has already been sent."))
    return redirect("advocacy:update_detail", pk=update.pk)


# --- Declarations ------------------------------------------------------------


@staff_only
@require_GET
def manage_declarations(request: HttpRequest) -> HttpResponse:
    declarations = selectors.declarations_visible_to(request.user).order_by("status", "name")
    status = request.GET.get("status", "")
    if status in Declaration.Status.values:
        declarations = declarations.filter(status=status)
    page = Paginator(declarations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "advocacy/manage_declarations.html",
        {"page_obj": page, "status": status, "statuses": Declaration.Status.choices},
    )


@staff_page
@require_GET
def declaration_manage(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = _declaration(request, pk)
    goals = list(declaration.goals.select_related("verified_by"))
    rows = [
        {
            "goal": goal,
            "form": GoalEvidenceForm(
                initial={"text": goal.evidence_text, "link": goal.evidence_link},
                prefix=f"goal{goal.number}",
            ),
        }
        for goal in goals
    ]
    verified = sum(1 for goal in goals if goal.verified_at)
    return render(
        request,
        "advocacy/declaration_manage.html",
        {
            "declaration": declaration,
            "rows": rows,
            "verified": verified,
            "goal_count": GOAL_COUNT,
            "can_declare": declaration.status == Declaration.Status.IN_PROGRESS
            and verified == GOAL_COUNT,
        },
    )


@staff_page
@require_POST
def declaration_goal(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    declaration = _declaration(request, pk)
    goal = get_object_or_404(declaration.goals, number=number)
    action = request.POST.get("action", "save")
    try:
        if action in ("verify", "unverify"):
            services.declaration_goal_verify(
                goal=goal, by=request.user, verified=action == "verify"
            )
        else:
            form = GoalEvidenceForm(request.POST, request.FILES, prefix=f"goal{number}")
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect("advocacy:declaration_manage", pk=declaration.pk)
            file = form.cleaned_data.get("file") if "file" in form.upload_types else None
            services.declaration_goal_update(
                goal=goal,
                by=request.user,
                text=form.cleaned_data["text"],
                link=form.cleaned_data["link"],
                file=file,
                file_type=form.upload_types.get("file", ""),
            )
        messages.success(request, _("Goal %(number)s saved.") % {"number": number})
    except (services.GuardFailed, services.TransitionNotAllowed) as error:
        messages.error(request, str(error))
    return redirect("advocacy:declaration_manage", pk=declaration.pk)


@staff_page
@require_GET
def declaration_evidence(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    declaration = _declaration(request, pk)
    goal = get_object_or_404(declaration.goals, number=number)
    if not goal.evidence_file:
        raise Http404
    extension = "pdf" if goal.evidence_file_type == "application/pdf" else "img"
    return FileResponse(
        goal.evidence_file.open("rb"),
        as_attachment=True,
        filename=f"evidence-{declaration.pk}-{number}.{extension}",
        content_type=goal.evidence_file_type or "application/octet-stream",
    )


@staff_page
@require_POST
def declaration_start(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = _declaration(request, pk)
    try:
        services.declaration_start(declaration=declaration, by=request.user)
    except services.TransitionNotAllowed:
        messages.error(request, _("This step is not possible from the current state."))
    return redirect("advocacy:declaration_manage", pk=declaration.pk)


@staff_page
@require_POST
def declaration_declare(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = _declaration(request, pk)
    try:
        services.declaration_declare(declaration=declaration, by=request.user)
        messages.success(request, _("Declared. The certificate is being prepared."))
    except services.GuardFailed as error:
        messages.error(request, str(error))
    except services.TransitionNotAllowed:
        messages.error(request, _("This step is not possible from the current state."))
    return redirect("advocacy:declaration_manage", pk=declaration.pk)


# --- Knowledge resources -----------------------------------------------------


@staff_only
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    return _resource_form(request, None)


@staff_page
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(selectors.resources_visible_to(request.user), pk=pk)
    _require_capability(request)
    return _resource_form(request, resource)


def _resource_form(request, resource):
    form = ResourceForm(request.POST or None, request.FILES or None, instance=copy.copy(resource))
    if request.method == "POST" and form.is_valid():
        services.resource_save(
            resource=resource,
            by=request.user,
            fields=form.fields_for_service(),
            campaigns=form.cleaned_data["campaigns"],
            file=form.new_file(),
            file_type=form.upload_types.get("file", ""),
        )
        messages.success(request, _("Resource saved."))
        return redirect("advocacy:resource_list")
    return render(request, "advocacy/resource_form.html", {"form": form, "resource": resource})

"""The committee's resolution on an evaluated file, what the organization sees of it,
the user agreement it accepts, and its appeal. Every rule is the service's: the page
only shows it (a committee member who took part in the file gets a 403 that says why)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from certification import selectors
from certification.forms.decisions import AgreementForm, AppealForm, ResolutionForm
from certification.models import USER_AGREEMENT_VERSION
from certification.selectors import ApplicationCapability
from certification.services.certificates import agreement_refusal, user_agreement_accept
from certification.services.complaints import appeal_file, appeal_refusal
from certification.services.decisions import (
    NotImpartial,
    resolution_record,
    resolution_refusal,
)
from certification.views.access import application_for, resolution_for
from network.workflow import TransitionError


def _refused(request, message: str):
    return render(request, "certification/decisions/refused.html", {"reason": message}, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def resolution_new(request, pk: int):
    application, _capabilities = application_for(request, pk, ApplicationCapability.DECIDE)
    refusal = resolution_refusal(application=application, by=request.user)
    if refusal:
        return _refused(request, refusal)
    form = ResolutionForm(
        request.POST or None,
        outcomes=selectors.outcomes_for(application),
        products=application.organization.product_networks.all(),
        initial={
            "scope_products": list(application.organization.product_networks.all()),
            "scope_activities": ["production"],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resolution = resolution_record(
                application=application,
                by=request.user,
                outcome=data["outcome"],
                reasons=data["reasons"],
                scope_products=list(data["scope_products"]),
                scope_activities=data["scope_activities"],
            )
        except NotImpartial as refused:
            return _refused(request, refused.message)
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, gettext("The resolution was recorded."))
            return redirect("certification:resolution_detail", pk=resolution.pk)
    return render(
        request,
        "certification/decisions/resolution_form.html",
        {
            "application": application,
            "form": form,
            "checklist": selectors.completeness_checklist(application),
            "resolutions": selectors.application_resolutions(application),
        },
    )


@login_required
def resolution_detail(request, pk: int):
    resolution, capabilities = resolution_for(request, pk)
    certificate = getattr(resolution, "certificate", None) if resolution.grants else None
    return render(
        request,
        "certification/decisions/resolution_detail.html",
        {
            "resolution": resolution,
            "application": resolution.application,
            "certificate": certificate,
            "checklist": selectors.recorded_checklist(resolution),
            "may_accept": agreement_refusal(resolution=resolution, by=request.user) is None,
            "may_appeal": appeal_refusal(resolution=resolution, by=request.user) is None,
            "appeals": resolution.appeals.order_by("-created_at"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_agreement(request, pk: int):
    """The text of the user agreement, and its acceptance (which issues the certificate)."""
    resolution, _capabilities = resolution_for(request, pk)
    refusal = agreement_refusal(resolution=resolution, by=request.user)
    if refusal:
        return _refused(request, refusal)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = user_agreement_accept(resolution=resolution, by=request.user)
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                gettext("Certificate %(number)s was issued; its PDF is being prepared.")
                % {"number": certificate.number},
            )
            return redirect("certification:certificate_detail", pk=certificate.pk)
    return render(
        request,
        "certification/decisions/user_agreement.html",
        {
            "resolution": resolution,
            "form": form,
            "agreement_template": f"certification/agreement/{USER_AGREEMENT_VERSION}.html",
            "text_version": USER_AGREEMENT_VERSION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request, pk: int):
    resolution, _capabilities = resolution_for(request, pk)
    refusal = appeal_refusal(resolution=resolution, by=request.user)
    if refusal:
        return _refused(request, refusal)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = appeal_file(
                resolution=resolution, by=request.user, grounds=form.cleaned_data["grounds"]
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                gettext("Your appeal %(reference)s was received; we sent you an email.")
                % {"reference": appeal.reference},
            )
            return redirect("certification:appeal_detail", pk=appeal.pk)
    return render(
        request,
        "certification/decisions/appeal_form.html",
        {"resolution": resolution, "form": form},
    )

"""A certificate's private page (the organization, its certification body, network
staff): status, scope, validity, history, the PDF; the committee suspends, reinstates
or cancels it with a reason, and the register shows it on its next request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from certification.forms.decisions import ReasonForm
from certification.models import CERTIFICATE
from certification.selectors import CertificateCapability
from certification.services.certificates import certificate_move, verification_url
from certification.views.access import certificate_for
from network.files import attachment_response
from network.workflow import TransitionError

# The moves people make here (expiry is the renewal sweep's).
PAGE_MOVES = ("suspend", "reinstate", "cancel")


@login_required
def certificate_detail(request, pk: int):
    certificate, capabilities = certificate_for(request, pk)
    buttons = []
    if CertificateCapability.DECIDE in capabilities:
        buttons = CERTIFICATE.buttons(
            certificate,
            url=lambda t: reverse("certification:certificate_move", args=[certificate.pk, t.name]),
            allowed=lambda t: t.name in PAGE_MOVES,
        )
    return render(
        request,
        "certification/certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "products": certificate.scope_products.order_by("name"),
            "buttons": buttons,
            "steps": CERTIFICATE.timeline(certificate),
            "verification_url": verification_url(certificate.number),
        },
    )


@login_required
def certificate_pdf(request, pk: int):
    certificate, _capabilities = certificate_for(request, pk)
    if not certificate.pdf:
        raise Http404
    return attachment_response(
        certificate.pdf.name,
        download_as=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_move_view(request, pk: int, transition: str):
    certificate, _capabilities = certificate_for(request, pk, CertificateCapability.DECIDE)
    if transition not in PAGE_MOVES:
        raise Http404
    move = CERTIFICATE.by_name[transition]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_move(
                certificate=certificate,
                transition=transition,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                gettext("The certificate is now “%(status)s”.")
                % {"status": certificate.get_status_display()},
            )
            return redirect("certification:certificate_detail", pk=certificate.pk)
    return render(
        request,
        "certification/certificates/certificate_move.html",
        {"certificate": certificate, "move": move, "form": form},
    )

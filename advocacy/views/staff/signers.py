"""Staff pages about the people who signed: the list, the CSV export, erasure on request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from advocacy import selectors
from advocacy.forms.staff import SignerEraseForm, SignerSearchForm
from advocacy.services import erasure, signatures
from advocacy.views.access import campaign_for, staff_only
from network.exports import spreadsheet_response
from network.pagination import paginate, query_string_without_page


@login_required
@require_GET
def signatures_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    campaign = campaign_for(request, pk)
    return spreadsheet_response(
        header=signatures.SIGNATURES_EXPORT_COLUMNS,
        rows=signatures.signatures_export(campaign=campaign, by=request.user),
        file_format="csv",
        download_as=f"signatures-{campaign.pk}-{timezone.localdate().isoformat()}",
    )


@login_required
@require_GET
def signers(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk)
    form = SignerSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = paginate(request, selectors.signers_matching(campaign, query=query))
    return render(
        request,
        "advocacy/signers.html",
        {
            "campaign": campaign,
            "form": form,
            "page_obj": page,
            "query_string": query_string_without_page(request),
            "erase_form": SignerEraseForm(),
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def signer_erase(request: HttpRequest) -> HttpResponse:
    form = SignerEraseForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        erased = erasure.signer_erase(email=form.cleaned_data["email"], by=request.user)
        messages.success(
            request,
            _("Erased: %(signatures)s signatures, %(declarations)s declaration contacts.")
            % {"signatures": erased.signatures, "declarations": erased.declarations},
        )
        return redirect("advocacy:signer_erase")
    return render(request, "advocacy/signer_erase.html", {"form": form})

"""Public pages of the certification app, no account and no JavaScript needed:

- the standard: the version in force (or an older published one), by section, each
  criterion with its class, and what the classes mean (a few kilobytes,
  tests/network/test_page_weight.py);
- the register of certified organizations, the verification page of one certificate
  (what its QR code opens), and complaints (the form and the complainant's private
  page)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from certification import selectors
from certification.models import CriterionClass, StandardVersion


def _standard_page(request, version: StandardVersion | None, code: str) -> HttpResponse:
    context = {
        "version": version,
        "versions": list(selectors.published_versions(code)),
        "in_force": selectors.standard_in_force(code),
        "classes": CriterionClass,
    }
    if version is not None:
        context["sections"] = selectors.sections_of(version)
        context["counts"] = selectors.class_counts(version)
    return render(request, "certification/public/standard.html", context)


@require_GET
def standard(request: HttpRequest) -> HttpResponse:
    """The version in force today of the standard for small producers' organizations."""
    code = selectors.DEFAULT_STANDARD
    return _standard_page(request, selectors.standard_in_force(code), code)


@require_GET
def standard_version(request: HttpRequest, code: str, label: str) -> HttpResponse:
    """Any published version (older ones stay readable: applications were filed under
    them); drafts are not public."""
    version = get_object_or_404(selectors.published_versions(code), label=label)
    return _standard_page(request, version, code)


# --- Part 3 (cert): the public register, verification, complaints ----------------------

from django.contrib import messages  # noqa: E402
from django.shortcuts import redirect  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.translation import gettext  # noqa: E402
from django.views.decorators.http import require_http_methods  # noqa: E402

from certification.forms.public import ComplaintForm, RegisterFilterForm  # noqa: E402
from certification.services.complaints import complaint_file  # noqa: E402
from network.pagination import paginate, query_string_without_page  # noqa: E402
from network.ratelimits import public_form_limit  # noqa: E402

REGISTER_PAGE_SIZE = 50


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The public register of certified organizations: search, filters, pages."""
    form = RegisterFilterForm(request.GET or None, country_codes=selectors.register_countries())
    filters = form.cleaned_data if form.is_valid() else {}
    certificates = selectors.register_certificates(
        query=filters.get("q", ""),
        country=filters.get("country", ""),
        product=filters.get("product"),
        status=filters.get("status", ""),
    )
    page = paginate(request, certificates, per_page=REGISTER_PAGE_SIZE)
    return render(
        request,
        "certification/public/register.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query_string_without_page(request),
            # The rendered rows are cached per version of the register, language, filters
            # and page: rendering 50 rows is most of the page's cost.
            "rows_key": ":".join([str(selectors.register_version()), translation.get_language(),
                                  query_string_without_page(request), str(page.number)]),
            "rows_seconds": selectors.REGISTER_ROWS_SECONDS,
        },
    )  # fmt: skip


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """What a QR code opens: the certificate's status, scope, validity and body (never
    anything private). An unknown number is a 404 page that says so."""
    certificate = selectors.certificate_by_number(number)
    return render(
        request,
        "certification/public/verify.html",
        {"certificate": certificate, "number": number},
        status=200 if certificate is not None else 404,
    )


def _language() -> str:
    return translation.get_language() or "es"


@public_form_limit("complaint", rate="10/h")
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    """Anyone may complain, without an account; the organization complained about never
    learns who did."""
    initial = {}
    if request.GET.get("certificate"):
        initial = {"about": "organization", "certificate_number": request.GET["certificate"][:32]}
    form = ComplaintForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            return redirect("certification:complaint_sent")
        data = form.cleaned_data
        complaint, token = complaint_file(
            about=data["about"],
            text=data["text"],
            email=data["email"],
            name=data["name"],
            organization=data.get("organization"),
            certification_body=data.get("certification_body"),
            language=_language(),
        )
        messages.success(
            request,
            gettext(
                "We received your complaint %(reference)s and sent you an email with this "
                "page's private link. Keep it to follow your complaint."
            )
            % {"reference": complaint.reference},
        )
        return redirect("certification:complaint_track", token=token)
    return render(request, "certification/public/complaint_form.html", {"form": form})


@require_GET
def complaint_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "certification/public/complaint_sent.html")


@require_GET
def complaint_track(request: HttpRequest, token: str) -> HttpResponse:
    """The complainant's private page: status and dates, the outcome once closed."""
    complaint = selectors.complaint_by_token(token)
    if complaint is None:
        raise Http404
    response = render(
        request, "certification/public/complaint_track.html", {"complaint": complaint}
    )
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: never leak it
    response["Cache-Control"] = "private, no-store"
    return response

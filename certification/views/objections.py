"""The objection period, public: the applicants anyone may object to, and the form to
object. No JavaScript; a bot trap and a per-IP limit, as on signing a campaign."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from certification import selectors
from certification.forms.public import ObjectionForm
from certification.services.objections import ObjectionPeriodClosed, objection_create
from network.pagination import paginate
from network.ratelimits import public_form_limit


def objection_application_for(pk: int):
    """An application whose objection period was opened and not yet closed (else 404);
    whether it is still open today is the page's to say."""
    return get_object_or_404(selectors.applications_in_objection_status(), pk=pk)


@require_GET
def objection_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_open_to_objections()
    return render(
        request,
        "certification/public/objection_list.html",
        {"page_obj": paginate(request, applications)},
    )


@public_form_limit("objection", rate="20/h")
@require_http_methods(["GET", "POST"])
def objection_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = objection_application_for(pk)
    form = ObjectionForm(request.POST or None)
    is_open = application.objection_open_on()
    if request.method == "POST" and is_open and form.is_valid():
        if form.is_bot():
            return redirect("certification:objection_sent")
        data = form.cleaned_data
        try:
            objection_create(
                application=application,
                name=data["name"],
                organization=data["organization"],
                email=data["email"],
                phone=data["phone"],
                reasons=data["reasons"],
                language=(get_language() or settings.LANGUAGE_CODE)[:2],
            )
        except ObjectionPeriodClosed:
            is_open = False
        else:
            return redirect("certification:objection_sent")
    status = 409 if request.method == "POST" and not is_open else 200
    return render(
        request,
        "certification/public/objection_form.html",
        {"application": application, "form": form, "is_open": is_open},
        status=status,
    )


@require_GET
def objection_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "certification/public/objection_sent.html")

from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from network.ratelimits import public_form_limit
from producers.forms.public import OrganizationApplicationForm
from producers.services.organizations import organization_apply


@public_form_limit("join", rate="20/h")
@require_http_methods(["GET", "POST"])
def organization_apply_view(request):
    """A cooperative applies to join the network (public, no account needed)."""
    form = OrganizationApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ("product_networks", "applicant_name", "applicant_email")
        }
        organization_apply(
            data=data,
            product_networks=list(form.cleaned_data["product_networks"]),
            applicant_name=form.cleaned_data["applicant_name"],
            applicant_email=form.cleaned_data["applicant_email"],
            language=translation.get_language(),
        )
        return redirect("producers:apply_done")
    return render(request, "producers/public/apply.html", {"form": form})


def apply_done(request):
    return render(request, "producers/public/apply_done.html")

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network.concurrency import StaleEdit
from network.pagination import paginate
from network.workflow import TransitionError
from producers.forms.organizations import MembershipDecisionForm, OrganizationForm, ProductForm
from producers.models import MEMBERSHIP
from producers.selectors import (
    Capability,
    organization_activity,
    organization_small_producer_test,
    organizations_visible_to,
    register_aggregates,
)
from producers.services import organizations as services
from producers.views.access import organization_for, product_for


@login_required
def organization_list(request):
    organizations = (
        organizations_visible_to(request.user)
        .select_related("country_network")
        .order_by("legal_name")
    )
    return render(
        request,
        "producers/organization_list.html",
        {"page_obj": paginate(request, organizations)},
    )


@login_required
def organization_detail(request, pk: int):
    organization, capabilities = organization_for(request, pk)
    return render(
        request,
        "producers/organization_detail.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "products": organization.products.select_related("product_network"),
            "product_networks": organization.product_networks.all(),
            "aggregates": register_aggregates(organization),
            "test": organization_small_producer_test(organization),
            "history": MEMBERSHIP.timeline(organization, limit=10),
            "activity": organization_activity(organization)[:10],
            "membership_buttons": MEMBERSHIP.buttons(
                organization,
                url=lambda t: reverse(
                    "producers:membership_decide", args=[organization.pk, t.name]
                ),
                allowed=lambda t: Capability.DECIDE_MEMBERSHIP in capabilities,
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk: int):
    organization, capabilities = organization_for(request, pk, Capability.EDIT)
    may_change_country = Capability.DECIDE_MEMBERSHIP in capabilities
    form = OrganizationForm(
        request.POST or None, instance=organization, may_change_country=may_change_country
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ("product_networks", "version")
        }
        if not may_change_country:
            data.pop("country", None)
        try:
            services.organization_update(
                organization=organization,
                by=request.user,
                version=form.cleaned_data["version"],
                data=data,
                product_networks=list(form.cleaned_data["product_networks"]),
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("producers:organization_detail", pk=organization.pk)
    return render(
        request,
        "producers/organization_form.html",
        {"organization": organization, "capabilities": capabilities, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_add(request, pk: int):
    return _product_form(request, pk, product_pk=None)


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, pk: int, product_pk: int):
    return _product_form(request, pk, product_pk=product_pk)


def _product_form(request, pk, product_pk):
    if product_pk is None:
        organization, capabilities = organization_for(request, pk, Capability.EDIT)
        product = None
    else:
        organization, capabilities, product = product_for(request, pk, product_pk)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        services.product_save(
            organization=organization,
            by=request.user,
            data=form.cleaned_data,
            # as stored: the bound form has changed `product`
            product=product_for(request, pk, product_pk)[2] if product else None,
        )
        messages.success(request, _("The product was saved."))
        return redirect("producers:organization_detail", pk=organization.pk)
    return render(
        request,
        "producers/product_form.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "form": form,
            "product": product,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_remove(request, pk: int, product_pk: int):
    organization, capabilities, product = product_for(request, pk, product_pk)
    if request.method == "POST":
        services.product_remove(product=product, by=request.user)
        messages.success(request, _("The product was removed."))
        return redirect("producers:organization_detail", pk=organization.pk)
    return render(
        request,
        "producers/confirm.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "title": _("Remove the product %(name)s?") % {"name": product},
            "button": _("Remove"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_decide(request, pk: int, transition: str):
    organization, capabilities = organization_for(request, pk, Capability.DECIDE_MEMBERSHIP)
    if transition not in MEMBERSHIP.by_name:
        raise Http404
    form = MembershipDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = services.MEMBERSHIP_SERVICES[transition]
        try:
            decide(organization=organization, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("producers:organization_detail", pk=organization.pk)
    return render(
        request,
        "producers/membership_decide.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "form": form,
            "transition": MEMBERSHIP.by_name[transition],
            "possible": MEMBERSHIP.can(organization, transition),
        },
    )


@login_required
def activity_list(request, pk: int):
    organization, capabilities = organization_for(request, pk)
    return render(
        request,
        "producers/activity_list.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "page_obj": paginate(request, organization_activity(organization)),
        },
    )

"""Staff pages about the network itself: country and product networks, certification
bodies and their people. Network-wide staff manage all of it; country staff see their
own country network; nobody else sees any of it."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from network import selectors
from network.forms.people import CertificationInvitationForm
from network.forms.structure import CertificationBodyForm, CountryNetworkForm, ProductNetworkForm
from network.organizations import organizations
from network.pagination import paginate
from network.selectors.structure import (
    Capability,
    certification_bodies_with_people,
    certification_body_people,
    country_network_staff,
    country_networks_overview,
    open_invitations,
    product_networks_overview,
    scope_activity,
    structure_capabilities,
)
from network.services import structure as services
from network.views.access import (
    certification_body_for,
    country_network_for,
    product_network_for,
    structure_page,
)
from network.views.people import invite_from_form


def _may_manage(request) -> bool:
    return Capability.MANAGE in structure_capabilities(request.user)


def _structure_form(request, *, form_class, instance, save, saved_message, detail, new_title, tab):
    """Add or edit one piece of the network's structure (one form, one service)."""
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = save(by=request.user, data=form.cleaned_data)
        messages.success(request, saved_message)
        return redirect(detail, pk=saved.pk)
    title = str(instance) if instance else new_title
    context = {"form": form, "title": title, "tab": tab}
    return render(request, "network/structure_form.html", context)


# --- Country networks -------------------------------------------------------------------


def _country_network_form(request, country_network):
    return _structure_form(
        request,
        form_class=CountryNetworkForm,
        instance=country_network,
        save=partial(services.country_network_save, country_network=country_network),
        saved_message=_("The country network was saved."),
        detail="network:country_network_detail",
        new_title=_("New country network"),
        tab="countries",
    )


@login_required
@require_GET
def country_network_list(request):
    structure_page(request)
    return render(
        request,
        "network/country_network_list.html",
        {
            "country_networks": country_networks_overview(request.user),
            "may_manage": _may_manage(request),
            "tab": "countries",
        },
    )


@login_required
@require_GET
def country_network_detail(request, pk: int):
    country_network = country_network_for(request, pk)
    return render(
        request,
        "network/country_network_detail.html",
        {
            "country_network": country_network,
            "staff": country_network_staff(country_network),
            "status_counts": organizations().status_counts(country_network),
            "directory_url": organizations().directory_url(country=country_network.country.code),
            "activity": scope_activity(country_network)[:10],
            "may_manage": _may_manage(request),
            "tab": "countries",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def country_network_add(request):
    structure_page(request, Capability.MANAGE)
    return _country_network_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def country_network_edit(request, pk: int):
    return _country_network_form(request, country_network_for(request, pk, Capability.MANAGE))


# --- Product networks -------------------------------------------------------------------


def _product_network_form(request, product_network):
    return _structure_form(
        request,
        form_class=ProductNetworkForm,
        instance=product_network,
        save=partial(services.product_network_save, product_network=product_network),
        saved_message=_("The product network was saved."),
        detail="network:product_network_detail",
        new_title=_("New product network"),
        tab="products",
    )


@login_required
@require_GET
def product_network_list(request):
    structure_page(request)
    return render(
        request,
        "network/product_network_list.html",
        {
            "product_networks": product_networks_overview(request.user),
            "may_manage": _may_manage(request),
            "tab": "products",
        },
    )


@login_required
@require_GET
def product_network_detail(request, pk: int):
    product_network = product_network_for(request, pk)
    listed = organizations().in_product_network(request.user, product_network)
    return render(
        request,
        "network/product_network_detail.html",
        {
            "product_network": product_network,
            "page_obj": paginate(request, listed),
            "directory_url": organizations().directory_url(product=product_network.pk),
            "may_manage": _may_manage(request),
            "tab": "products",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_network_add(request):
    structure_page(request, Capability.MANAGE)
    return _product_network_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def product_network_edit(request, pk: int):
    return _product_network_form(request, product_network_for(request, pk, Capability.MANAGE))


# --- Certification bodies and their people ----------------------------------------------


def _certification_body_form(request, body):
    return _structure_form(
        request,
        form_class=CertificationBodyForm,
        instance=body,
        save=partial(services.certification_body_save, certification_body=body),
        saved_message=_("The certification body was saved."),
        detail="network:certification_body_detail",
        new_title=_("New certification body"),
        tab="bodies",
    )


@login_required
@require_GET
def certification_body_list(request):
    structure_page(request)
    return render(
        request,
        "network/certification_body_list.html",
        {
            "bodies": certification_bodies_with_people(request.user),
            "may_manage": _may_manage(request),
            "tab": "bodies",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certification_body_add(request):
    structure_page(request, Capability.MANAGE)
    return _certification_body_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def certification_body_edit(request, pk: int):
    return _certification_body_form(request, certification_body_for(request, pk, Capability.MANAGE))


@login_required
@require_http_methods(["GET", "POST"])
def certification_body_detail(request, pk: int):
    """A body's people and open invitations; network-wide staff invite more people."""
    posting = request.method == "POST"
    body = certification_body_for(request, pk, Capability.MANAGE if posting else Capability.VIEW)
    may_invite = _may_manage(request)
    form = None
    if may_invite:
        form = CertificationInvitationForm(
            request.POST or None,
            certification_body=body,
            initial={"language": translation.get_language()},
        )
        if posting and form.is_valid():
            invite_from_form(request, form, kind=form.cleaned_data["kind"], certification_body=body)
            return redirect("network:certification_body_detail", pk=body.pk)
    return render(
        request,
        "network/certification_body_detail.html",
        {
            "body": body,
            "people": certification_body_people(body),
            "invitations": open_invitations(
                selectors.network_invitations_visible_to(request.user).filter(
                    certification_body=body
                )
            ),
            "form": form,
            "may_manage": may_invite,
            "tab": "bodies",
        },
    )

"""Staff pages about the network itself: country and product networks, network staff,
certification bodies and their people. Network-wide staff manage all of it; country
staff see their own country network and invite its staff; nobody else sees any of it."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network.models import RoleKind
from network.pagination import paginate
from network.permissions import is_network_staff
from network.selectors import (
    certification_bodies_visible_to,
    country_networks_visible_to,
    is_network_wide_staff,
    network_invitations_visible_to,
    network_roles_visible_to,
    product_networks_visible_to,
)
from producers.forms.network import (
    CertificationBodyForm,
    CertificationInvitationForm,
    CountryNetworkForm,
    ProductNetworkForm,
    RevokeForm,
    StaffInvitationForm,
)
from producers.selectors import (
    certification_bodies_with_people,
    certification_body_people,
    country_network_staff,
    country_network_status_counts,
    country_networks_overview,
    network_activity,
    network_staff_visible_to,
    open_invitations,
    product_network_organizations,
    product_networks_overview,
)
from producers.services import people as people_services
from producers.services import structure as services
from producers.views.common import invite_from_form


def _staff_only(request):
    if not is_network_staff(request.user):
        raise PermissionDenied


def _network_wide_only(request):
    if not is_network_wide_staff(request.user):
        raise PermissionDenied


# --- Country networks -------------------------------------------------------------------


def _structure_form(request, *, form_class, instance, save, saved_message, detail, new_title, tab):
    """Add or edit one piece of the network's structure (one form, one service)."""
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = save(by=request.user, data=form.cleaned_data)
        messages.success(request, saved_message)
        return redirect(detail, pk=saved.pk)
    title = str(instance) if instance else new_title
    context = {"form": form, "title": title, "tab": tab}
    return render(request, "producers/network/form.html", context)


def _country_network_form(request, country_network):
    return _structure_form(
        request,
        form_class=CountryNetworkForm,
        instance=country_network,
        save=partial(services.country_network_save, country_network=country_network),
        saved_message=_("The country network was saved."),
        detail="producers:country_network_detail",
        new_title=_("New country network"),
        tab="countries",
    )


def _product_network_form(request, product_network):
    return _structure_form(
        request,
        form_class=ProductNetworkForm,
        instance=product_network,
        save=partial(services.product_network_save, product_network=product_network),
        saved_message=_("The product network was saved."),
        detail="producers:product_network_detail",
        new_title=_("New product network"),
        tab="products",
    )


def _certification_body_form(request, body):
    return _structure_form(
        request,
        form_class=CertificationBodyForm,
        instance=body,
        save=partial(services.certification_body_save, certification_body=body),
        saved_message=_("The certification body was saved."),
        detail="producers:certification_body_detail",
        new_title=_("New certification body"),
        tab="bodies",
    )


@login_required
def country_network_list(request):
    _staff_only(request)
    return render(
        request,
        "producers/network/country_network_list.html",
        {
            "country_networks": country_networks_overview(request.user),
            "may_manage": is_network_wide_staff(request.user),
            "tab": "countries",
        },
    )


@login_required
def country_network_detail(request, pk: int):
    country_network = get_object_or_404(
        country_networks_visible_to(request.user).select_related("coordinator"), pk=pk
    )
    return render(
        request,
        "producers/network/country_network_detail.html",
        {
            "country_network": country_network,
            "staff": country_network_staff(country_network),
            "status_counts": country_network_status_counts(country_network),
            "activity": network_activity(country_network)[:10],
            "may_manage": is_network_wide_staff(request.user),
            "tab": "countries",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def country_network_add(request):
    _network_wide_only(request)
    return _country_network_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def country_network_edit(request, pk: int):
    country_network = get_object_or_404(country_networks_visible_to(request.user), pk=pk)
    _network_wide_only(request)
    return _country_network_form(request, country_network)


# --- Product networks -------------------------------------------------------------------


@login_required
def product_network_list(request):
    _staff_only(request)
    return render(
        request,
        "producers/network/product_network_list.html",
        {
            "product_networks": product_networks_overview(request.user),
            "may_manage": is_network_wide_staff(request.user),
            "tab": "products",
        },
    )


@login_required
def product_network_detail(request, pk: int):
    product_network = get_object_or_404(product_networks_visible_to(request.user), pk=pk)
    return render(
        request,
        "producers/network/product_network_detail.html",
        {
            "product_network": product_network,
            "page_obj": paginate(
                request, product_network_organizations(request.user, product_network)
            ),
            "may_manage": is_network_wide_staff(request.user),
            "tab": "products",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_network_add(request):
    _network_wide_only(request)
    return _product_network_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def product_network_edit(request, pk: int):
    product_network = get_object_or_404(product_networks_visible_to(request.user), pk=pk)
    _network_wide_only(request)
    return _product_network_form(request, product_network)


# --- Network staff ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request):
    """The staff the user may see, open invitations, and the form to invite staff."""
    _staff_only(request)
    form = StaffInvitationForm(
        request.POST or None,
        user=request.user,
        initial={"language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        invite_from_form(
            request,
            form,
            kind=RoleKind.NETWORK_STAFF,
            country_network=form.cleaned_data["country_network"],
        )
        return redirect("producers:staff_list")
    return render(
        request,
        "producers/network/staff_list.html",
        {
            "staff": network_staff_visible_to(request.user),
            "invitations": open_invitations(
                network_invitations_visible_to(request.user).filter(kind="network_staff")
            ),
            "form": form,
            "tab": "staff",
        },
    )


# --- Certification bodies and their people ----------------------------------------------


@login_required
def certification_body_list(request):
    _staff_only(request)
    return render(
        request,
        "producers/network/certification_body_list.html",
        {
            "bodies": certification_bodies_with_people(request.user),
            "may_manage": is_network_wide_staff(request.user),
            "tab": "bodies",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certification_body_add(request):
    _network_wide_only(request)
    return _certification_body_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def certification_body_edit(request, pk: int):
    body = get_object_or_404(certification_bodies_visible_to(request.user), pk=pk)
    _network_wide_only(request)
    return _certification_body_form(request, body)


@login_required
@require_http_methods(["GET", "POST"])
def certification_body_detail(request, pk: int):
    """A body's people and open invitations; network-wide staff invite more people."""
    body = get_object_or_404(certification_bodies_visible_to(request.user), pk=pk)
    may_invite = is_network_wide_staff(request.user)
    if request.method == "POST" and not may_invite:
        raise PermissionDenied
    form = None
    if may_invite:
        form = CertificationInvitationForm(
            request.POST or None,
            certification_body=body,
            initial={"language": translation.get_language()},
        )
        if request.method == "POST" and form.is_valid():
            invite_from_form(request, form, kind=form.cleaned_data["kind"], certification_body=body)
            return redirect("producers:certification_body_detail", pk=body.pk)
    return render(
        request,
        "producers/network/certification_body_detail.html",
        {
            "body": body,
            "people": certification_body_people(body),
            "invitations": open_invitations(
                network_invitations_visible_to(request.user).filter(certification_body=body)
            ),
            "form": form,
            "may_manage": may_invite,
            "tab": "bodies",
        },
    )


# --- Revoking roles and invitations -----------------------------------------------------


def _back_to(place) -> str:
    if place is not None and place.certification_body_id:
        return reverse("producers:certification_body_detail", args=[place.certification_body_id])
    return reverse("producers:staff_list")


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request, pk: int):
    role = get_object_or_404(
        network_roles_visible_to(request.user).select_related(
            "user", "country_network", "certification_body"
        ),
        pk=pk,
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_revoke(role=role, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is no longer %(role)s of %(place)s.")
                % {"name": role.user, "role": role.get_kind_display(), "place": role.scope_label},
            )
            return redirect(_back_to(role))
    return render(
        request,
        "producers/network/revoke.html",
        {
            "form": form,
            "title": _("Revoke the role of %(name)s as %(role)s of %(place)s?")
            % {"name": role.user, "role": role.get_kind_display(), "place": role.scope_label},
            "cancel_url": _back_to(role),
            "tab": "bodies" if role.certification_body_id else "staff",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(network_invitations_visible_to(request.user), pk=pk)
    if request.method == "POST":
        people_services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation was revoked."))
        return redirect(_back_to(invitation))
    return render(
        request,
        "producers/network/revoke.html",
        {
            "title": _("Revoke the invitation to %(email)s?") % {"email": invitation.email},
            "cancel_url": _back_to(invitation),
            "tab": "bodies" if invitation.certification_body_id else "staff",
        },
    )

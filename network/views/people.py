"""People and their roles outside organizations: network staff, revoking staff and
certification-body roles and invitations, and accepting any invitation (the emailed
link is the permission)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from network import selectors
from network.forms.people import AcceptWithNewAccountForm, RevokeForm, StaffInvitationForm
from network.models import RoleKind
from network.ratelimits import public_form_limit
from network.selectors.structure import network_staff_visible_to, open_invitations
from network.services import roles as services
from network.views.access import network_invitation_for, network_role_for, structure_page


def invite_from_form(request, form, *, kind, **scope) -> None:
    """Send the invitation an invite form describes, to the role `kind` in `scope`
    (organization=, country_network= or certification_body=), and say so."""
    email = form.cleaned_data["email"]
    services.invitation_create(
        by=request.user, email=email, kind=kind, language=form.cleaned_data["language"], **scope
    )
    messages.success(request, _("An invitation was sent to %(email)s.") % {"email": email})


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request):
    """The staff the user may see, open invitations, and the form to invite staff."""
    structure_page(request)
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
        return redirect("network:staff_list")
    return render(
        request,
        "network/staff_list.html",
        {
            "staff": network_staff_visible_to(request.user),
            "invitations": open_invitations(
                selectors.network_invitations_visible_to(request.user).filter(
                    kind=RoleKind.NETWORK_STAFF
                )
            ),
            "form": form,
            "tab": "staff",
        },
    )


# --- Revoking roles and invitations -----------------------------------------------------


def _back_to(place) -> str:
    if place is not None and place.certification_body_id:
        return reverse("network:certification_body_detail", args=[place.certification_body_id])
    return reverse("network:staff_list")


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request, pk: int):
    role = network_role_for(request, pk)
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
        "network/revoke.html",
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
    invitation = network_invitation_for(request, pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation was revoked."))
        return redirect(_back_to(invitation))
    return render(
        request,
        "network/revoke.html",
        {
            "title": _("Revoke the invitation to %(email)s?") % {"email": invitation.email},
            "cancel_url": _back_to(invitation),
            "tab": "bodies" if invitation.certification_body_id else "staff",
        },
    )


# --- Accepting an invitation ---------------------------------------------------------------


@never_cache
@public_form_limit("invitation", rate="20/h")
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """Anyone holding the emailed link: the token is the permission. A signed-in person
    with the invited address accepts with one click; without an account, accepting
    creates it; with an account but signed out, they sign in first."""
    invitation = services.invitation_for_token(token)
    context = {"invitation": invitation}
    if invitation is None or not invitation.is_open:
        return render(request, "network/invitation_invalid.html", context, status=410)
    user = request.user
    account_exists = selectors.account_exists(invitation.email)
    form = None
    if user.is_authenticated:
        if request.method == "POST":
            try:
                role = services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as error:
                context["error"] = error.messages[0]
            else:
                return _welcome(request, role)
    elif not account_exists:
        form = AcceptWithNewAccountForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                role = services.invitation_accept_with_new_account(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                    language=translation.get_language() or invitation.language,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, role.user, backend="django.contrib.auth.backends.ModelBackend")
                return _welcome(request, role)
    context.update(
        {
            "form": form,
            "account_exists": account_exists,
            "other_account": user.is_authenticated
            and user.email.lower() != invitation.email.lower(),
        }
    )
    return render(request, "network/invitation_accept.html", context)


def _welcome(request, role):
    """To the place the role is about: the organization's page (its model says where
    that is), else the dashboard."""
    messages.success(
        request,
        _("Welcome! You are now %(role)s of %(place)s.")
        % {"role": role.get_kind_display(), "place": role.scope_label},
    )
    if role.organization_id:
        return redirect(role.organization)
    return redirect("network:dashboard")

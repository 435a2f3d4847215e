from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from network.models import Invitation
from network.ratelimits import public_form_limit
from producers.forms.people import AcceptWithNewAccountForm, InvitationForm, RoleForm
from producers.selectors import (
    Capability,
    organization_open_invitations,
    organization_people,
)
from producers.services import people as services
from producers.views.common import invite_from_form, organization_for


@login_required
@require_http_methods(["GET", "POST"])
def people_list(request, pk: int):
    """The organization's people and open invitations; the form invites someone."""
    organization, capabilities = organization_for(request, pk, Capability.MANAGE_PEOPLE)
    form = InvitationForm(
        request.POST or None,
        organization=organization,
        initial={"language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        invite_from_form(request, form, kind=form.cleaned_data["kind"], organization=organization)
        return redirect("producers:people_list", pk=organization.pk)
    return render(
        request,
        "producers/people_list.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "people": organization_people(organization),
            "invitations": organization_open_invitations(organization),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request, pk: int, role_pk: int):
    organization, capabilities = organization_for(request, pk, Capability.MANAGE_PEOPLE)
    role = get_object_or_404(organization_people(organization), pk=role_pk)
    form = RoleForm(request.POST or None, initial={"kind": role.kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.role_change(role=role, kind=form.cleaned_data["kind"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("producers:people_list", pk=organization.pk)
    return render(
        request,
        "producers/role_form.html",
        {"organization": organization, "capabilities": capabilities, "role": role, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_remove(request, pk: int, role_pk: int):
    organization, capabilities = organization_for(request, pk, Capability.MANAGE_PEOPLE)
    role = get_object_or_404(organization_people(organization), pk=role_pk)
    error = None
    if request.method == "POST":
        try:
            services.role_remove(role=role, by=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, _("%(name)s no longer works here.") % {"name": role.user})
            return redirect("producers:people_list", pk=organization.pk)
    return render(
        request,
        "producers/confirm.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "title": _("Remove %(name)s from %(organization)s?")
            % {"name": role.user, "organization": organization},
            "button": _("Remove"),
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, pk: int, invitation_pk: int):
    organization, capabilities = organization_for(request, pk, Capability.MANAGE_PEOPLE)
    invitation = get_object_or_404(
        Invitation.objects.filter(organization=organization), pk=invitation_pk
    )
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation was revoked."))
        return redirect("producers:people_list", pk=organization.pk)
    return render(
        request,
        "producers/confirm.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "title": _("Revoke the invitation to %(email)s?") % {"email": invitation.email},
            "button": _("Revoke"),
        },
    )


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
        return render(request, "producers/invitation_invalid.html", context, status=410)
    user = request.user
    from network.models import User

    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
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
                new_user = services.invitation_accept_with_new_account(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                    language=translation.get_language() or invitation.language,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
                role = new_user.roles.get(pk__isnull=False, **_scope_of(invitation))
                return _welcome(request, role)
    context.update(
        {
            "form": form,
            "account_exists": account_exists,
            "other_account": user.is_authenticated
            and user.email.lower() != invitation.email.lower(),
        }
    )
    return render(request, "producers/invitation_accept.html", context)


def _scope_of(invitation):
    return {
        "organization": invitation.organization,
        "country_network": invitation.country_network,
        "certification_body": invitation.certification_body,
    }


def _welcome(request, role):
    messages.success(
        request,
        _("Welcome! You are now %(role)s of %(place)s.")
        % {"role": role.get_kind_display(), "place": role.scope_label},
    )
    if role.organization_id:
        return redirect("producers:organization_detail", pk=role.organization_id)
    return redirect("network:dashboard")

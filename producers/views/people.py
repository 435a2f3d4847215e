from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network.services import roles as role_services
from network.views.people import invite_from_form
from producers.forms.people import InvitationForm, RoleForm
from producers.selectors import (
    Capability,
    organization_open_invitations,
    organization_people,
)
from producers.services import people as services
from producers.views.access import invitation_for, organization_for, role_for


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
    organization, capabilities, role = role_for(request, pk, role_pk)
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
    organization, capabilities, role = role_for(request, pk, role_pk)
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
    organization, capabilities, invitation = invitation_for(request, pk, invitation_pk)
    if request.method == "POST":
        role_services.invitation_revoke(invitation=invitation, by=request.user)
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

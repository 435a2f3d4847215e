"""Staff pages of knowledge resources: add and edit (the list is the public one)."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from advocacy.forms.staff import ResourceForm
from advocacy.models import Resource
from advocacy.services import resources
from advocacy.views.access import resource_for, staff_only


@staff_only
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    return _resource_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _resource_form(request, resource_for(request, pk))


def _resource_form(request: HttpRequest, resource: Resource | None) -> HttpResponse:
    form = ResourceForm(request.POST or None, request.FILES or None, instance=copy.copy(resource))
    if request.method == "POST" and form.is_valid():
        resources.resource_save(
            resource=resource,
            by=request.user,
            fields=form.fields_for_service(),
            campaigns=form.cleaned_data["campaigns"],
            file=form.new_file(),
        )
        messages.success(request, _("Resource saved."))
        return redirect("advocacy:resource_list")
    return render(request, "advocacy/resource_form.html", {"form": form, "resource": resource})

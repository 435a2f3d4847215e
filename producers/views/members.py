from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network.concurrency import StaleEdit
from network.exports import FORMATS, spreadsheet_response
from network.imports import errors_shown
from network.pagination import paginate, query_string_without_page
from producers import register
from producers.forms.members import MemberForm, MemberSearchForm, RegisterUploadForm
from producers.selectors import (
    YOUTH_AGE,
    Capability,
    members_visible_to,
    register_aggregates,
)
from producers.services import members as services
from producers.views.access import member_for, member_import_for, organization_for


@login_required
def member_list(request, pk: int):
    organization, capabilities = organization_for(request, pk)
    members = members_visible_to(request.user).filter(organization=organization)
    search = MemberSearchForm(request.GET or None)
    if search.is_valid():
        if query := search.cleaned_data["q"]:
            members = members.filter(
                Q(code__icontains=query) | Q(name__icontains=query) | Q(community__icontains=query)
            )
        if active := search.cleaned_data["active"]:
            members = members.filter(is_active=active == "1")
    return render(
        request,
        "producers/member_list.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "search": search,
            "page_obj": paginate(request, members.order_by("code")),
            "query_string": query_string_without_page(request),
            "aggregates": register_aggregates(organization),
            "youth_age": YOUTH_AGE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, pk: int):
    return _member_form(request, pk, member_pk=None)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, member_pk: int):
    return _member_form(request, pk, member_pk=member_pk)


def _member_form(request, pk, member_pk):
    if member_pk is None:
        organization, capabilities = organization_for(request, pk, Capability.EDIT)
        member = None
    else:
        organization, capabilities, member = member_for(request, pk, member_pk)
    form = MemberForm(request.POST or None, instance=member, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.member_save(
                organization=organization,
                by=request.user,
                data=data,
                # as stored: the bound form has changed `member`
                member=member_for(request, pk, member_pk)[2] if member else None,
                version=version,
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        else:
            messages.success(request, _("The member was saved."))
            return redirect("producers:member_list", pk=organization.pk)
    return render(
        request,
        "producers/member_form.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "form": form,
            "member": member,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk: int, member_pk: int):
    organization, capabilities, member = member_for(request, pk, member_pk)
    if request.method == "POST":
        services.member_remove(member=member, by=request.user)
        messages.success(request, _("The member was removed from the register."))
        return redirect("producers:member_list", pk=organization.pk)
    return render(
        request,
        "producers/confirm.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "title": _("Remove %(member)s from the register?") % {"member": member},
            "text": _("To keep their history, you can mark them inactive instead."),
            "button": _("Remove"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request, pk: int):
    organization, capabilities = organization_for(request, pk, Capability.EDIT)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        member_import = services.register_upload(
            organization=organization, by=request.user, uploaded=uploaded, checked=uploaded.checked
        )
        return redirect(
            "producers:register_preview", pk=organization.pk, import_pk=member_import.pk
        )
    return render(
        request,
        "producers/register_import.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "form": form,
            "columns": register.COLUMNS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_preview(request, pk: int, import_pk: int):
    """What the uploaded file would do; confirming imports the kept file (no re-upload)."""
    organization, capabilities, member_import = member_import_for(request, pk, import_pk)
    error = None
    if request.method == "POST":
        try:
            summary = services.register_apply(member_import=member_import, by=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request,
                _(
                    "Register imported: %(created)s added, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % summary,
            )
            return redirect("producers:member_list", pk=organization.pk)
    errors = errors_shown(
        member_import.errors, message=register.error_message, column_label=register.column_label
    )
    return render(
        request,
        "producers/register_preview.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "member_import": member_import,
            "errors": errors,
            "error_rows": len({item["row"] for item in member_import.errors}),
            "error": error,
        },
    )


@login_required
def register_export(request, pk: int, file_format: str):
    organization, capabilities = organization_for(request, pk)
    if file_format not in FORMATS:
        raise Http404
    members = members_visible_to(request.user).filter(organization=organization).order_by("code")
    name = slugify(organization.short_name or organization.legal_name) or "organization"
    return spreadsheet_response(
        header=register.COLUMNS,
        rows=register.export_rows(members.iterator(chunk_size=2000)),
        file_format=file_format,
        download_as=f"members-{name}",
        sheet_title="members",
    )

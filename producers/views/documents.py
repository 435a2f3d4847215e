from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network.files import attachment_response, download_name
from producers.forms.documents import DocumentEditForm, DocumentForm, DocumentVersionForm
from producers.selectors import Capability, documents_visible_to
from producers.services import documents as services
from producers.views.access import document_for, document_version_for, organization_for


@login_required
def document_list(request, pk: int):
    organization, capabilities = organization_for(request, pk)
    documents = (
        documents_visible_to(request.user)
        .filter(organization=organization)
        .prefetch_related("versions")
    )
    return render(
        request,
        "producers/document_list.html",
        {"organization": organization, "capabilities": capabilities, "documents": documents},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request, pk: int):
    organization, capabilities = organization_for(request, pk, Capability.EDIT)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in DocumentEditForm.Meta.fields}
        uploaded = form.cleaned_data["file"]
        document = services.document_create(
            organization=organization,
            by=request.user,
            data=data,
            uploaded=uploaded,
            checked=uploaded.checked,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The document was added."))
        return redirect("producers:document_detail", pk=organization.pk, doc_pk=document.pk)
    return render(
        request,
        "producers/document_form.html",
        {"organization": organization, "capabilities": capabilities, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request, pk: int, doc_pk: int):
    """The versions of a document; editors upload a new version here."""
    posting = request.method == "POST"
    organization, capabilities, document = document_for(
        request, pk, doc_pk, Capability.EDIT if posting else Capability.VIEW
    )
    form = DocumentVersionForm(request.POST or None, request.FILES or None)
    if posting and form.is_valid():
        uploaded = form.cleaned_data["file"]
        services.document_version_add(
            document=document,
            by=request.user,
            uploaded=uploaded,
            checked=uploaded.checked,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The new version was uploaded."))
        return redirect("producers:document_detail", pk=organization.pk, doc_pk=document.pk)
    return render(
        request,
        "producers/document_detail.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "document": document,
            "versions": document.versions.select_related("uploaded_by"),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int, doc_pk: int):
    organization, capabilities, document = document_for(request, pk, doc_pk, Capability.EDIT)
    form = DocumentEditForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        services.document_update(
            # as stored: the bound form has changed `document`
            document=document_for(request, pk, doc_pk, Capability.EDIT)[2],
            by=request.user,
            data=form.cleaned_data,
        )
        messages.success(request, _("The document was saved."))
        return redirect("producers:document_detail", pk=organization.pk, doc_pk=document.pk)
    return render(
        request,
        "producers/document_form.html",
        {
            "organization": organization,
            "capabilities": capabilities,
            "form": form,
            "document": document,
        },
    )


@login_required
def document_download(request, pk: int, doc_pk: int, version_pk: int):
    _organization, _capabilities, version = document_version_for(request, pk, doc_pk, version_pk)
    extension = version.file_name.rsplit(".", 1)[-1]
    return attachment_response(
        version.file_name,
        download_as=download_name(version.original_name, fallback=f"document.{extension}"),
        content_type=version.content_type,
    )

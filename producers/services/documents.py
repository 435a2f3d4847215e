"""Writes to the document library. Files are checked by network.files before they
arrive here and stored privately under server-chosen names."""

from django.db import transaction
from django.db.models import Max
from django.forms.models import model_to_dict

from network.activity import activity_record, changes_between
from network.files import store_private
from producers.models import Document, DocumentVersion

DOCUMENT_FIELDS = ["doc_type", "title", "valid_from", "valid_until"]


def document_create(*, organization, by, data: dict, uploaded, checked, note: str = "") -> Document:
    with transaction.atomic():
        document = Document(organization=organization, created_by=by, **data)
        document.full_clean()
        document.save()
        _version_store(document=document, by=by, uploaded=uploaded, checked=checked, note=note)
        activity_record(
            actor=by,
            verb="document.added",
            target=document,
            scope=organization,
            changes=changes_between({}, model_to_dict(document, fields=DOCUMENT_FIELDS))
            | {"file": [None, checked.original_name]},
        )
    return document


def document_update(*, document: Document, by, data: dict) -> Document:
    with transaction.atomic():
        before = model_to_dict(document, fields=DOCUMENT_FIELDS)
        for name, value in data.items():
            setattr(document, name, value)
        document.full_clean()
        document.save()
        changes = changes_between(before, model_to_dict(document, fields=DOCUMENT_FIELDS))
        if changes:
            activity_record(
                actor=by,
                verb="document.updated",
                target=document,
                scope=document.organization,
                changes=changes,
            )
    return document


def document_version_add(*, document: Document, by, uploaded, checked, note: str = ""):
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        version = _version_store(
            document=document, by=by, uploaded=uploaded, checked=checked, note=note
        )
        document.save(update_fields=["updated_at"])
        activity_record(
            actor=by,
            verb="document.version_added",
            target=document,
            scope=document.organization,
            changes={"version": [version.number - 1, version.number]},
            reason=note,
        )
    return version


def _version_store(*, document, by, uploaded, checked, note) -> DocumentVersion:
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    file_name = store_private(
        uploaded, folder=f"documents/{document.organization_id}", checked=checked
    )
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file_name=file_name,
        original_name=checked.original_name[:255],
        content_type=checked.kind.content_type,
        size=checked.size,
        note=note,
        uploaded_by=by,
    )

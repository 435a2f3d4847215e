"""Writes to the member register: single edits, and imports from CSV or XLSX files kept
privately between their preview and their confirmation."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.activity import activity_record, changes_between
from network.concurrency import lock_at_version
from network.files import store_private
from network.imports import KEPT_FOR, kept_uploads_sweep
from producers.models import MEMBER_IMPORT, Member, MemberImport, Organization
from producers.register import parse_register

FIELDS = [
    "name", "gender", "birth_year", "community", "total_area_ha", "production_area_ha",
    "covered_area_ha", "beehives", "products", "organic_status", "is_active",
]  # fmt: skip
BATCH = 2000
# An upload waits this long for its confirmation; then the sweep deletes it.
IMPORT_KEPT_FOR = KEPT_FOR


def member_save(
    *,
    organization: Organization,
    by,
    data: dict,
    member: Member | None = None,
    version: int | None = None,
):
    """Add a member, or change one if nobody saved it since `version` was read (else
    StaleEdit)."""
    with transaction.atomic():
        created = member is None
        if created:
            member = Member(organization=organization)
        else:
            member = lock_at_version(
                Member.objects.filter(organization=organization), pk=member.pk, version=version
            )
        before = {} if created else model_to_dict(member, fields=["code", *FIELDS])
        for name, value in data.items():
            setattr(member, name, value)
        member.full_clean()
        member.save()
        activity_record(
            actor=by,
            verb="member.added" if created else "member.updated",
            target=member,
            scope=organization,
            changes=changes_between(before, model_to_dict(member, fields=["code", *FIELDS])),
        )
    return member


def member_remove(*, member: Member, by) -> None:
    with transaction.atomic():
        activity_record(
            actor=by,
            verb="member.removed",
            target=member,
            scope=member.organization,
            changes={"code": [member.code, None], "name": [member.name, None]},
        )
        member.delete()


def _plan(organization: Organization, rows) -> tuple[list, list, int]:
    """Which rows create a member, which change one, how many change nothing."""
    existing = {
        values["code"]: values
        for values in Member.objects.filter(organization=organization).values("pk", "code", *FIELDS)
    }
    new, changed, unchanged = [], [], 0
    for _number, values in rows:
        current = existing.get(values["code"])
        if current is None:
            new.append(values)
        elif any(current[name] != values[name] for name in FIELDS):
            changed.append((current["pk"], values))
        else:
            unchanged += 1
    return new, changed, unchanged


def register_upload(*, organization: Organization, by, uploaded, checked) -> MemberImport:
    """Keep the file privately, check every row and plan the import; saves no member."""
    file_name = store_private(uploaded, folder=f"imports/{organization.pk}", checked=checked)
    uploaded.seek(0)
    parsed = parse_register(uploaded.read(), checked.kind.name)
    summary = {"ignored_columns": parsed.ignored_columns}
    if not parsed.errors:
        new, changed, unchanged = _plan(organization, parsed.rows)
        summary |= {"created": len(new), "updated": len(changed), "unchanged": unchanged}
    return MEMBER_IMPORT.create(
        state=MemberImport.Status.INVALID if parsed.errors else MemberImport.Status.READY,
        organization=organization,
        uploaded_by=by,
        file_name=file_name,
        original_name=checked.original_name[:255],
        file_format=checked.kind.name,
        row_count=parsed.row_count,
        errors=parsed.errors,
        summary=summary,
    )


def register_apply(*, member_import: MemberImport, by) -> dict:
    """Save the previewed file's members: new codes are added, changed ones updated,
    the rest left alone, so importing the same file twice changes nothing."""
    with transaction.atomic():
        member_import = MemberImport.objects.select_for_update().filter(pk=member_import.pk).first()
        if member_import is None or not member_import.file_name:
            raise ValidationError(_("This upload is no longer kept; upload the file again."))
        organization = Organization.objects.select_for_update().get(
            pk=member_import.organization_id
        )
        if member_import.status != MemberImport.Status.READY:
            raise ValidationError(_("This file was already imported or has errors."))
        with default_storage.open(member_import.file_name, "rb") as stored:
            parsed = parse_register(stored.read(), member_import.file_format)
        if parsed.errors:
            raise ValidationError(_("The file has errors; nothing was imported."))
        new, changed, unchanged = _plan(organization, parsed.rows)
        now = timezone.now()
        Member.objects.bulk_create(
            [Member(organization=organization, **values) for values in new], batch_size=BATCH
        )
        if changed:
            Member.objects.bulk_update(
                [
                    Member(
                        pk=pk,
                        updated_at=now,
                        version=F("version") + 1,  # an edit form open meanwhile is stale
                        **{name: values[name] for name in FIELDS},
                    )
                    for pk, values in changed
                ],
                [*FIELDS, "updated_at", "version"],
                batch_size=BATCH,
            )
        summary = {
            **member_import.summary,
            "created": len(new),
            "updated": len(changed),
            "unchanged": unchanged,
        }
        MEMBER_IMPORT.move(
            member_import,
            "apply",
            by=by,
            summary=summary,
            applied_at=now,
            details={
                "created": len(new),
                "updated": len(changed),
                "unchanged": unchanged,
                "codes_created": [values["code"] for values in new[:100]],
                "codes_updated": [values["code"] for _pk, values in changed[:100]],
            },
        )
    return summary


def register_imports_sweep(*, older_than: timedelta = IMPORT_KEPT_FOR, now=None) -> dict:
    """Delete uploads never confirmed within `older_than`, and the kept files of
    confirmed ones (the members are saved): the shared sweep (network/imports.py)."""
    return kept_uploads_sweep(MemberImport, older_than=older_than, now=now)

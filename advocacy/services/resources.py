"""Knowledge resources: studies, position papers and briefs linked to campaigns."""

from django.db import transaction

from advocacy.models import Resource
from network.activity import activity_record
from network.files import replace_private


@transaction.atomic
def resource_save(*, resource: Resource | None, by, fields: dict, campaigns, file=None) -> Resource:
    """Create or change a resource; `file`, a checked upload (it carries `.checked`),
    replaces the stored one."""
    creating = resource is None
    resource = resource or Resource(created_by=by)
    for name, value in fields.items():
        setattr(resource, name, value)
    if file is not None:
        replace_private(resource, "file", file, checked=file.checked)
        resource.file_type = file.checked.kind.content_type
    resource.save()
    resource.campaigns.set(campaigns)
    activity_record(
        actor=by, verb="resource.created" if creating else "resource.updated", target=resource
    )
    return resource

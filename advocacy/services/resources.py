"""Knowledge resources: studies, position papers and briefs linked to campaigns."""

from django.db import transaction

from advocacy.models import Resource
from network.activity import activity_record


@transaction.atomic
def resource_save(
    *, resource: Resource | None, by, fields: dict, campaigns, file=None, file_type=""
) -> Resource:
    creating = resource is None
    resource = resource or Resource(created_by=by)
    for name, value in fields.items():
        setattr(resource, name, value)
    if file is not None:
        resource.file.save("resource", file, save=False)
        resource.file_type = file_type
    resource.save()
    resource.campaigns.set(campaigns)
    activity_record(
        actor=by, verb="resource.created" if creating else "resource.updated", target=resource
    )
    return resource

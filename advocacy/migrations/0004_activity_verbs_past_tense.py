"""The activity log speaks one dialect, `<thing>.<past participle>`: rename the verbs
advocacy recorded before."""

from django.db import migrations

RENAMED = {
    "campaign.create": "campaign.created",
    "campaign.edit": "campaign.updated",
    "campaign.publish": "campaign.published",
    "campaign.close": "campaign.closed",
    "signatures.export": "signatures.exported",
    "signature.erase": "signature.erased",
    "update.create": "update.created",
    "update.edit": "update.updated",
    "update.send": "update.dispatched",
    "update.sent": "update.delivered",
    "declaration.apply": "declaration.applied",
    "declaration.start": "declaration.started",
    "declaration.evidence": "declaration.evidence_updated",
    "declaration.verify": "declaration.goal_verified",
    "declaration.unverify": "declaration.goal_unverified",
    "declaration.declare": "declaration.declared",
    "declaration.contact_erase": "declaration.contact_erased",
    "resource.create": "resource.created",
    "resource.edit": "resource.updated",
}


def rename(apps, schema_editor, mapping=RENAMED):
    ActivityLog = apps.get_model("network", "ActivityLog")
    for old, new in mapping.items():
        ActivityLog.objects.filter(verb=old).update(verb=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0003_state_fields"),
        ("network", "0004_outbox_state_field"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]

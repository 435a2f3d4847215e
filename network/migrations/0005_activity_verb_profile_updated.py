"""The activity log speaks one dialect, `<thing>.<past participle>`."""

from django.db import migrations


def rename(apps, schema_editor):
    apps.get_model("network", "ActivityLog").objects.filter(verb="profile_updated").update(
        verb="profile.updated"
    )


def rename_back(apps, schema_editor):
    apps.get_model("network", "ActivityLog").objects.filter(verb="profile.updated").update(
        verb="profile_updated"
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0004_outbox_state_field")]

    operations = [migrations.RunPython(rename, rename_back)]

"""The specification experts' role (评审专家, issue 13) as an auth group."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="expert")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="expert").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(create_group, remove_group)]

"""Chongqing's 38 districts and the 1,671 occupations of the 2022 classification."""

from django.db import migrations

from registry.catalogues import OCCUPATIONS_CSV, load_districts, read_occupations, upsert_occupations


def load(apps, schema_editor):
    load_districts(apps.get_model("registry", "District"))
    upsert_occupations(apps.get_model("registry", "Occupation"), read_occupations(OCCUPATIONS_CSV))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Every transition logged before effective dates existed took effect on the day it was recorded."""

import zoneinfo

from django.conf import settings
from django.db import migrations

BATCH = 5000


def date_existing_logs(apps, schema_editor):
    StateLog = apps.get_model("django_fsm_log", "StateLog")
    TransitionDate = apps.get_model("common", "TransitionDate")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    rows = StateLog.objects.filter(effective__isnull=True).order_by("pk").values_list("pk", "timestamp")
    batch = []
    for pk, moment in rows.iterator(chunk_size=BATCH):
        batch.append(TransitionDate(log_id=pk, effective_on=moment.astimezone(zone).date()))
        if len(batch) == BATCH:
            TransitionDate.objects.bulk_create(batch)
            batch = []
    TransitionDate.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_transition_date")]

    operations = [migrations.RunPython(date_existing_logs, migrations.RunPython.noop)]

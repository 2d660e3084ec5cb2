"""A certification took effect on its certificate's valid_from, not on the day it was typed in: its latest
`certify` or `renew` log (the one that set today's valid_from) is dated so. Earlier ones keep their day."""

from django.db import migrations


def date_certifications(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    StateLog = apps.get_model("django_fsm_log", "StateLog")
    TransitionDate = apps.get_model("common", "TransitionDate")
    Certification = apps.get_model("examiners", "Certification")
    kind = ContentType.objects.filter(app_label="examiners", model="certification").first()
    if kind is None:
        return
    valid_from = dict(Certification.objects.exclude(valid_from=None).values_list("pk", "valid_from"))
    latest: dict[int, int] = {}
    logs = StateLog.objects.filter(content_type=kind, transition__in=["certify", "renew"]).order_by("pk")
    for pk, object_id in logs.values_list("pk", "object_id").iterator(chunk_size=5000):
        latest[object_id] = pk
    for object_id, log_id in latest.items():
        if object_id in valid_from:
            TransitionDate.objects.filter(log_id=log_id).update(effective_on=valid_from[object_id])


class Migration(migrations.Migration):
    dependencies = [
        ("examiners", "0004_assignment_status_fsm"),
        ("common", "0002_date_logged_transitions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(date_certifications, migrations.RunPython.noop)]

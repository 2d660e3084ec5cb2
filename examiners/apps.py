from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExaminersConfig(AppConfig):
    name = "examiners"
    verbose_name = _("Examiners")

    def ready(self):
        from django.urls import reverse

        from examiners import jobs
        from examiners.notices import account_of, remind_certifications_ending
        from examiners.services import apply_integrity_for
        from integrity import consequences, subjects
        from notifications import reminders

        consequences.register("examiner", apply_integrity_for("examiner"))
        consequences.register("supervisor", apply_integrity_for("supervisor"))
        for role in ("examiner", "supervisor"):
            subjects.register(role, lambda pk: reverse("examiners:person_integrity", args=[pk]))
            subjects.register_people(role, account_of)
        jobs.register()
        reminders.register("certifications", remind_certifications_ending)

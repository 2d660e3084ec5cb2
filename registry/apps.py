from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry of assessment bodies")

    def ready(self):
        from django.urls import reverse

        from integrity import consequences, evidence, subjects
        from notifications import reminders
        from registry.models import BodyManager
        from registry.notices import remind_validity_ending
        from registry.selectors import administrators_of, body_evidence
        from registry.services import apply_integrity

        consequences.register("body", apply_integrity)
        subjects.register("body", lambda pk: reverse("registry:body_integrity", args=[pk]))
        subjects.register_people("body", lambda pk: list(administrators_of(pk)))
        # a manager has no account of their own: their body's administrators answer for the record
        subjects.register_people(
            "manager",
            lambda pk: list(
                administrators_of(BodyManager.objects.filter(pk=pk).values_list("body_id", flat=True))
            ),
        )
        reminders.register("body_validity", remind_validity_ending)
        evidence.register("registry.body", body_evidence)

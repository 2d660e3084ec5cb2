from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry of assessment bodies")

    def ready(self):
        from django.urls import reverse

        from integrity import consequences, evidence, subjects
        from registry.selectors import body_evidence
        from registry.services import apply_integrity

        consequences.register("body", apply_integrity)
        subjects.register("body", lambda pk: reverse("registry:body_integrity", args=[pk]))
        evidence.register("registry.body", body_evidence)

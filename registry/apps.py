from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry of assessment bodies")

    def ready(self):
        from integrity import consequences
        from registry.services import apply_integrity

        consequences.register("body", apply_integrity)

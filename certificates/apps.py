from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates and the credential audit")

    def ready(self):
        from certificates import jobs
        from certificates.selectors import case_evidence
        from integrity import evidence

        jobs.register()
        evidence.register("certificates.case", case_evidence)

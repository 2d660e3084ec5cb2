from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plan targets and the dashboard")

    def ready(self):
        from jobs import hooks
        from plans import jobs
        from plans.tallies import tally_after_import

        jobs.register()
        hooks.on_finished(tally_after_import)

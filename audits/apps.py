from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Supervision and evaluation")

    def ready(self):
        from audits import jobs
        from audits.notices import remind_order_deadlines
        from audits.register import latest_grade
        from audits.selectors import finding_evidence
        from integrity import evidence
        from notifications import reminders
        from registry.extensions import add_register_facts

        add_register_facts(latest_grade)
        jobs.register()
        reminders.register("rectification_orders", remind_order_deadlines)
        evidence.register("audits.finding", finding_evidence)

"""The reminders' daily run (schedule.registry): deadlines and validity ends, each sent once."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import reminders
from schedule.registry import daily


@daily("remind_deadlines", _("Remind of order deadlines and ending validity"), at="07:30")
def remind_deadlines() -> str:
    sent = reminders.run_all(today=timezone.localdate())
    return f"{sum(sent.values())} reminders sent (" + ", ".join(f"{k} {v}" for k, v in sent.items()) + ")"

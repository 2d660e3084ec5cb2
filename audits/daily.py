"""The audits app's daily task (schedule.registry)."""

from django.utils.translation import gettext_lazy as _

from audits.services.orders import flag_overdue_orders
from schedule.registry import daily


@daily("flag_overdue_orders", _("Propose suspension for overdue rectification orders"), at="01:30")
def overdue_orders() -> str:
    return f"{len(flag_overdue_orders())} suspension proposals made"

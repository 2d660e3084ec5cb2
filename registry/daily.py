"""The registry's daily task (schedule.registry)."""

from django.utils.translation import gettext_lazy as _

from registry.services import expire_lapsed_bodies
from schedule.registry import daily


@daily("expire_bodies", _("Expire filings whose validity has lapsed"), at="01:00")
def expire_bodies() -> str:
    return f"{len(expire_lapsed_bodies())} bodies expired"

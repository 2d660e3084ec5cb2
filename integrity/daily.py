"""The integrity app's daily task (schedule.registry)."""

from django.utils.translation import gettext_lazy as _

from integrity.services import expire_windows
from schedule.registry import daily


@daily("expire_integrity", _("End integrity entries whose publication window has passed"), at="01:20")
def expire_integrity() -> str:
    return f"{len(expire_windows())} integrity entries ended"

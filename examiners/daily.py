"""The examiners app's daily task (schedule.registry)."""

from django.utils.translation import gettext_lazy as _

from examiners.services import expire_lapsed
from schedule.registry import daily


@daily("expire_certifications", _("Expire certifications whose validity has lapsed"), at="01:10")
def expire_certifications() -> str:
    return f"{len(expire_lapsed())} certifications expired"

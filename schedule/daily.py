"""Daily tasks of what no domain app owns."""

from django.utils.translation import gettext_lazy as _

from common.tables import kept
from schedule.registry import daily


@daily("purge_error_reports", _("Delete old error reports of refused files"), at="03:30")
def purge_error_reports() -> str:
    return f"{kept.purge()} error reports deleted"

"""Delete kept error reports older than ERROR_REPORT_KEEP_DAYS (run daily; running again deletes nothing more)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from common.tables import kept


class Command(BaseCommand):
    help = "Delete error reports of refused files older than ERROR_REPORT_KEEP_DAYS days."

    def handle(self, *args, **options):
        deleted = kept.purge()
        self.stdout.write(
            f"{deleted} error report(s) older than {settings.ERROR_REPORT_KEEP_DAYS} days deleted."
        )

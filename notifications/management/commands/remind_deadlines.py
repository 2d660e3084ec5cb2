import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.reminders import run_all


class Command(BaseCommand):
    help = (
        "Send the daily deadline reminders (rectification orders due or overdue, filing validity and "
        "certifications ending in 90 and 30 days); never the same one twice, and a missed day catches up."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="run as of this date (YYYY-MM-DD)"
        )

    def handle(self, today=None, **options):
        sent = run_all(today=today or timezone.localdate())
        for name, count in sent.items():
            self.stdout.write(f"{name}: {count}")

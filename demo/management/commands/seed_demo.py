from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from demo.audits import build_audits_demo
from demo.colleges import build_colleges_demo
from demo.credentials import build_credentials_demo
from demo.examiners import build_examiner_demo
from demo.integrity import build_integrity_demo
from demo.jobs import build_jobs_demo
from demo.notifications import build_notifications_demo
from demo.registry import PASSWORD, build_demo, demo_exists
from demo.specifications import build_specifications_demo

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class Command(BaseCommand):
    help = "Create deterministic demo accounts and data (development only; refuses when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Do nothing if the demo data already exists.")

    def handle(self, once: bool, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates accounts with a known password."
            )
        if demo_exists():
            if once:
                self.stdout.write("Demo data already present; nothing to do.")
                return
            raise CommandError(
                "Demo data already exists. Start from an empty database (make clean) to rebuild it."
            )
        # Notifications are delivered when the demo commits; at once, whatever worker the site uses, so the
        # demo is complete when the command ends.
        with override_settings(TASKS=IMMEDIATE_TASKS), transaction.atomic():
            counts = build_demo()
            people = build_examiner_demo()
            records = build_integrity_demo()
            audits = build_audits_demo()
            credentials = build_credentials_demo()
            jobs = build_jobs_demo()
            colleges = build_colleges_demo()
            specifications = build_specifications_demo()
            transaction.on_commit(build_notifications_demo)  # last: after the demo's own deliveries
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data created: {sum(counts.values())} bodies, {people['examiners']} examiners, "
                f"{people['supervisors']} supervisors, {people['sessions']} sessions, "
                f"{records['entries']} integrity entries, {audits['inspections']} inspections, "
                f"{audits['orders']} rectification orders, {audits['proposals']} suspension proposals, "
                f"{audits['evaluations']} evaluations, {credentials['rosters']} result rosters "
                f"({credentials['results']} results), {credentials['hits']} audit hits, "
                f"{credentials['cases']} audit cases, {jobs['jobs']} background jobs, "
                f"{colleges['colleges']} technical colleges, "
                f"{specifications['specifications']} special-ability specifications. "
                f"Password for every demo account: {PASSWORD}"
            )
        )

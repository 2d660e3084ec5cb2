from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from certificates.services.rosters import RosterRefused, import_roster


class Command(BaseCommand):
    help = (
        "Import a result roster (CSV or XLSX) and audit it. A file with structural problems is refused "
        "whole: the problems (row, column, value, message) are listed and the status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV or XLSX roster")
        parser.add_argument(
            "--user",
            required=True,
            help="username of the centre officer (any body) or body administrator (own bodies) reporting it",
        )

    def handle(self, *, path, user, **options):
        try:
            account = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {user!r}.", returncode=1) from exc
        try:
            with open(path, "rb") as upload:
                data = upload.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=1) from exc
        try:
            outcome = import_roster(user=account, data=data, filename=path)
        except PermissionDenied as exc:
            raise CommandError(f"{user} may not import result rosters.", returncode=1) from exc
        except RosterRefused as refused:
            self.stderr.write("row\tcolumn\tvalue\tmessage")
            for error in refused.errors:
                self.stderr.write(f"{error.row}\t{error.column}\t{error.value}\t{error.message}")
            listed = (
                "" if refused.total == len(refused.errors) else f" (the first {len(refused.errors)} listed)"
            )
            raise CommandError(
                f"{refused.total} problem(s){listed}; nothing was imported.", returncode=1
            ) from refused
        roster = outcome.roster
        self.stdout.write(
            f"Roster {roster.pk}: {outcome.rows_read} row(s) read, {outcome.rows_stored} stored, "
            f"{outcome.rows_skipped} already known; {outcome.audit.new_hits} audit hit(s), "
            f"{roster.hits} row(s) flagged."
        )
        if outcome.rows_late:
            self.stdout.write(
                self.style.WARNING(f"{outcome.rows_late} row(s) were reported after their deadline.")
            )

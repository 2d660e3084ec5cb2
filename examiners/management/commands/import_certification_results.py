from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from examiners.imports import import_results


class Command(BaseCommand):
    help = (
        "Import certification training and exam results from an XLSX or CSV file, all or nothing. "
        "Lists the errors (row, column, value, message) and exits with status 1 if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the XLSX or CSV file")
        parser.add_argument(
            "--user", required=True, help="username of the centre officer recording the results"
        )

    def handle(self, *, path, user, **options):
        try:
            officer = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {user!r}.", returncode=1) from exc
        try:
            with open(path, "rb") as upload:
                report = import_results(upload, user=officer, filename=path)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=1) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{user} may not record certification results: {exc}", returncode=1) from exc
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"{error.row}\t{error.column}\t{error.value}\t{error.message}")
            raise CommandError(
                f"{len(report.errors)} error(s) in {report.rows} row(s); nothing was imported.", returncode=1
            )
        self.stdout.write(
            f"Imported {report.rows} row(s): {report.certified} certified, "
            f"{report.examined} examined below the pass mark."
        )

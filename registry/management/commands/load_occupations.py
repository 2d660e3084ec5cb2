from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from registry.catalogues import OCCUPATIONS_CSV, CatalogueError, read_occupations, upsert_occupations
from registry.models import Occupation


class Command(BaseCommand):
    help = "Load or update the occupation catalogue from a CSV file (code,name[,major_group,edition])."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(OCCUPATIONS_CSV), help="CSV file (default: bundled 2022 list)"
        )

    def handle(self, path, **options):
        try:
            rows = read_occupations(Path(path))
        except (OSError, CatalogueError) as exc:
            raise CommandError(str(exc)) from exc
        with transaction.atomic():
            created, updated = upsert_occupations(Occupation, rows)
        self.stdout.write(f"{len(rows)} occupations read: {created} added, {updated} updated.")

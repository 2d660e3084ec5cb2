"""Render the current revision of an inspection's or evaluation's issued report to a PDF file, or
list what has one: for checking a report's layout (fonts, pages, photos) without the web pages.

    python manage.py render_report inspection 12 -o report.pdf
    python manage.py render_report --list          # "inspection 12 DD-2026-000012", one a line
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits.models import Evaluation, Inspection
from audits.reports.issue import current_report
from audits.reports.pdf import render_pdf

KINDS = {"inspection": Inspection, "evaluation": Evaluation}


class Command(BaseCommand):
    help = "Render the current issued report of an inspection or evaluation to PDF (or --list them)."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=list(KINDS))
        parser.add_argument("id", nargs="?", type=int)
        parser.add_argument("-o", "--output", metavar="FILE.pdf", help="where to write the PDF")
        parser.add_argument("--list", action="store_true", help="list objects that have an issued report")

    def handle(self, *args, **options):
        kind, pk, output = options["kind"], options["id"], options["output"]
        if options["list"]:
            for name, model in KINDS.items():
                rows = model.objects.filter(reports__isnull=False).distinct().order_by("pk")
                for row_pk, number in rows.values_list("pk", "number"):
                    self.stdout.write(f"{name} {row_pk} {number}")
            return
        if kind is None or pk is None or not output:
            raise CommandError("Give inspection|evaluation, an id and -o FILE.pdf (or --list).")
        source = KINDS[kind].objects.filter(pk=pk).first()
        if source is None:
            raise CommandError(f"No {kind} has id {pk}.")
        report = current_report(source)
        if report is None:
            raise CommandError(f"{kind.capitalize()} {source.number} has no issued report yet.")
        path = Path(output)
        path.write_bytes(render_pdf(report))
        self.stdout.write(f"{report.number} revision {report.revision} written to {path}")

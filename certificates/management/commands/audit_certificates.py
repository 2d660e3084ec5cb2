"""Run the certificate audit over every stored result and, optionally, write every stored hit to a CSV.

    python manage.py audit_certificates                       # counts of hits per rule
    python manage.py audit_certificates --report hits.csv     # … and one row per stored hit

Idempotent: a hit already stored is not stored again, so a second run reports no new hits.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.models import Count

from certificates.models import Hit, Rule
from certificates.services.audit import audit
from common import tables

REPORT_COLUMNS = ["rule", "certificate_no", "id_number", "body_code", "exam_date", "detail"]


def _counts() -> dict[str, int]:
    return dict(Hit.objects.order_by().values_list("rule").annotate(n=Count("pk")).values_list("rule", "n"))


def report_rows():
    """Every stored hit as a report row, sorted by rule (in the rules' order), body, exam date, number, ID.

    Body-level (statistical) hits have no certificate number, ID or exam date; their detail names the group.
    """
    order = {code: n for n, code in enumerate(Rule.values)}
    hits = Hit.objects.order_by().values_list(
        "rule",
        "result__certificate_no",
        "result__id_number",
        "body__filing_no",
        "body__credit_code",
        "result__exam_date",
        "detail",
        "key",
    )
    rows = [
        (
            rule,
            number or "",
            id_number or "",
            filing_no or credit_code,
            exam_date.isoformat() if exam_date else "",
            detail,
            key,
        )
        for rule, number, id_number, filing_no, credit_code, exam_date, detail, key in hits.iterator(
            chunk_size=5000
        )
    ]
    rows.sort(key=lambda r: (order.get(r[0], len(order)), *r[1:]))
    return [r[:-1] for r in rows]


class Command(BaseCommand):
    help = "Run the 13 certificate audit rules over all stored results; --report writes every stored hit."

    def add_arguments(self, parser):
        parser.add_argument(
            "--report", metavar="FILE.csv", help="write one row per stored hit to this CSV file"
        )

    def handle(self, *args, **options):
        before = _counts()
        outcome = audit()
        after = _counts()
        width = max(len(code) for code in Rule.values)
        self.stdout.write(f"{'rule':<{width}}  {'new':>7}  {'stored':>7}")
        for code in Rule.values:
            stored = after.get(code, 0)
            self.stdout.write(f"{code:<{width}}  {stored - before.get(code, 0):>7}  {stored:>7}")
        self.stdout.write(f"{outcome.new_hits} new hits; {len(outcome.cases)} cases opened.")
        if options["report"]:
            path = Path(options["report"])
            rows = report_rows()
            # For people, in Excel: a BOM, and details quoting a roster's cells made inert.
            tables.write_csv(path, tables.as_frame(rows, REPORT_COLUMNS))
            self.stdout.write(f"{len(rows)} hits written to {path}.")

"""Write the register for exchange with other systems: bodies.csv, scope.csv and examiners.csv.

Plain UTF-8 without a byte-order mark (what other systems and scripts expect; the register pages'
downloads add the BOM for Excel), comma-separated, one header row, "\\n" line ends, ISO dates, codes
rather than labels; text that a spreadsheet would run as a formula is written behind an apostrophe
(common.tables), as in every download. Only filed bodies (holding a filing number) and examiners
holding a certificate number; examiners' resident ID numbers in full unless --mask-ids.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from common import tables
from examiners.exports import examiners_frame
from registry.exports import bodies_frame, scope_frame
from registry.selectors import public_register


class Command(BaseCommand):
    help = "Write bodies.csv, scope.csv and examiners.csv (plain UTF-8, ISO dates) into DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", metavar="DIR", type=Path, help="created if missing; files are replaced"
        )
        parser.add_argument(
            "--mask-ids",
            action="store_true",
            help="mask examiners' resident ID numbers, as the public sees them",
        )

    def handle(self, *, directory: Path, mask_ids: bool, **options):
        directory.mkdir(parents=True, exist_ok=True)
        bodies = public_register()  # what the public register lists unfiltered
        files = {
            "bodies.csv": bodies_frame(bodies),
            "scope.csv": scope_frame(bodies),
            "examiners.csv": examiners_frame(full_ids=not mask_ids),
        }
        for name, frame in files.items():
            path = directory / name
            tables.write_csv(path, frame, bom=False)
            self.stdout.write(f"{path}: {len(frame)} rows")

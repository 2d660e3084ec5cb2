"""Write the register for exchange with other systems: bodies.csv, scope.csv and examiners.csv.

Plain UTF-8 without a byte-order mark (what other systems and scripts expect; the register pages'
downloads add the BOM for Excel), comma-separated, one header row, "\\n" line ends, ISO dates, codes
rather than labels; text that a spreadsheet would run as a formula is written behind an apostrophe
(common.tables), as in every download. Only filed bodies (holding a filing number) and examiners
holding a certificate number; examiners' resident ID numbers in full unless --mask-ids.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from certificates.services.export import registry_frames
from common import tables


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
        for name, frame in registry_frames(mask_ids=mask_ids).items():
            path = directory / name
            tables.write_csv(path, frame, bom=False)
            self.stdout.write(f"{path}: {len(frame)} rows")

"""Zip bombs dressed as XLSX: how fast and in how little memory the table layer refuses them.

.venv/bin/python bench/xlsx_bomb.py [MEGABYTES]      (default 500: what the sheet inflates to)

Three files of about 3 MB each (tests/common/workbooks.py builds them by hand): one declaring its true
sizes, one declaring 1 KB for its sheet (refused once the inflated bytes pass the limit), one of short
rows (refused by its row count). Each is handed to the roster's reader as an upload would be; target:
refused in under 2 s and under 150 MB of memory, with a message naming the limit.
"""

import argparse
import resource
import sys
import time
import tracemalloc

from _django import throwaway_database  # noqa: F401  (puts the project on sys.path)


def main(megabytes: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from certificates.rosters.parse import FEW_VALUES, HEADINGS
    from common.tables import TableRefused, read_table
    from tests.common.workbooks import row_xml, workbook_bomb

    translation.activate("en")
    print(
        f"limits: unpacked {settings.TABLE_XLSX_MAX_UNPACKED_BYTES / 2**20:.0f} MiB, "
        f"{settings.TABLE_XLSX_MAX_ROWS:,} rows, upload {settings.TABLE_UPLOAD_MAX_BYTES / 2**20:.0f} MiB"
    )
    cases = {
        "honest sizes": dict(megabytes=megabytes),
        "lying sizes": dict(megabytes=megabytes, lie=True),
        "short rows, lying": dict(megabytes=megabytes, lie=True, row=row_xml(3)),
    }
    for name, options in cases.items():
        data = workbook_bomb(padding=2_500_000, **options)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        started = time.perf_counter()
        try:
            read_table(data, "roster.xlsx", headings=HEADINGS, few_values=FEW_VALUES)
            outcome = "ACCEPTED (!)"
        except TableRefused as refused:
            outcome = refused.errors[0].message.replace("\xa0", " ")
        seconds = time.perf_counter() - started
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name:<18} file {len(data) / 2**20:4.1f} MiB → sheet {megabytes} MiB: {seconds:5.2f} s, "
            f"Python peak {peak / 2**20:5.1f} MiB, process peak RSS {rss_after:.0f} MiB "
            f"(+{rss_after - rss_before:.0f}); {outcome}"
        )
        del data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("megabytes", nargs="?", type=int, default=500)
    main(parser.parse_args().megabytes)
    sys.exit(0)

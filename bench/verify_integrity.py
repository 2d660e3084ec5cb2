"""Time `verify_integrity` over N chained entries (default 100,000; target ≤ 5 s).

.venv/bin/python bench/verify_integrity.py [N]
"""

import resource
import sys
import time

from _django import throwaway_database


def main(count: int) -> None:
    with throwaway_database() as connection:
        from integrity.bulk import make_chained_entries
        from integrity.chain import verify

        started = time.perf_counter()
        made = make_chained_entries(count, subjects=max(1, count // 50))
        print(
            f"database: {connection.vendor}; {made} entries in chains of 50, made in {time.perf_counter() - started:.1f} s"
        )
        for run in range(2):
            started = time.perf_counter()
            checked, breaks = verify()
            elapsed = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"run {run + 1}: {checked} links verified in {elapsed:.2f} s ({checked / elapsed:,.0f}/s), "
                f"{len(breaks)} breaks, process peak RSS {peak:.0f} MB"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

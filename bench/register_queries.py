"""Queries and time per page of /register/ as the register grows: the count must stay flat.

.venv/bin/python bench/register_queries.py [BODIES ...]     (default: 50 500 5000)
"""

import sys
import time

from _django import throwaway_database


def main(sizes: list[int]) -> None:
    with throwaway_database() as connection:
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from registry.bulk import make_filed_bodies

        client = Client()
        made = 0
        print(f"database: {connection.vendor}")
        print(f"{'bodies':>7} {'url':<44} {'queries':>7} {'ms':>8}")
        for size in sizes:
            make_filed_bodies(size - made, start=100_000 + made)
            made = size
            for url in (
                "/register/",
                "/register/?page=10",
                "/register/?occupation=4-01&kind=social",
                "/register/?q=重庆第1000",
            ):
                client.get(url)  # warm
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200
                print(f"{size:>7} {url:<44} {len(ctx.captured_queries):>7} {elapsed:>8.1f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50, 500, 5000])

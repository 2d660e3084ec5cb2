"""ID_INVALID's per-ID check (certificates.rules.identity.check_ids) on 300,000 distinct resident IDs.

.venv/bin/python bench/id_check.py [COUNT]

Two mixes: every ID under a Sichuan-era code valid in its birth year (as bench/audit_rules.py makes
them), and a real one: current Chongqing codes, Sichuan-era and Wanxian codes and a code that never
existed, for holders born 1960–2007, one in 200 with a wrong check digit. Prints the best of three.
"""

import datetime
import sys
import time

import _django  # noqa: F401  (puts the project on sys.path and names the settings)
import numpy as np
import pandas as pd

AREAS = ["500101", "500103", "500112", "500113", "500151", "510202", "510212", "512201", "500234", "999999"]


def ids(count: int, areas: list[str], first: datetime.date, days: int) -> pd.Series:
    from registry.identifiers import resident_id

    rng = np.random.default_rng(5)
    numbers = []
    for k in range(count):
        born = first + datetime.timedelta(days=int(rng.integers(0, days)))
        number = resident_id(k, born=f"{born:%Y%m%d}", area=areas[k % len(areas)])
        if k % 200 == 0:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        numbers.append(number)
    return pd.Series(list(dict.fromkeys(numbers)), dtype="str")


def main(count: int) -> None:
    import django

    django.setup()
    from certificates.rules import identity

    mixes = {
        "510202, born 1984-1996": ids(count, ["510202"], datetime.date(1984, 1, 1), 4700),
        "real codes, born 1960-2007": ids(count, AREAS, datetime.date(1960, 1, 1), 17500),
    }
    for name, numbers in mixes.items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            verdicts = identity.check_ids(numbers)
            times.append(time.perf_counter() - started)
        flagged = int((verdicts["reason"] != "").sum())
        print(f"{name}: {len(numbers)} IDs in {min(times):.2f} s, {flagged} refused")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300_000)

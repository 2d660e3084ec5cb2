"""The plan dashboard over a year of results: server time and queries of each builder.

.venv/bin/python bench/dashboard.py [ROWS] [--memory]      (default 1000000; DATABASE_URL=postgres://... for PostgreSQL)

The demo registry (seed_demo) is built in a throw-away database, with a plan for this year (city, district
and kind targets) and a catalogue of technical colleges; ROWS results are spread over the year so far, one
roster per body and month, each received a few days after its month (so the "stored by the day" condition
has work to do), written through the roster import's own bulk insert (certificates.rosters.store.insert:
executemany on SQLite, COPY on PostgreSQL), 85% passers with certificate numbers, every level the body's
scope holds, one evaluation in ten a qualification and one in five a special-ability assessment.
Sessions of 20–60 candidates, each of one occupation and level on one day, as bench/roster.py makes them.

Then `build()` citywide, `build()` for one district, `public_statistics()` and `build()` as of 30 June are each
run 5 times (after one warm-up): the median server time and the number of queries, three times over:
  1. nothing tallied: every figure from the result rows, by grouped queries (plain aggregation);
  2. after `tally_rosters()` (the daily task; also run after each roster import job): from ResultTally;
  3. this month's rosters not tallied yet (imported by command since the last daily run).
Target: ≤ 300 ms each at 1,000,000 results.
"""

import argparse
import datetime
import statistics
import time
from pathlib import Path

import numpy as np
from _django import throwaway_database

VAR = Path(__file__).resolve().parent.parent / "var"
PASS_SHARE = 0.85
RUNS = 5


def make_plan(year: int) -> None:
    from plans.models import Metric, Plan, ScopeKind, Target, TechnicalCollege
    from registry.identifiers import credit_code
    from registry.models import AssessmentBody, District

    plan = Plan.objects.create(year=year, name=f"{year}年全市技能人才工作要点")
    yuzhong = District.objects.get(code="500103")
    targets = [
        (Metric.BODIES, ScopeKind.CITY, None, "", 60),
        (Metric.COLLEGES_FILED, ScopeKind.CITY, None, "", None),
        (Metric.EVALUATIONS, ScopeKind.CITY, None, "", 1_200_000),
        (Metric.RECOGNITIONS, ScopeKind.CITY, None, "", 800_000),
        (Metric.SPECIAL_ABILITY, ScopeKind.CITY, None, "", 250_000),
        (Metric.EXAMINERS, ScopeKind.CITY, None, "", 300),
        (Metric.SUPERVISORS, ScopeKind.CITY, None, "", 60),
        (Metric.SPECIFICATIONS, ScopeKind.CITY, None, "", 20),
        (Metric.EVALUATIONS, ScopeKind.DISTRICT, yuzhong, "", 300_000),
        (Metric.BODIES, ScopeKind.BODY_KIND, None, "employer", 25),
    ]
    Target.objects.bulk_create(
        Target(plan=plan, metric=m, scope=s, district=d, body_kind=k, value=v) for m, s, d, k, v in targets
    )
    # The demo's colleges, and a few more that have not filed.
    colleges = AssessmentBody.objects.filter(kind="college").exclude(filing_no=None)
    seen = set()
    for body in colleges:
        if body.credit_code not in seen:
            seen.add(body.credit_code)
            TechnicalCollege.objects.create(
                name=f"{body.name}（技工院校）", credit_code=body.credit_code, district=body.district
            )
    for n, district in enumerate(District.objects.order_by("code")[:12]):
        TechnicalCollege.objects.create(
            name=f"重庆市第{n + 1}技工学校",
            credit_code=credit_code(900_000 + n, district_code=district.code, authority="52"),
            district=district,
        )


def fill_results(count: int, today: datetime.date, seed: int = 2026) -> int:
    """`count` results over Jan 1 … yesterday, one roster per body and month; returns the rosters made."""
    import pandas as pd
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from certificates.models import Result, Roster
    from certificates.rosters.store import insert, row_keys
    from registry.models import AssessmentBody, ScopeLine

    rng = np.random.default_rng(seed)
    officer = User.objects.get(username="centre1")
    bodies = list(AssessmentBody.objects.exclude(filing_no=None).order_by("pk").values("pk", "filing_no"))
    lines = {}
    for body_id, occupation_id, level in ScopeLine.objects.order_by("pk").values_list(
        "body_id", "occupation_id", "level"
    ):
        lines.setdefault(body_id, []).append((occupation_id, level))
    bodies = [b for b in bodies if b["pk"] in lines]
    months = range(1, today.month + 1)
    per_roster = count // (len(bodies) * len(months))
    made = rosters = 0
    with transaction.atomic():
        for month in months:
            first = datetime.date(today.year, month, 1)
            last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            last = min(last, today - datetime.timedelta(days=1))
            for body in bodies:
                n = (
                    min(per_roster, count - made)
                    if (month, body["pk"]) != (today.month, bodies[-1]["pk"])
                    else count - made
                )
                if n <= 0:
                    continue
                roster = Roster.objects.create(
                    original_name=f"{body['filing_no']}-{month:02d}.csv", sha256="0" * 64, uploaded_by=officer
                )
                received = datetime.datetime.combine(
                    min(last + datetime.timedelta(days=4), today), datetime.time(10), tzinfo=datetime.UTC
                )
                Roster.objects.filter(pk=roster.pk).update(uploaded_at=received, rows_read=n, rows_stored=n)
                scope = lines[body["pk"]]
                # sessions of 20–60 candidates, each one occupation and level on one day
                sizes = rng.integers(20, 61, size=n // 20 + 1)
                sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), n)) + 1]
                session = np.repeat(np.arange(len(sizes)), sizes)[:n]
                pick = rng.integers(0, len(scope), size=len(sizes))[session]
                days = rng.integers(0, (last - first).days + 1, size=len(sizes))[session]
                exam = np.datetime64(first) + days.astype("timedelta64[D]")
                passed = rng.random(n) < PASS_SHARE
                serial = np.arange(made, made + n)
                level = np.array([scope[i][1] for i in pick])
                certificate = np.where(
                    passed,
                    np.char.add(
                        np.char.add(f"{body['filing_no']}{today.year % 100:02d}", level.astype(str)),
                        np.char.zfill((serial % 1_000_000).astype(str), 6),
                    ),
                    "",
                )
                frame = pd.DataFrame(
                    {
                        "line": np.arange(2, n + 2),
                        "body_id": body["pk"],
                        "occupation_id": np.array([scope[i][0] for i in pick]),
                        "level": level,
                        "name": np.char.add("考生", serial.astype(str)),
                        "id_number": np.char.add("500103199001", np.char.zfill(serial.astype(str), 6)),
                        "theory_score": np.where(passed, 80.0, 50.0),
                        "skill_score": np.where(passed, 85.0, 55.0),
                        "review_score": np.nan,
                        "exam_date": exam,
                        "issue_date": np.where(
                            passed, exam + np.timedelta64(5, "D"), np.datetime64("NaT", "D")
                        ),
                        "certificate_no": certificate,
                        "examiner_nos": "KP0000000001",
                    }
                )
                frame["row_key"], _prefixes = row_keys(frame)
                insert(frame, keep=np.ones(n, dtype=bool), roster_id=roster.pk)
                made += n
                rosters += 1
        table = Result._meta.db_table
        with connection.cursor() as cursor:
            # a roster's sessions are of one type: one in five special-ability, one in ten qualifications
            cursor.execute(f"UPDATE {table} SET evaluation_type = 'special' WHERE roster_id % 5 = 0")
            cursor.execute(f"UPDATE {table} SET evaluation_type = 'qualification' WHERE roster_id % 10 = 1")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what a production database's statistics would know
    return rosters


def first_of_month(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day.replace(day=1), datetime.time()))


def timed(call) -> tuple[float, int]:
    """Median milliseconds of RUNS calls (after one warm-up) and the queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    times = []
    for _run in range(RUNS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    connection.queries_log.clear()  # seed_demo (DEBUG) filled it to its cap, where nothing more shows
    with CaptureQueriesContext(connection) as queries:
        call()
    return statistics.median(times), len(queries.captured_queries)


def main(count: int, memory: bool) -> None:
    import django

    django.setup()
    from django.db import connection

    sqlite_file = None
    if connection.vendor == "sqlite" and not memory:
        sqlite_file = VAR / "bench_dashboard.sqlite3"
        sqlite_file.unlink(missing_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(sqlite_file)

    with throwaway_database() as connection:
        from django.core.management import call_command
        from django.test import override_settings
        from django.utils import timezone

        from certificates.models import Result, Roster
        from plans.dashboard import build, public_statistics
        from plans.models import ResultTally, TalliedRoster
        from plans.tallies import tally_rosters
        from registry.models import District

        started = time.perf_counter()
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        today = timezone.localdate()
        make_plan(today.year)
        seeded = time.perf_counter()
        rosters = fill_results(count, today)
        filled = time.perf_counter()
        where = f"file {sqlite_file.name}" if sqlite_file else "in memory"
        print(
            f"database: {connection.vendor}{f' ({where})' if connection.vendor == 'sqlite' else ''}; "
            f"demo registry in {seeded - started:.1f} s, {count:,} results in {rosters} rosters "
            f"in {filled - seeded:.1f} s"
        )
        district = District.objects.get(code="500103")
        builders = (
            ("build() citywide", lambda: build(year=today.year, as_of=today)),
            (f"build() {district.name}", lambda: build(year=today.year, as_of=today, district=district)),
            ("public_statistics()", lambda: public_statistics(year=today.year, as_of=today)),
            ("build() as of 30 June", lambda: build(year=today.year, as_of=datetime.date(today.year, 6, 30))),
        )

        def report(title: str) -> None:
            print(title)
            for name, call in builders:
                ms, queries = timed(call)
                print(f"  {name:<28} {ms:8.1f} ms (median of {RUNS})  {queries:3d} queries")

        report("1. nothing tallied (plain aggregation over the result rows):")
        started = time.perf_counter()
        tallied = tally_rosters()
        print(
            f"tally_rosters(): {tallied} rosters in {time.perf_counter() - started:.1f} s, "
            f"{ResultTally.objects.count():,} tally rows"
        )
        report("2. every roster tallied:")
        month = Roster.objects.filter(uploaded_at__gte=first_of_month(today))
        ResultTally.objects.filter(roster__in=month).delete()
        TalliedRoster.objects.filter(roster__in=month).delete()
        waiting = Result.objects.filter(roster__in=month).count()
        report(f"3. this month's {month.count()} rosters ({waiting:,} results) not tallied yet:")
    if sqlite_file:
        sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--memory", action="store_true", help="SQLite: an in-memory database")
    arguments = parser.parse_args()
    main(arguments.rows, arguments.memory)

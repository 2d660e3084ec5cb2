"""The 13 certificate audit rules at scale: run(roster_id=…) over one big roster, then run() over everything.

.venv/bin/python bench/audit_rules.py [ROWS]          (default: 300000)
DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench .venv/bin/python bench/audit_rules.py
BENCH_REPORT=/tmp/hits-sqlite.tsv …   writes the stored hits as the command's report rows (diff two databases)

Targets (domain.md §4, issue 6): 300,000 rows imported and audited in ≤ 30 s on SQLite, ≤ 15 s on
PostgreSQL (the import takes about 10 s of that); 1,000,000 rows within 1 GB.

Data: 60 active bodies (two suspended for part of 2025) with 4 occupations × levels 5–3 in scope, one
certified examiner per 300 rows, at least 1,000 (a few suspended, a fifth of grade `examiner` only), sessions of 30 candidates with 3
examiners each over 2025, two thirds passing; about 1 % of rows carry each kind of fault. Rows go in with
one raw executemany per 20,000 (not through the importer). SQLite uses a file in /tmp, not memory, so
the timings include reading from disk (the OS cache, really). The figure is wall time of rules.run; the
process's peak RSS is printed before and after the runs.
"""

import contextlib
import datetime
import hashlib
import os
import resource
import sys
import time

import numpy as np
from _django import throwaway_database  # also puts the project on sys.path

SEED = 2022
BODIES = 60
EXAMINERS = 1000  # grown with the rows: one examiner per 300 of them
SESSION = 30
START = datetime.date(2025, 1, 1)
SQLITE_FILE = "/tmp/bench_audit_rules.sqlite3"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def database():
    """A fresh migrated database: a file for SQLite (so reads are real), test_<name> on PostgreSQL."""
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        with contextlib.suppress(FileNotFoundError):
            os.remove(SQLITE_FILE)
        connection.settings_dict.setdefault("TEST", {})["NAME"] = SQLITE_FILE
    with throwaway_database() as conn:
        yield conn


def at(day: datetime.date):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def registry(count: int):
    """Bodies with history and scope, examiners with certifications; returns what rows refer to."""
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django_fsm_log.models import StateLog

    from examiners.models import Certification, Person
    from registry.identifiers import credit_code, resident_id
    from registry.models import AssessmentBody, District, Occupation, ScopeLine

    district = District.objects.order_by("code").first()
    occupations = list(Occupation.objects.order_by("code").values_list("pk", flat=True)[:40])
    bodies = AssessmentBody.objects.bulk_create(
        AssessmentBody(
            name=f"评价机构{n}",
            credit_code=credit_code(n),
            kind="social",
            district=district,
            filing_no=f"S00005{n:07d}",
            valid_from=datetime.date(2023, 1, 1),
            valid_to=datetime.date(2027, 12, 31),
            status="active",
        )
        for n in range(1, BODIES + 1)
    )
    bodies = list(AssessmentBody.objects.order_by("pk"))
    body_type = ContentType.objects.get_for_model(AssessmentBody)
    logs = [
        StateLog(
            content_type=body_type,
            object_id=b.pk,
            source_state="pending",
            state="active",
            transition="activate",
            timestamp=at(datetime.date(2023, 1, 1)),
        )
        for b in bodies
    ]
    for b in bodies[:2]:  # suspended in June 2025, reinstated in August
        logs.append(StateLog(content_type=body_type, object_id=b.pk, source_state="active", state="suspended", transition="suspend", timestamp=at(datetime.date(2025, 6, 1))))  # fmt: skip
        logs.append(StateLog(content_type=body_type, object_id=b.pk, source_state="suspended", state="active", transition="reinstate", timestamp=at(datetime.date(2025, 8, 1))))  # fmt: skip
    scope = {
        b.pk: occupations[(n * 4) % len(occupations) : (n * 4) % len(occupations) + 4]
        for n, b in enumerate(bodies)
    }
    ScopeLine.objects.bulk_create(
        ScopeLine(body=b, occupation_id=o, level=lv, effective_from=datetime.date(2023, 1, 1))
        for b in bodies
        for o in scope[b.pk]
        for lv in (5, 4, 3)
    )
    people = Person.objects.bulk_create(
        Person(
            name=f"考评员{n}",
            id_number=resident_id(n, born=f"19{84 + n % 9}0{1 + n % 9}1{n % 9}"),
            district=district,
        )
        for n in range(examiners(count))
    )
    people = list(Person.objects.order_by("pk"))
    certs = Certification.objects.bulk_create(
        Certification(
            person=p,
            role="examiner",
            track="online",
            grade="examiner" if n % 5 == 0 else "senior_examiner",
            status="certified",
            certificate_no=f"T{n:09d}",
            valid_from=datetime.date(2023, 1, 1),
            valid_to=datetime.date(2028, 12, 31),
        )
        for n, p in enumerate(people)
    )
    certs = list(Certification.objects.order_by("pk"))
    cert_type = ContentType.objects.get_for_model(Certification)
    for c in certs[:4]:  # suspended from October 2025
        logs.append(StateLog(content_type=cert_type, object_id=c.pk, source_state="certified", state="suspended", transition="suspend", timestamp=at(datetime.date(2025, 10, 1))))  # fmt: skip
    StateLog.objects.bulk_create(logs)
    user = User.objects.create(username="bench")
    return {"bodies": bodies, "scope": scope, "user": user}


def examiners(count: int) -> int:
    return max(EXAMINERS, count // 300)


def make_rows(count: int, reg: dict, roster_id: int):
    """Yield chunks of result tuples (in the column order of INSERT below)."""
    from stdnum.cn import ric

    rng = np.random.default_rng(SEED)
    bodies, scope = reg["bodies"], reg["scope"]
    sessions = (count + SESSION - 1) // SESSION
    s_body = rng.integers(0, len(bodies), sessions)
    s_occ = rng.integers(0, 4, sessions)
    s_level = rng.choice([5, 4, 3], sessions)
    s_level[rng.random(sessions) < 0.01] = 2  # level 2 never filed: out of scope
    s_day = rng.integers(0, 360, sessions)
    s_examiners = rng.integers(0, examiners(count), (sessions, 3))
    s_examiners[rng.random(sessions) < 0.005, 2] = 99999  # unknown number
    s_cluster = rng.random(sessions) < 0.003  # everybody 60/60
    s_generous = np.array([bodies[b].pk for b in s_body]) == bodies[-1].pk  # pass-rate outlier body

    issued = []  # (certificate_no) pool for duplicates
    serial = 0
    for first in range(0, count, 20_000):
        n = np.arange(first, min(count, first + 20_000))
        s = n // SESSION
        theory = np.clip(np.round(rng.normal(72, 12, len(n)) * 2) / 2, 0, 100)
        skill = np.clip(np.round(rng.normal(74, 12, len(n)) * 2) / 2, 0, 100)
        theory[s_cluster[s]] = skill[s_cluster[s]] = 60.0
        theory[s_generous[s]] = np.maximum(theory[s_generous[s]], 65)
        skill[s_generous[s]] = np.maximum(skill[s_generous[s]], 65)
        passed = (theory >= 60) & (skill >= 60)
        fail_certified = rng.random(len(n)) < 0.003
        passed |= fail_certified & (theory < 60)
        r = rng.random((len(n), 6))
        chunk = []
        for i, k in enumerate(n):
            si = s[i]
            body = bodies[s_body[si]]
            level = int(s_level[si])
            exam = START + datetime.timedelta(days=int(s_day[si]))
            if r[i, 0] < 0.001:  # under age: born 2012
                born = exam.replace(year=exam.year - 13)
                base = f"500103{born:%Y%m%d}{k % 1000:03d}"
            else:
                born = datetime.date(1984, 1, 1) + datetime.timedelta(days=int(k % 4700))
                base = f"510202{born:%Y%m%d}{k % 1000:03d}"
            id_number = base + ric.calc_check_digit(base + "0")
            if r[i, 1] < 0.005:
                id_number = id_number[:-1] + ("0" if id_number[-1] != "0" else "1")
            issue = exam + datetime.timedelta(days=10) if passed[i] else None
            if issue and r[i, 2] < 0.002:
                issue = exam - datetime.timedelta(days=3)
            number = ""
            if passed[i]:
                serial += 1
                prefix = body.filing_no if r[i, 3] >= 0.002 else "S000050999999"
                number = f"{prefix}{issue.year % 100:02d}{level}{serial:06d}"
                if issued and r[i, 4] < 0.002:
                    number = issued[int(r[i, 5] * len(issued))]
                elif len(issued) < 5000:
                    issued.append(number)
            names = ";".join(f"T{int(e):09d}" for e in s_examiners[si])
            occupation = scope[body.pk][int(s_occ[si])]
            key = hashlib.sha1(f"{body.pk}|{id_number}|{occupation}|{level}|{exam}|{k}".encode()).hexdigest()
            chunk.append(
                (
                    roster_id, int(k) + 2, body.pk, occupation, level, f"考生{k}", id_number,
                    float(theory[i]), float(skill[i]), 80.0 if level <= 2 else None, exam, issue, number,
                    names, key, "issued" if number else "not_issued", "",
                )
            )  # fmt: skip
        yield chunk


def insert(count: int, reg: dict) -> int:
    from django.db import connection, transaction

    from certificates.models import Roster

    roster = Roster.objects.create(original_name="bench.csv", sha256="0" * 64, uploaded_by=reg["user"])
    columns = (
        "roster_id, line, body_id, occupation_id, level, name, id_number, theory_score, skill_score, "
        "review_score, exam_date, issue_date, certificate_no, examiner_nos, row_key, status, revoked_reason"
    )
    sql = f"INSERT INTO certificates_result ({columns}) VALUES ({', '.join(['%s'] * 17)})"
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in make_rows(count, reg, roster.pk):
            cursor.executemany(sql, chunk)
    return roster.pk


def main(count: int) -> None:
    with database() as connection:
        from django.db.models import Count

        from certificates import rules
        from certificates.models import Hit, Roster
        from certificates.services.audit import audit

        started = time.perf_counter()
        reg = registry(count)
        roster_id = insert(count, reg)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"database: {connection.vendor}; {count} rows made in {time.perf_counter() - started:.1f} s")
        print(f"peak RSS before the audit: {rss_mb():.0f} MB")

        for label, kwargs in (("roster", {"roster_id": roster_id}), ("everything", {})):
            Hit.objects.all().delete()
            started = time.perf_counter()
            new = rules.run(**kwargs)
            took = time.perf_counter() - started
            print(f"run({label}): {took:.1f} s, {new} hits, peak RSS {rss_mb():.0f} MB")
        # where a roster run's time goes: each rule in run order, on one Frames as run() shares it
        from certificates.rules.data import Frames

        started = time.perf_counter()
        frames = Frames(roster_id=roster_id)
        spent = [("load", time.perf_counter() - started)]
        for code, rule in rules.RULES.items():
            began = time.perf_counter()
            rule(frames)
            spent.append((str(code), time.perf_counter() - began))
        print("per rule:", ", ".join(f"{name} {took:.2f} s" for name, took in spent))
        started = time.perf_counter()
        again = rules.run(roster_id=roster_id)
        print(f"run(roster) again: {time.perf_counter() - started:.1f} s, {again} new hits")
        Hit.objects.all().delete()
        started = time.perf_counter()
        outcome = audit(roster=Roster.objects.get(pk=roster_id))
        took = time.perf_counter() - started
        print(f"audit(roster) with cases: {took:.1f} s, {outcome.new_hits} hits, {len(outcome.cases)} cases")
        counts = dict(Hit.objects.order_by().values_list("rule").annotate(n=Count("pk")))
        print("hits per rule:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if os.environ.get("BENCH_REPORT"):  # the hits as the command's CSV rows: compare databases with diff
            from certificates.management.commands.audit_certificates import report_rows

            with open(os.environ["BENCH_REPORT"], "w", encoding="utf-8") as out:
                out.writelines("\t".join(row) + "\n" for row in report_rows())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300_000)

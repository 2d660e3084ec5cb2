"""Result roster import at scale: parse + check, store and audit timed apart, with peak memory.

.venv/bin/python bench/roster.py [ROWS] [--memory]      (default 300000; DATABASE_URL=postgres://... for PostgreSQL)

The demo registry (seed_demo) is built in a throw-away database; a roster of ROWS rows is generated against
it — the bodies' real filing numbers and in-force scope lines, real examiners valid and qualified on the
exam date, valid resident IDs with varied birth dates, ~85% passers with well-formed 22-character numbers,
and ~2% rows made wrong on purpose for the audit rules, each session of an evaluation type (1/3 专项) —
written as a UTF-8 CSV with Chinese headers, then imported the way `import_roster` does it. On SQLite the
throw-away database is a file under var/ (as in production) unless --memory is given. Targets on 2 cores: 300,000 rows imported and audited in ≤ 30 s
(SQLite) / ≤ 15 s (PostgreSQL); 1,000,000 rows within 1 GB.
"""

import argparse
import csv
import datetime
import resource
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from _django import throwaway_database

HEADERS = [
    "证书编号",
    "姓名",
    "证件号码",
    "职业编码",
    "等级",
    "理论成绩",
    "技能成绩",
    "综合评审成绩",
    "考核日期",
    "发证日期",
    "考评员",
    "评价机构代码",
    "评价类型",
]
# A session's evaluation type as bodies write it: about 2/3 职业资格 or 等级认定 (some left empty), 1/3 专项.
TYPE_WORDS = ("职业技能等级认定", "等级认定", "", "职业资格", "专项职业能力", "专项")
TYPE_WEIGHTS = (0.3, 0.15, 0.1, 0.12, 0.2, 0.13)
VAR = Path(__file__).resolve().parent.parent / "var"
PASS_SHARE = 0.85
BAD_SHARE = 0.02  # rows made wrong on purpose, spread over the kinds below
BAD_KINDS = ("id_check", "under_age", "cert_format", "cert_duplicate", "fail_certified", "issue_before_exam")
WRITE_EVERY = 50_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def add_examiners(count: int, seed: int = 7) -> None:
    """The plan's 2,000 certified examiners (the demo's 120 could not staff 300,000 candidates within
    AUDIT_EXAMINER_DAILY_LIMIT a day), certified three years back, each qualified for 8 filed occupations."""
    from django.utils import timezone

    from examiners.models import Certification, Person
    from registry.identifiers import resident_id
    from registry.models import District, ScopeLine

    rng = np.random.default_rng(seed)
    district = District.objects.order_by("code").first()
    people = Person.objects.bulk_create(
        Person(
            name=f"考评员{n}",
            id_number=resident_id(n, born=f"{1970 + n % 13}0{1 + n % 9}1{n % 9}", area="510202"),
            district=district,
        )
        for n in range(100_000, 100_000 + count)
    )
    if not people[0].pk:
        people = list(Person.objects.filter(name__startswith="考评员").order_by("pk"))[-count:]
    today = timezone.localdate()
    certifications = Certification.objects.bulk_create(
        Certification(
            person=person,
            role="examiner",
            track="online",
            grade="senior_examiner" if n % 3 == 0 else "examiner",
            status="certified",
            certificate_no=f"KPB{n:08d}",
            valid_from=today - datetime.timedelta(days=3 * 365 - 30),
            valid_to=today + datetime.timedelta(days=30),
        )
        for n, person in enumerate(people)
    )
    if not certifications[0].pk:
        certifications = list(Certification.objects.filter(certificate_no__startswith="KPB").order_by("pk"))
    filed = sorted(set(ScopeLine.objects.values_list("occupation_id", flat=True)))
    through = Certification.occupations.through
    through.objects.bulk_create(
        through(certification_id=c.pk, occupation_id=int(o))
        for c in certifications
        for o in rng.choice(filed, size=min(8, len(filed)), replace=False)
    )


class Registry:
    """What a roster refers to, read once from the database."""

    def __init__(self, today: datetime.date):
        from django.conf import settings

        from examiners.models import Certification
        from examiners.models.certification import grade_needed
        from registry.models import AssessmentBody, ScopeLine

        self.today = today
        self.grade_needed = grade_needed
        bodies = AssessmentBody.objects.exclude(filing_no=None).order_by("pk")
        self.bodies = list(bodies.values("pk", "filing_no", "status", "valid_from", "kind"))
        lines = defaultdict(list)
        in_force = ScopeLine.objects.filter(effective_to=None).order_by(
            "pk"
        )  # the same roster on any database
        for body_id, code, level, since in in_force.values_list(
            "body_id", "occupation__code", "level", "effective_from"
        ):
            if level >= 1:
                lines[body_id].append((code, level, since))
        self.lines = lines
        self.active = [b for b in self.bodies if b["status"] in ("active", "rectifying") and lines[b["pk"]]]
        self.inactive = [
            b for b in self.bodies if b["status"] not in ("active", "rectifying") and lines[b["pk"]]
        ]
        examiners = Certification.objects.filter(role="examiner").exclude(certificate_no=None)
        self.panels: dict[tuple[str, bool], list[str]] = defaultdict(list)  # (code, senior) -> numbers
        for number, grade, code in (
            examiners.filter(status="certified", certificate_no__startswith="KPB")
            .order_by("certificate_no", "occupations__code")
            .values_list("certificate_no", "grade", "occupations__code")
        ):
            self.panels[(code, False)].append(number)
            if grade == "senior_examiner":
                self.panels[(code, True)].append(number)
        # The demo's own suspended or expired examiners: a panel naming one is flagged.
        self.unqualified = list(
            examiners.exclude(status="certified")
            .order_by("certificate_no")
            .values_list("certificate_no", flat=True)
        )
        self.load: Counter = Counter()  # (examiner, day) -> candidates so far
        self.daily_limit = settings.AUDIT_EXAMINER_DAILY_LIMIT
        self.all_codes = sorted({code for lines in self.lines.values() for code, _level, _since in lines})

    def panel(self, rng, code: str, level: int, day: datetime.date, candidates: int) -> list[str]:
        """Three certified examiners qualified for the occupation (seniors for levels 2 and 1), each
        within the daily limit on `day` when a few draws can find such a panel."""
        pool = self.panels[(code, "senior_examiner" in self.grade_needed(level) and level <= 2)]
        pool = pool if len(pool) >= 3 else self.panels[(self.all_codes[0], False)]
        for _attempt in range(10):
            chosen = [pool[i] for i in rng.choice(len(pool), size=3, replace=False)]
            if all(self.load[(n, day)] + candidates <= self.daily_limit for n in chosen):
                break
        for number in chosen:
            self.load[(number, day)] += candidates
        return chosen


def write_roster(path: Path, count: int, registry: Registry, seed: int = 2022) -> Counter:
    """A roster of `count` rows in sessions of 20–60 candidates; returns how many rows were made wrong, by kind."""
    from demo.names import GIVEN, SURNAMES
    from registry.identifiers import resident_id

    rng = np.random.default_rng(seed)
    today = registry.today
    serials: Counter = Counter()
    bad: Counter = Counter()
    issued: list[str] = []
    buffer: list[list] = []
    person = rng.permutation(count)  # each row a different person: birth date and sequence from this
    made = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        while made < count:
            size = min(int(rng.integers(20, 61)), count - made)
            inactive = rng.random() < 0.02 and registry.inactive
            body = (registry.inactive if inactive else registry.active)[
                int(rng.integers(len(registry.inactive if inactive else registry.active)))
            ]
            code, level, since = registry.lines[body["pk"]][
                int(rng.integers(len(registry.lines[body["pk"]])))
            ]
            if rng.random() < 0.01:  # a session outside the filed scope
                code = registry.all_codes[int(rng.integers(len(registry.all_codes)))]
            # an exam in the last year, on a weekday, while the scope line was in force
            earliest = max(since, today - datetime.timedelta(days=365))
            exam = today - datetime.timedelta(days=int(rng.integers(1, max(2, (today - earliest).days + 1))))
            while exam.weekday() >= 5:
                exam -= datetime.timedelta(days=1)
            panel = registry.panel(rng, code, level, exam, size)
            if rng.random() < 0.01 and registry.unqualified:  # a suspended or expired examiner on the panel
                panel[-1] = registry.unqualified[int(rng.integers(len(registry.unqualified)))]
                bad["examiner_unqualified_sessions"] += 1
            panel = "；".join(panel)
            evaluation_type = TYPE_WORDS[int(rng.choice(len(TYPE_WORDS), p=TYPE_WEIGHTS))]
            issue = min(exam + datetime.timedelta(days=int(rng.integers(3, 15))), today)
            theory = rng.integers(40, 99, size=size).astype(float)
            skill = rng.integers(45, 99, size=size) + rng.choice([0, 0.5], size=size)
            passed = rng.random(size) < PASS_SHARE
            theory[passed] = np.maximum(theory[passed], 60 + rng.integers(0, 38, size=int(passed.sum())))
            skill[passed] = np.maximum(skill[passed], 60)
            theory[~passed] = np.minimum(theory[~passed], 59)
            review = rng.integers(60, 96, size=size) if level <= 2 else None
            for i in range(size):
                n = int(person[made + i])
                # born 1983–2007, with a code in use since the birth (Sichuan-era 510202 was retired in 1997)
                born = datetime.date(1983, 1, 1) + datetime.timedelta(days=(n // 1000) % 9_000)
                kind = BAD_KINDS[n % len(BAD_KINDS)] if rng.random() < BAD_SHARE else None
                area = "510202" if born.year < 1997 else "500103"
                id_number = resident_id(n, born=f"{born:%Y%m%d}", area=area)
                if kind == "id_check":
                    id_number = id_number[:17] + ("0" if id_number[17] != "0" else "1")
                elif kind == "under_age":
                    id_number = resident_id(n, born=f"{exam.year - 14}0301", area="500103")
                number = ""
                row_theory, row_issue = theory[i], issue
                if passed[i] or kind == "fail_certified":
                    serials[(body["pk"], issue.year, level)] += 1
                    number = (
                        f"{body['filing_no']}{issue.year % 100:02d}{level}"
                        f"{serials[(body['pk'], issue.year, level)]:06d}"
                    )
                    if kind == "cert_format":
                        number = number[:13] + "9" + number[14:]
                    elif kind == "cert_duplicate" and issued:
                        number = issued[int(rng.integers(len(issued)))]
                    elif kind == "fail_certified":
                        row_theory = 52.0
                    elif kind == "issue_before_exam":
                        row_issue = exam - datetime.timedelta(days=2)
                    if len(issued) < 10_000:
                        issued.append(number)
                if kind:
                    bad[kind] += 1
                buffer.append(
                    [
                        number,
                        SURNAMES[n % len(SURNAMES)]
                        + GIVEN[(n // 7) % len(GIVEN)]
                        + GIVEN[(n // 13) % len(GIVEN)],
                        id_number,
                        code,
                        level,
                        f"{row_theory:g}",
                        f"{skill[i]:g}",
                        "" if review is None else int(review[i]),
                        f"{exam:%Y-%m-%d}" if n % 3 else f"{exam.year}/{exam.month}/{exam.day}",
                        f"{row_issue:%Y-%m-%d}" if number else "",
                        panel,
                        body["filing_no"],
                        evaluation_type,
                    ]
                )
            made += size
            if len(buffer) >= WRITE_EVERY or made >= count:
                writer.writerows(buffer)
                buffer.clear()
    return bad


def main(count: int, memory: bool) -> None:
    import django

    django.setup()
    from django.db import connection

    sqlite_file = None
    if connection.vendor == "sqlite" and not memory:
        sqlite_file = VAR / "bench_roster.sqlite3"
        sqlite_file.unlink(missing_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(sqlite_file)

    with throwaway_database() as connection:
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.db import transaction
        from django.test import override_settings
        from django.utils import timezone

        from certificates.models import Hit
        from certificates.rosters.parse import parse_roster
        from certificates.services.audit import audit
        from certificates.services.rosters import store_roster

        started = time.perf_counter()
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        add_examiners(2000)
        registry = Registry(timezone.localdate())
        path = VAR / f"bench_roster_{count}.csv"
        bad = write_roster(path, count, registry)
        data = path.read_bytes()
        where = f"file {sqlite_file.name}" if sqlite_file else "in memory"
        print(
            f"database: {connection.vendor}{f' ({where})' if connection.vendor == 'sqlite' else ''}; "
            f"demo registry + {count:,} rows ({len(data) / 2**20:.0f} MB CSV, "
            f"{sum(bad.values()):,} made wrong: {dict(bad)}) built in {time.perf_counter() - started:.1f} s"
        )
        officer = User.objects.get(username="centre1")
        print(f"before import: RSS {current_mb():.0f} MB, peak so far {peak_mb():.0f} MB")

        t0 = time.perf_counter()
        parsed = parse_roster(data, filename=path.name)
        t1, peaks = time.perf_counter(), [peak_mb()]
        with transaction.atomic():
            roster = store_roster(parsed=parsed, user=officer, data=data, filename=path.name)
            if connection.vendor == "postgresql":
                # PostgreSQL checks Django's deferred foreign keys at commit: run the rows' checks now, so
                # that they count with the store and not with the audit.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            t2 = time.perf_counter()
            peaks.append(peak_mb())
            del parsed
            outcome = audit(roster=roster)
            t3 = time.perf_counter()
            peaks.append(peak_mb())
        t4 = time.perf_counter()
        peaks.append(peak_mb())
        phases = [("parse + check", t1 - t0), ("store", t2 - t1), ("audit", t3 - t2), ("commit", t4 - t3)]
        for (name, seconds), peak in zip(phases, peaks, strict=True):
            print(
                f"  {name:<14} {seconds:6.2f} s  {count / seconds:>12,.0f} rows/s   peak RSS so far {peak:,.0f} MB"
            )
        print(
            f"  {'total':<14} {t4 - t0:6.2f} s  {count / (t4 - t0):>12,.0f} rows/s "
            f"(parse + store {t2 - t0:.2f} s); stored {roster.rows_stored:,}, late {roster.rows_late:,}, "
            f"{outcome.new_hits:,} hits on {roster.hits:,} rows, {len(outcome.cases)} cases; "
            f"peak RSS {peak_mb():.0f} MB"
        )
        by_rule = Counter(Hit.objects.values_list("rule", flat=True))
        print(f"  hits by rule: {dict(sorted(by_rule.items()))}")

        t0 = time.perf_counter()
        parsed = parse_roster(data, filename=path.name)
        with transaction.atomic():
            again = store_roster(parsed=parsed, user=officer, data=data, filename=path.name)
        print(
            f"re-import of the same file: {again.rows_stored} stored, "
            f"{again.rows_read - again.rows_stored:,} skipped in {time.perf_counter() - t0:.2f} s; "
            f"peak RSS {peak_mb():.0f} MB"
        )
        path.unlink()
    if sqlite_file:
        sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=300_000)
    parser.add_argument("--memory", action="store_true", help="SQLite: an in-memory database")
    arguments = parser.parse_args()
    main(arguments.rows, arguments.memory)

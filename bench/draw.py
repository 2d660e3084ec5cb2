"""Time and queries per draw (examiners.draw.draw_session) as the pool grows: the count must stay flat.

.venv/bin/python bench/draw.py [EXAMINERS ...]     (default: 500 2000; supervisors are 15 % of that)
DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench .venv/bin/python bench/draw.py

Target: at most 50 ms a draw, and the same number of queries whatever the pool size.
Each size adds people and a year of assignment history (≈ one past session per two examiners, a
tenth of the assignments declined), plus other sessions on the exam day that book some people.
Then it draws RUNS fresh sessions at ten of the bodies (random levels and room counts); each
draw's assignments are removed afterwards so every run sees the same data.
On PostgreSQL the throw-away database is test_<name>: pick a name no parallel test run uses.
"""

import datetime
import random
import statistics
import sys
import time
from collections import Counter

from _django import throwaway_database

RUNS = 20
SEED = 2022


def grow(*, examiners: int, supervisors: int, made: dict, ctx: dict) -> None:
    """Add people (certified, valid), their occupations, ties, and a year of history, in bulk."""
    from examiners.models import (
        AssessmentSession,
        Assignment,
        AssignmentStatus,
        Certification,
        Draw,
        Person,
        Relation,
    )

    rng, bodies, target, others = ctx["rng"], ctx["bodies"], ctx["occupation"], ctx["other_occupations"]
    today, user = ctx["today"], ctx["user"]
    new_examiners, new_supervisors = examiners - made["examiners"], supervisors - made["supervisors"]
    roles = ["examiner"] * new_examiners + ["supervisor"] * new_supervisors
    start = made["people"]
    people = Person.objects.bulk_create(
        [
            Person(
                name=f"考评员{start + i}",
                id_number=f"B{start + i:017d}",
                employer_body=rng.choice(ctx["busy"]) if rng.random() < 0.05 else None,
            )
            for i in range(len(roles))
        ],
        batch_size=1000,
    )
    certs = Certification.objects.bulk_create(
        [
            Certification(
                person=person,
                role=role,
                track=rng.choice(["online", "offline"]),
                grade=rng.choice(["examiner", "senior_examiner"]) if role == "examiner" else "",
                status="certified",
                certificate_no=f"{'KP' if role == 'examiner' else 'DD'}50{start + i:09d}",
                valid_from=today - datetime.timedelta(days=rng.randint(0, 900)),
                valid_to=today + datetime.timedelta(days=rng.randint(20, 200)),
            )
            for i, (person, role) in enumerate(zip(people, roles, strict=True))
        ],
        batch_size=1000,
    )
    Through = Certification.occupations.through
    rows = []
    for cert in certs:
        if cert.role != "examiner":
            continue
        chosen = set(rng.sample(others, rng.randint(1, 2)))
        if rng.random() < 1 / 3:  # about a third qualified for the session occupation
            chosen.add(target)
        rows.extend(Through(certification_id=cert.pk, occupation_id=occ.pk) for occ in chosen)
    Through.objects.bulk_create(rows, batch_size=2000)
    Relation.objects.bulk_create(
        [
            Relation(
                person=person, body=rng.choice(ctx["busy"]), kind=rng.choice(["relative", "teacher_student"])
            )
            for person in people
            if rng.random() < 0.05
        ],
        batch_size=1000,
    )
    made["people"] += len(people)
    made["examiners"], made["supervisors"] = examiners, supervisors
    ctx["pool"].extend((c.pk, c.person_id, c.role) for c in certs)

    # A year of past sessions, ≈ one per two new examiners, each staffed by 3 examiners and a supervisor.
    pool_examiners = [(c, p) for c, p, r in ctx["pool"] if r == "examiner"]
    pool_supervisors = [(c, p) for c, p, r in ctx["pool"] if r == "supervisor"]
    past = AssessmentSession.objects.bulk_create(
        [
            AssessmentSession(
                body=rng.choice(bodies),
                occupation=rng.choice([target, *others]),
                level=4,
                date=today - datetime.timedelta(days=rng.randint(1, 365)),
                candidates=20,
                created_by=user,
            )
            for _ in range(new_examiners // 2)
        ]
    )
    # Other sessions on the exam day: they book a few dozen people.
    past += AssessmentSession.objects.bulk_create(
        [
            AssessmentSession(
                body=rng.choice(bodies),
                occupation=target,
                level=4,
                date=ctx["day"],
                candidates=20,
                created_by=user,
            )
            for _ in range(max(new_examiners // 100, 1))
        ]
    )
    draws = Draw.objects.bulk_create([Draw(session=s, seed=0, drawn_by=user) for s in past])
    assignments = []
    for session, draw in zip(past, draws, strict=True):
        chosen = rng.sample(pool_examiners, 3) + rng.sample(pool_supervisors, 1)
        for (cert_id, person_id), role in zip(chosen, ["examiner"] * 3 + ["supervisor"], strict=True):
            declined = rng.random() < 0.1 and session.date != ctx["day"]
            assignments.append(
                Assignment(
                    session=session,
                    draw=draw,
                    person_id=person_id,
                    certification_id=cert_id,
                    role=role,
                    status=AssignmentStatus.DECLINED if declined else AssignmentStatus.ASSIGNED,
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=2000)


def main(sizes: list[int]) -> None:
    with throwaway_database() as connection:
        from django.contrib.auth.models import User
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from examiners.draw import DrawRefused, draw_session
        from examiners.models import AssessmentSession, Assignment, Draw
        from registry.bulk import make_filed_bodies
        from registry.models import Occupation

        rng = random.Random(SEED)
        bodies = make_filed_bodies(60, seed=SEED)
        occupations = list(Occupation.objects.filter(major_group=6).order_by("code")[:40])
        today = timezone.localdate()
        ctx = {
            "rng": rng,
            "bodies": bodies,
            # The drawn sessions are at these; ~5 % of people work for one, ~5 % declare a tie with one.
            "busy": bodies[:10],
            "occupation": occupations[0],
            "other_occupations": occupations[1:],
            "today": today,
            "day": today + datetime.timedelta(days=14),
            "user": User.objects.create(username="bench-centre"),
            "pool": [],
        }
        made = {"people": 0, "examiners": 0, "supervisors": 0}

        print(f"database: {connection.vendor}; {RUNS} draws per size, one fresh session each")
        print(
            f"{'examiners':>9} {'supervisors':>11} {'history':>8} {'eligible':>9} "
            f"{'median ms':>10} {'max ms':>8} {'queries':>8} {'refused':>8}"
        )
        for size in sizes:
            grow(examiners=size, supervisors=size * 15 // 100, made=made, ctx=ctx)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would keep them
            history = Assignment.objects.count()
            timings, queries, eligible, refused, reasons = [], set(), [], 0, Counter()
            for run in range(RUNS + 1):  # the first run warms caches and is not counted
                session = AssessmentSession.objects.create(
                    body=rng.choice(ctx["busy"]),
                    occupation=ctx["occupation"],
                    level=rng.choice([5, 4, 3, 2]),
                    date=ctx["day"],
                    practical_rooms=rng.choice([1, 2, 3]),
                    candidates=60,
                    created_by=ctx["user"],
                )
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    try:
                        draw = draw_session(session=session, user=ctx["user"], seed=run)
                    except DrawRefused:
                        draw = None
                    elapsed = (time.perf_counter() - started) * 1000
                if run == 0:
                    continue
                timings.append(elapsed)
                queries.add(len(captured.captured_queries))
                if draw is None:
                    refused += 1
                    continue
                eligible.append(len(draw.explanation["examiner"]["eligible"]))
                reasons.update(draw.explanation["examiner"]["excluded"].values())
                Assignment.objects.filter(draw=draw).delete()
                Draw.objects.filter(pk=draw.pk).delete()
            counts = str(min(queries)) if len(queries) == 1 else f"{min(queries)}–{max(queries)}"
            print(
                f"{size:>9} {made['supervisors']:>11} {history:>8} {statistics.median(eligible or [0]):>9.0f} "
                f"{statistics.median(timings):>10.1f} {max(timings):>8.1f} {counts:>8} {refused:>8}"
            )
            runs = max(len(eligible), 1)
            print(
                "          examiners left out per draw: "
                + ", ".join(f"{k} {v / runs:.0f}" for k, v in reasons.most_common())
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [500, 2000])

"""Demo examiners, supervisors, sessions and draws, built through the services (every state present)."""

import contextlib
import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone
from django_fsm_log.models import StateLog

from demo.history import backdate_logs
from demo.names import person_name
from examiners import services
from examiners.draw import DrawRefused, draw_session
from examiners.models import Certification, Relation, RelationKind, Role
from registry.identifiers import resident_id
from registry.models import AssessmentBody

# How many people end in each state: (role, final state) -> count.
PLAN = {
    (Role.EXAMINER, "certified"): 120,
    (Role.EXAMINER, "applied"): 8,
    (Role.EXAMINER, "training"): 8,
    (Role.EXAMINER, "examined"): 5,  # failed the exam
    (Role.EXAMINER, "suspended"): 4,
    (Role.EXAMINER, "expired"): 4,
    (Role.EXAMINER, "disqualified"): 3,
    (Role.SUPERVISOR, "certified"): 24,
    (Role.SUPERVISOR, "applied"): 2,
    (Role.SUPERVISOR, "training"): 2,
}


def build_examiner_demo(seed: int = 2022) -> dict:
    rng = random.Random(seed)
    centre = User.objects.get(username="centre1")
    bodies = list(
        AssessmentBody.objects.filter(status__in=["active", "rectifying"]).prefetch_related(
            "scope_lines__occupation"
        )
    )
    admins = {b.pk: b.applications.order_by("pk").first().applicant for b in bodies}
    today = timezone.localdate()
    serial = 0
    counts = {"examiners": 0, "supervisors": 0, "sessions": 0}
    for (role, state), how_many in PLAN.items():
        for _ in range(how_many):
            serial += 1
            body = bodies[serial % len(bodies)]
            # Examiners are qualified for occupations that bodies hold in scope, so that draws can succeed.
            pool = [line.occupation for b in rng.sample(bodies, 3) for line in b.scope_lines.all()]
            occupations = rng.sample(pool, min(3, len(pool))) if role == Role.EXAMINER else []
            certification = services.recommend(
                user=admins[body.pk],
                body=body,
                name=person_name(rng),
                id_number=resident_id(
                    serial, born=f"19{84 + serial % 9}{1 + serial % 12:02d}{1 + serial % 28:02d}"
                ),
                role=role,
                track=rng.choice(["online", "offline"]),
                grade=rng.choice(["examiner", "examiner", "senior_examiner"])
                if role == Role.EXAMINER
                else "",
                occupations=occupations,
                phone=f"1{rng.randint(3000000000, 9999999999)}",
                employed_by_body=rng.random() < 0.5,
            )
            counts["examiners" if role == Role.EXAMINER else "supervisors"] += 1
            if state == "applied":
                continue
            # accepted into training before any exam of the demo (5–60 days ago): the exam, recorded
            # today with its real date, then takes effect on that date
            accepted = today - datetime.timedelta(days=61 + certification.pk % 30)
            services.act_on_certification(
                certification=certification, user=centre, action="accept", on=accepted
            )
            if state == "training":
                continue
            passed = state != "examined"
            services.record_result(
                certification=certification,
                user=centre,
                training_hours=rng.choice([16, 24, 32]),
                exam_score=Decimal(rng.randint(62, 98) if passed else rng.randint(35, 58)),
                exam_date=today - datetime.timedelta(days=rng.randint(5, 60)),
            )
            if state == "suspended":
                services.act_on_certification(
                    certification=certification,
                    user=centre,
                    action="suspend",
                    reason="督导检查发现评分记录不规范。",
                )
            elif state == "disqualified":
                services.act_on_certification(
                    certification=certification,
                    user=centre,
                    action="disqualify",
                    reason="违规参与本单位考生评分。",
                )
            elif state == "expired":
                # certified three years ago: the whole history moves there, on both time axes
                certified = today - datetime.timedelta(days=3 * 365 + 10)
                Certification.objects.filter(pk=certification.pk).update(
                    exam_date=certified,
                    valid_from=certified,
                    valid_to=today - datetime.timedelta(days=10),
                    recommended_at=_moment(certified - datetime.timedelta(days=56)),
                )
                logs = StateLog.objects.for_(certification)
                backdate_logs(
                    logs.filter(transition="accept"), _moment(certified - datetime.timedelta(days=42))
                )
                backdate_logs(logs.filter(transition__in=["record_exam", "certify"]), _moment(certified))
    services.expire_lapsed()

    # A few declared ties, which recuse people from a body's sessions.
    for certification in Certification.objects.filter(role=Role.EXAMINER, status="certified").order_by("pk")[
        :6
    ]:
        Relation.objects.get_or_create(
            person=certification.person,
            body=bodies[certification.pk % len(bodies)],
            kind=RelationKind.RELATIVE,
            defaults={"note": "配偶在该机构工作"},
        )

    # Sessions at active bodies over the coming weeks; most are staffed by a draw, one has a decline.
    active = [b for b in bodies if b.status == "active"]
    for index, body in enumerate(active[:10]):
        lines = [ln for ln in body.scope_lines.all() if ln.effective_to is None and ln.level >= 3]
        if not lines:
            continue
        line = lines[0]
        session = services.create_session(
            user=admins[body.pk],
            body=body,
            occupation=line.occupation,
            level=line.level,
            date=today + datetime.timedelta(days=7 + 3 * index),
            practical_rooms=1 + index % 2,
            candidates=rng.randint(20, 120),
            venue=f"{body.address}实训楼{index + 1}层",
        )
        counts["sessions"] += 1
        if index % 4 == 3:
            continue  # left for the centre to draw
        try:
            draw = draw_session(session=session, user=centre, seed=1000 + index)
        except DrawRefused:
            continue
        if index == 0:
            first = draw.assignments.filter(role=Role.EXAMINER).order_by("pk").first()
            services.decline(assignment=first, user=centre, reason="考试当日另有工作安排。")
            with contextlib.suppress(DrawRefused):
                draw_session(session=session, user=centre, seed=2000)
    return counts


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

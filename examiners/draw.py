"""The random draw that staffs an assessment session (双随机): set-based, reproducible, explained."""

import datetime
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from examiners import notices
from examiners.eligibility import REASONS, blacklisted_person_ids
from examiners.models import (
    AssessmentSession,
    Assignment,
    AssignmentStatus,
    Certification,
    CertificationStatus,
    Draw,
    Relation,
    Role,
)
from examiners.models.certification import grade_needed
from examiners.selectors import certification_statuses_on

# How far back the "consecutive sessions at one body" rule looks.
HISTORY_WINDOW_DAYS = 366


class DrawRefused(ValidationError):
    """The pool is too small (or nothing is missing); nothing was stored."""


@dataclass
class Pool:
    role: str
    eligible: list[int] = field(default_factory=list)  # certification ids, sorted
    excluded: dict[int, str] = field(default_factory=dict)  # certification id -> reason code
    person_of: dict[int, int] = field(default_factory=dict)  # certification id -> person id

    def reason_counts(self) -> dict[str, int]:
        return dict(Counter(self.excluded.values()))


def choose(eligible: list[int], k: int, seed: int) -> list[int]:
    """The same seed and the same pool always give the same people, in the same order."""
    return random.Random(seed).sample(sorted(eligible), k)


def _consecutive_at_body(session: AssessmentSession, person_ids: set[int]) -> set[int]:
    """People whose last N sessions (N = the setting) before this date were all at this body."""
    limit = settings.CONSECUTIVE_SESSIONS_AT_ONE_BODY
    since = session.date - datetime.timedelta(days=HISTORY_WINDOW_DAYS)
    history = Assignment.objects.filter(
        status=AssignmentStatus.ASSIGNED, session__date__lt=session.date, session__date__gte=since
    ).exclude(session=session)
    # Only people with at least N sessions at this body can qualify: read just their history, not
    # everyone's, so the draw's time does not grow with the year's assignments.
    candidates = (
        history.filter(session__body_id=session.body_id)
        .order_by()
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=limit)
        .values("person_id")
    )
    rows = (
        history.filter(person_id__in=candidates)
        .order_by("person_id", "-session__date", "-session_id")
        .values_list("person_id", "session__body_id")
    )
    recent: dict[int, list[int]] = defaultdict(list)
    for person_id, body_id in rows:
        if person_id in person_ids and len(recent[person_id]) < limit:
            recent[person_id].append(body_id)
    return {
        person_id
        for person_id, bodies in recent.items()
        if len(bodies) == limit and all(b == session.body_id for b in bodies)
    }


def build_pools(session: AssessmentSession) -> dict[str, Pool]:
    """Sort every certification of both roles into eligible or excluded-with-a-reason. Certified and
    valid on the session's day is examiners.selectors.certified_on, read in bulk."""
    certifications = list(
        Certification.objects.exclude(status=CertificationStatus.DISQUALIFIED)
        .order_by("pk")
        # Compared in SQL, as 0/1: converting two dates (or a boolean) per row to Python costs more
        # than the rest of the draw at 2,000 examiners.
        .annotate(
            valid_on_date=Case(
                When(Q(valid_from__lte=session.date, valid_to__gte=session.date), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values("id", "person_id", "role", "status", "grade", "valid_on_date", "person__employer_body_id")
    )
    # Status on the session's day from effective dates (the selector the audit and the register use).
    status_on_day = certification_statuses_on(session.date, [c["id"] for c in certifications])
    qualified = set(
        Certification.occupations.through.objects.filter(occupation_id=session.occupation_id).values_list(
            "certification_id", flat=True
        )
    )
    related = set(Relation.objects.filter(body_id=session.body_id).values_list("person_id", flat=True))
    in_session = set(
        Assignment.objects.filter(session=session).order_by().values_list("person_id", flat=True)
    )
    booked = set(
        Assignment.objects.filter(session__date=session.date, status=AssignmentStatus.ASSIGNED)
        .exclude(session=session)
        .order_by()
        .values_list("person_id", flat=True)
    )
    declined_often = set(
        Assignment.objects.filter(status=AssignmentStatus.DECLINED, session__date__year=session.date.year)
        .order_by()
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=settings.DECLINES_PER_YEAR_LIMIT)
        .values_list("person_id", flat=True)
    )
    blacklisted = blacklisted_person_ids()
    consecutive = _consecutive_at_body(session, {c["person_id"] for c in certifications})
    grades = grade_needed(session.level)

    def first_failed_rule(cert: dict) -> str | None:
        """The rules in the order of eligibility.REASONS; the first one failed is the reason given."""
        person, is_examiner = cert["person_id"], cert["role"] == Role.EXAMINER
        if status_on_day[cert["id"]] != CertificationStatus.CERTIFIED:
            return "not_certified"
        if not cert["valid_on_date"]:
            return "not_valid_on_date"
        if is_examiner and cert["id"] not in qualified:
            return "not_qualified"
        if is_examiner and cert["grade"] not in grades:
            return "grade_too_low"
        if person in blacklisted:
            return "blacklisted"
        if cert["person__employer_body_id"] == session.body_id:
            return "recused_employer"
        if person in related:
            return "recused_relation"
        if person in in_session:
            return "already_in_session"
        if person in booked:
            return "booked_that_day"
        if is_examiner and person in consecutive:
            return "consecutive_sessions"
        if person in declined_often:
            return "declined_too_often"
        return None

    pools = {Role.EXAMINER: Pool(Role.EXAMINER), Role.SUPERVISOR: Pool(Role.SUPERVISOR)}
    for cert in certifications:
        pool = pools[cert["role"]]
        pool.person_of[cert["id"]] = cert["person_id"]
        reason = first_failed_rule(cert)
        if reason:
            pool.excluded[cert["id"]] = reason
        else:
            pool.eligible.append(cert["id"])
    return pools


def missing_positions(session: AssessmentSession) -> dict[str, int]:
    taken = Counter(
        session.assignments.filter(status=AssignmentStatus.ASSIGNED).order_by().values_list("role", flat=True)
    )
    return {
        Role.EXAMINER: max(session.examiners_needed - taken[Role.EXAMINER], 0),
        Role.SUPERVISOR: max(session.supervisors_needed - taken[Role.SUPERVISOR], 0),
    }


def _too_small_message(role: str, needed: int, pool: Pool) -> str:
    reasons = "; ".join(
        f"{REASONS[code]}: {count}"
        for code, count in sorted(pool.reason_counts().items(), key=lambda kv: -kv[1])
    )
    label = _("examiners") if role == Role.EXAMINER else _("quality supervisors")
    return _(
        "Not enough %(label)s can be drawn: %(needed)s needed, %(eligible)s eligible. Left out — %(reasons)s."
    ) % {
        "label": label,
        "needed": needed,
        "eligible": len(pool.eligible),
        "reasons": reasons or "—",
    }


@transaction.atomic
def draw_session(*, session: AssessmentSession, user, seed: int | None = None) -> Draw:
    """Fill the session's missing examiner and supervisor positions at random; refuse if the pool is short."""
    AssessmentSession.objects.select_for_update().filter(
        pk=session.pk
    ).first()  # one draw at a time per session
    missing = missing_positions(session)
    if not any(missing.values()):
        raise DrawRefused(_("This session is already fully staffed."))
    pools = build_pools(session)
    examiner_pool = pools[Role.EXAMINER]
    supervisor_pool = pools[Role.SUPERVISOR]
    # One person may hold both roles: once drawn as an examiner they are not also the supervisor.
    problems = []
    for role, pool in pools.items():
        if len(pool.eligible) < missing[role]:
            problems.append(_too_small_message(role, missing[role], pool))
    if problems:
        raise DrawRefused(problems)

    seed = seed if seed is not None else secrets.randbits(48)
    examiners = choose(examiner_pool.eligible, missing[Role.EXAMINER], seed)
    taken_people = {examiner_pool.person_of[c] for c in examiners}
    remaining = [c for c in supervisor_pool.eligible if supervisor_pool.person_of[c] not in taken_people]
    for c in supervisor_pool.eligible:
        if supervisor_pool.person_of[c] in taken_people:
            supervisor_pool.excluded[c] = "already_in_session"
    supervisor_pool.eligible = remaining
    if len(remaining) < missing[Role.SUPERVISOR]:
        raise DrawRefused(_too_small_message(Role.SUPERVISOR, missing[Role.SUPERVISOR], supervisor_pool))
    # A second stream from the same seed, so the supervisor choice is reproducible too.
    supervisors = choose(remaining, missing[Role.SUPERVISOR], seed + 1)

    draw = Draw.objects.create(
        session=session,
        seed=seed,
        drawn_by=user,
        examiners_drawn=len(examiners),
        supervisors_drawn=len(supervisors),
        explanation={
            role: {
                "needed": missing[role],
                "eligible": pool.eligible,
                "selected": examiners if role == Role.EXAMINER else supervisors,
                "excluded": {str(k): v for k, v in pool.excluded.items()},
            }
            for role, pool in pools.items()
        },
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                session=session,
                draw=draw,
                person_id=pools[role].person_of[cert_id],
                certification_id=cert_id,
                role=role,
            )
            for role, chosen in ((Role.EXAMINER, examiners), (Role.SUPERVISOR, supervisors))
            for cert_id in chosen
        ]
    )
    notices.drawn(draw=draw, session=session)
    return draw

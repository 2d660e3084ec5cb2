"""Whatever the pool looks like, the draw takes only eligible people, and the same seed takes the same ones."""

import datetime
import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from examiners.draw import DrawRefused, draw_session
from examiners.models import (
    AssessmentSession,
    Assignment,
    AssignmentStatus,
    Certification,
    Draw,
    Person,
    Relation,
)
from examiners.models.certification import grade_needed
from tests import factories

OTHER_OCCUPATION = "4-01-02-01"
_ids = itertools.count(1)


def mostly(good, *others, weight: int):
    """The good value `weight` times as likely as each other one, so that about a third of the
    examples have a pool big enough to draw from (and the rest check the refusal)."""
    return st.sampled_from([good] * weight + list(others))


attributes = st.fixed_dictionaries(
    {
        "status": mostly(
            "certified", "applied", "training", "examined", "suspended", "expired", "disqualified", weight=24
        ),
        "validity": mostly("valid", "last_day", "lapsed", "future", weight=10),
        "occupations": mostly("session", "both", "other", "none", weight=10),
        "grade": mostly("senior_examiner", "examiner", weight=2),
        "employed_here": mostly(False, True, weight=12),
        "related": mostly(False, True, weight=12),
        "booked": mostly("no", "same_day", "other_day", "declined_same_day", weight=16),
    }
)


@pytest.fixture
def world(db):
    """What every example shares: the session's body, another body, an officer, the occupations."""
    return {
        "body": factories.filed_body(),
        "other_body": factories.draft_application(with_materials=False).body,
        "centre": factories.centre_officer(),
        "occupation": factories.occupation(),
        "other_occupation": factories.occupation(OTHER_OCCUPATION),
        "date": timezone.localdate() + datetime.timedelta(days=30),
    }


def validity(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    d = datetime.timedelta(days=1)
    return {
        "valid": (day - 100 * d, day + 500 * d),
        "last_day": (day - 100 * d, day),
        "lapsed": (day - 600 * d, day - d),
        "future": (day + d, day + 900 * d),
    }[kind]


def expected_eligible(spec: dict, level: int) -> bool:
    """The rules restated from domain.md §3.3, independently of examiners/draw.py."""
    common = (
        spec["status"] == "certified"
        and spec["validity"] in ("valid", "last_day")
        and not spec["employed_here"]
        and not spec["related"]
        and spec["booked"] != "same_day"
    )
    if spec["role"] == "supervisor":
        return common
    qualified = spec["occupations"] in ("session", "both")
    grade_ok = spec["grade"] == "senior_examiner" or level >= 3
    return common and qualified and grade_ok


def make_pool(world: dict, session: AssessmentSession, specs: list[dict]) -> dict[int, dict]:
    """Bulk-create one person and one certification per spec; returns certification id -> spec."""
    day = session.date
    people = Person.objects.bulk_create(
        [
            Person(
                name=f"池{n}",
                id_number=f"P{n:017d}",
                employer_body=world["body"] if spec["employed_here"] else None,
            )
            for spec, n in zip(specs, (next(_ids) for _ in specs), strict=True)
        ]
    )
    certs = Certification.objects.bulk_create(
        [
            Certification(
                person=person,
                role=spec["role"],
                track="online",
                grade=spec["grade"] if spec["role"] == "examiner" else "",
                status=spec["status"],
                certificate_no=f"H{next(_ids):012d}",
                valid_from=validity(spec["validity"], day)[0],
                valid_to=validity(spec["validity"], day)[1],
            )
            for person, spec in zip(people, specs, strict=True)
        ]
    )
    occupation_ids = {
        "session": [world["occupation"].pk],
        "both": [world["occupation"].pk, world["other_occupation"].pk],
        "other": [world["other_occupation"].pk],
        "none": [],
    }
    Through = Certification.occupations.through
    Through.objects.bulk_create(
        [
            Through(certification_id=cert.pk, occupation_id=occupation_id)
            for cert, spec in zip(certs, specs, strict=True)
            if spec["role"] == "examiner"
            for occupation_id in occupation_ids[spec["occupations"]]
        ]
    )
    Relation.objects.bulk_create(
        [
            Relation(person=person, body=world["body"], kind="relative")
            for person, spec in zip(people, specs, strict=True)
            if spec["related"]
        ]
    )
    elsewhere = {
        when: AssessmentSession.objects.create(
            body=world["other_body"],
            occupation=world["occupation"],
            level=4,
            date=day + datetime.timedelta(days=offset),
            candidates=10,
            created_by=world["centre"],
        )
        for when, offset in (("same_day", 0), ("other_day", 1))
    }
    draws = {
        when: Draw.objects.create(session=s, seed=0, drawn_by=world["centre"])
        for when, s in elsewhere.items()
    }
    bookings = {
        "same_day": ("same_day", AssignmentStatus.ASSIGNED),
        "other_day": ("other_day", AssignmentStatus.ASSIGNED),
        "declined_same_day": ("same_day", AssignmentStatus.DECLINED),
    }
    Assignment.objects.bulk_create(
        [
            Assignment(
                session=elsewhere[bookings[spec["booked"]][0]],
                draw=draws[bookings[spec["booked"]][0]],
                person=cert.person,
                certification=cert,
                role=cert.role,
                status=bookings[spec["booked"]][1],
            )
            for cert, spec in zip(certs, specs, strict=True)
            if spec["booked"] != "no"
        ]
    )
    return {cert.pk: spec for cert, spec in zip(certs, specs, strict=True)}


def assert_may_staff(assignment: Assignment, session: AssessmentSession) -> None:
    """Checked against the database, not the specs: the drawn person really is fit for this session."""
    cert = assignment.certification
    assert cert.valid_on(session.date)
    assert cert.person.employer_body_id != session.body_id
    assert not Relation.objects.filter(person=cert.person, body=session.body).exists()
    assert not (
        Assignment.objects.filter(
            person=cert.person, session__date=session.date, status=AssignmentStatus.ASSIGNED
        )
        .exclude(pk=assignment.pk)
        .exists()
    )
    if cert.role == "examiner":
        assert cert.occupations.filter(pk=session.occupation_id).exists()
        assert cert.grade in grade_needed(session.level)


def selection(draw: Draw) -> list[tuple[str, int]]:
    return sorted(Assignment.objects.filter(draw=draw).values_list("role", "certification_id"))


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    examiners=st.lists(attributes, min_size=4, max_size=25),
    supervisors=st.lists(attributes, min_size=1, max_size=5),
    level=st.sampled_from([5, 4, 3, 2, 1]),
    rooms=st.sampled_from([1, 1, 2]),
    seed=st.integers(min_value=0, max_value=2**48 - 1),
)
def test_the_draw_takes_only_eligible_people_and_is_reproducible(
    world, examiners, supervisors, level, rooms, seed
):
    specs = [{**a, "role": "examiner"} for a in examiners] + [
        {**a, "role": "supervisor"} for a in supervisors
    ]
    with transaction.atomic():
        session = AssessmentSession.objects.create(
            body=world["body"],
            occupation=world["occupation"],
            level=level,
            date=world["date"],
            practical_rooms=rooms,
            candidates=30,
            created_by=world["centre"],
        )
        spec_of = make_pool(world, session, specs)
        fit = {
            role: {
                c for c, spec in spec_of.items() if spec["role"] == role and expected_eligible(spec, level)
            }
            for role in ("examiner", "supervisor")
        }
        big_enough = len(fit["examiner"]) >= session.examiners_needed and len(fit["supervisor"]) >= 1

        event("drawn" if big_enough else "refused: pool too small")
        if not big_enough:
            with pytest.raises(DrawRefused):
                draw_session(session=session, user=world["centre"], seed=seed)
            assert not Draw.objects.filter(session=session).exists()
            transaction.set_rollback(True)
            return

        draw = draw_session(session=session, user=world["centre"], seed=seed)
        assert set(draw.explanation["examiner"]["eligible"]) == fit["examiner"]
        assert set(draw.explanation["supervisor"]["eligible"]) == fit["supervisor"]
        # Everyone else has a reason, except disqualified certifications, which are history, not pool.
        assert set(map(int, draw.explanation["examiner"]["excluded"])) == {
            c
            for c, spec in spec_of.items()
            if spec["role"] == "examiner" and c not in fit["examiner"] and spec["status"] != "disqualified"
        }
        drawn = Assignment.objects.filter(draw=draw).select_related("certification__person")
        assert drawn.filter(role="examiner").count() == session.examiners_needed
        assert drawn.filter(role="supervisor").count() == session.supervisors_needed
        for assignment in drawn:
            assert assignment.certification_id in fit[assignment.role]
            assert_may_staff(assignment, session)

        first = selection(draw)
        Assignment.objects.filter(draw=draw).delete()
        draw.delete()
        again = draw_session(session=session, user=world["centre"], seed=seed)
        assert selection(again) == first
        transaction.set_rollback(True)

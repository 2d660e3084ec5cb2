"""The draw's rules (domain.md §3.3): each one leaves out the right person, with its reason, and no one else."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation

from examiners import draw as draw_module
from examiners import services
from examiners.draw import DrawRefused, draw_session
from examiners.models import Assignment, AssignmentStatus, Draw, Relation
from tests import factories

OTHER_OCCUPATION = "4-01-02-01"


@pytest.fixture
def session(db):
    return factories.session()


@pytest.fixture
def centre(db):
    return factories.centre_officer()


@pytest.fixture
def other_body(db):
    """A second body (pending is enough) to hold other sessions and ties."""
    return factories.draft_application(with_materials=False).body


def staff_pool(examiners: int = 3, supervisors: int = 1) -> None:
    """Just enough ordinary, eligible people for a one-room session to be drawn."""
    for _ in range(examiners):
        factories.certification()
    for _ in range(supervisors):
        factories.certification(role="supervisor")


def run_draw(session, user, seed: int = 1) -> Draw:
    with translation.override("en"):
        return draw_session(session=session, user=user, seed=seed)


def excluded(draw: Draw, role: str = "examiner") -> dict[int, str]:
    return {int(k): v for k, v in draw.explanation[role]["excluded"].items()}


def eligible(draw: Draw, role: str = "examiner") -> set[int]:
    return set(draw.explanation[role]["eligible"])


def assign(cert, session, status: str = AssignmentStatus.ASSIGNED) -> Assignment:
    """An earlier assignment of `cert` to `session` (its draw made up for the record)."""
    made_up = Draw.objects.create(session=session, seed=0, drawn_by=session.created_by)
    return Assignment.objects.create(
        session=session,
        draw=made_up,
        person=cert.person,
        certification=cert,
        role=cert.role,
        status=status,
    )


def assert_rule(draw: Draw, *, left_out, kept, reason: str, role: str = "examiner") -> None:
    reasons = excluded(draw, role)
    for cert in left_out:
        assert reasons.get(cert.pk) == reason, cert
        assert cert.pk not in eligible(draw, role)
    for cert in kept:
        assert cert.pk not in reasons, (cert, reasons.get(cert.pk))
        assert cert.pk in eligible(draw, role)


# --- one test per rule ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_not_certified(session, centre):
    staff_pool()
    training = factories.certification(status="training")
    suspended = factories.certification(status="suspended")
    expired = factories.certification(status="expired")
    supervisor_applied = factories.certification(role="supervisor", status="applied")
    certified = factories.certification()
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[training, suspended, expired], kept=[certified], reason="not_certified")
    assert_rule(draw, left_out=[supervisor_applied], kept=[], reason="not_certified", role="supervisor")


@pytest.mark.django_db
def test_certificate_not_valid_on_the_exam_date(session, centre):
    staff_pool()
    day = datetime.timedelta(days=1)
    lapsed_the_day_before = factories.certification(valid_to=session.date - day)
    starts_the_day_after = factories.certification(
        valid_from=session.date + day, valid_to=session.date + 1000 * day
    )
    last_day = factories.certification(valid_to=session.date)
    first_day = factories.certification(valid_from=session.date, valid_to=session.date + 1000 * day)
    draw = run_draw(session, centre)
    assert_rule(
        draw,
        left_out=[lapsed_the_day_before, starts_the_day_after],
        kept=[last_day, first_day],
        reason="not_valid_on_date",
    )


@pytest.mark.django_db
def test_not_qualified_for_the_occupation(session, centre):
    staff_pool()
    other_trade = factories.certification(occupations=(OTHER_OCCUPATION,))
    both = factories.certification(occupations=(OTHER_OCCUPATION, session.occupation.code))
    # Supervisors oversee any occupation.
    supervisor = factories.certification(role="supervisor")
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[other_trade], kept=[both], reason="not_qualified")
    assert supervisor.pk in eligible(draw, "supervisor")


@pytest.mark.django_db
@pytest.mark.parametrize("level", [2, 1])
def test_grade_too_low_for_levels_2_and_1(level, centre):
    session = factories.session(level=level)
    staff_pool()
    plain = factories.certification(grade="examiner")
    senior = factories.certification(grade="senior_examiner")
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[plain], kept=[senior], reason="grade_too_low")


@pytest.mark.django_db
@pytest.mark.parametrize("level", [5, 4, 3])
def test_a_plain_examiner_grade_is_enough_for_levels_5_to_3(level, centre):
    session = factories.session(level=level)
    staff_pool()
    plain = factories.certification(grade="examiner")
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[], kept=[plain], reason="grade_too_low")


@pytest.mark.django_db
def test_blacklisted(session, centre, monkeypatch):
    staff_pool()
    listed = factories.certification()
    listed_supervisor = factories.certification(role="supervisor")
    clean = factories.certification()
    monkeypatch.setattr(
        draw_module, "blacklisted_person_ids", lambda: {listed.person_id, listed_supervisor.person_id}
    )
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[listed], kept=[clean], reason="blacklisted")
    assert_rule(draw, left_out=[listed_supervisor], kept=[], reason="blacklisted", role="supervisor")


@pytest.mark.django_db
def test_recused_when_employed_by_the_body(session, centre, other_body):
    staff_pool()
    employee = factories.certification(who=factories.person(employer_body=session.body))
    employee_supervisor = factories.certification(
        role="supervisor", who=factories.person(employer_body=session.body)
    )
    works_elsewhere = factories.certification(who=factories.person(employer_body=other_body))
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[employee], kept=[works_elsewhere], reason="recused_employer")
    assert_rule(draw, left_out=[employee_supervisor], kept=[], reason="recused_employer", role="supervisor")


@pytest.mark.django_db
def test_recused_by_a_declared_tie_with_the_body(session, centre, other_body):
    staff_pool()
    related = factories.certification()
    Relation.objects.create(person=related.person, body=session.body, kind="relative")
    apprentice = factories.certification()
    Relation.objects.create(person=apprentice.person, body=session.body, kind="master_apprentice")
    tied_elsewhere = factories.certification()
    Relation.objects.create(person=tied_elsewhere.person, body=other_body, kind="teacher_student")
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[related, apprentice], kept=[tied_elsewhere], reason="recused_relation")


@pytest.mark.django_db
def test_already_booked_in_another_session_that_day(session, centre, other_body):
    staff_pool()
    same_day = factories.session(body=other_body, date=session.date)
    next_day = factories.session(body=other_body, date=session.date + datetime.timedelta(days=1))
    booked = factories.certification()
    assign(booked, same_day)
    booked_supervisor = factories.certification(role="supervisor")
    assign(booked_supervisor, same_day)
    declined_that_day = factories.certification()
    assign(declined_that_day, same_day, status=AssignmentStatus.DECLINED)
    booked_next_day = factories.certification()
    assign(booked_next_day, next_day)
    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[booked], kept=[declined_that_day, booked_next_day], reason="booked_that_day")
    assert_rule(draw, left_out=[booked_supervisor], kept=[], reason="booked_that_day", role="supervisor")


@pytest.mark.django_db
def test_the_last_three_consecutive_sessions_at_this_body(session, centre, other_body):
    staff_pool()

    def earlier(days: int, body):
        return factories.session(body=body, date=session.date - datetime.timedelta(days=days))

    here = [earlier(days, session.body) for days in (40, 30, 20)]
    elsewhere_latest = earlier(10, other_body)

    three_here = factories.certification()
    two_here = factories.certification()
    three_here_then_elsewhere = factories.certification()
    declined_one_of_three = factories.certification()
    for s in here:
        assign(three_here, s)
        assign(three_here_then_elsewhere, s)
    for s in here[1:]:
        assign(two_here, s)
    assign(three_here_then_elsewhere, elsewhere_latest)
    assign(declined_one_of_three, here[0], status=AssignmentStatus.DECLINED)
    for s in here[1:]:
        assign(declined_one_of_three, s)

    draw = run_draw(session, centre)
    assert_rule(
        draw,
        left_out=[three_here],
        kept=[two_here, three_here_then_elsewhere, declined_one_of_three],
        reason="consecutive_sessions",
    )


@pytest.mark.django_db
def test_three_declines_in_the_sessions_year(session, centre, other_body):
    staff_pool()
    year = session.date.year
    this_year = [factories.session(body=other_body, date=datetime.date(year, 1, d)) for d in (5, 6, 7)]
    last_year = [factories.session(body=other_body, date=datetime.date(year - 1, 6, d)) for d in (5, 6, 7)]

    three = factories.certification()
    two = factories.certification()
    three_last_year = factories.certification()
    for s in this_year:
        assign(three, s, status=AssignmentStatus.DECLINED)
    for s in this_year[:2]:
        assign(two, s, status=AssignmentStatus.DECLINED)
    for s in last_year:
        assign(three_last_year, s, status=AssignmentStatus.DECLINED)

    draw = run_draw(session, centre)
    assert_rule(draw, left_out=[three], kept=[two, three_last_year], reason="declined_too_often")


# --- staffing, refusals, redraws, reproducibility ----------------------------------------------


@pytest.mark.django_db
def test_three_examiners_per_room_and_one_supervisor(centre):
    session = factories.session(rooms=2)
    staff_pool(examiners=9, supervisors=3)
    draw = run_draw(session, centre)
    assigned = Assignment.objects.filter(session=session, draw=draw)
    assert assigned.filter(role="examiner").count() == 6
    assert assigned.filter(role="supervisor").count() == 1
    assert assigned.values("person").distinct().count() == 7
    assert (draw.examiners_drawn, draw.supervisors_drawn) == (6, 1)
    draw.refresh_from_db()
    assert len(draw.explanation["examiner"]["selected"]) == 6
    assert len(draw.explanation["supervisor"]["selected"]) == 1
    assert set(assigned.values_list("certification_id", flat=True)) == set(
        draw.explanation["examiner"]["selected"] + draw.explanation["supervisor"]["selected"]
    )


@pytest.mark.django_db
def test_a_person_holding_both_roles_is_not_drawn_twice(session, centre):
    staff_pool(examiners=2, supervisors=0)
    both = factories.person()
    as_examiner = factories.certification(who=both)
    as_supervisor = factories.certification(role="supervisor", who=both)
    with pytest.raises(DrawRefused):
        run_draw(session, centre)  # all three examiners needed, so the supervisor cannot be the same person
    assert not Draw.objects.filter(session=session).exists()

    factories.certification(role="supervisor")
    draw = run_draw(session, centre)
    assert as_examiner.pk in draw.explanation["examiner"]["selected"]
    assert excluded(draw, "supervisor")[as_supervisor.pk] == "already_in_session"


@pytest.mark.django_db
def test_refused_when_the_pool_is_too_small(session, centre):
    staff_pool(examiners=2, supervisors=0)
    factories.certification(who=factories.person(employer_body=session.body))
    with pytest.raises(DrawRefused) as error:
        run_draw(session, centre)
    text = " ".join(error.value.messages)
    assert "3 needed, 2 eligible" in text
    assert "Recused: works for this body: 1" in text
    assert "1 needed, 0 eligible" in text  # the supervisor is missing too
    assert not Draw.objects.exists()
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_refused_when_already_fully_staffed(session, centre):
    staff_pool(examiners=5, supervisors=2)
    run_draw(session, centre)
    with pytest.raises(DrawRefused) as error:
        run_draw(session, centre, seed=2)
    assert "already fully staffed" in " ".join(error.value.messages)
    assert Draw.objects.filter(session=session).count() == 1
    assert Assignment.objects.filter(session=session).count() == 4


@pytest.mark.django_db
def test_after_a_decline_a_redraw_fills_only_the_gap_and_not_with_the_decliner(session, centre):
    staff_pool(examiners=6, supervisors=2)
    first = run_draw(session, centre)
    declined = Assignment.objects.filter(draw=first, role="examiner").first()
    services.decline(assignment=declined, user=centre, reason="出差")
    kept = set(
        Assignment.objects.filter(session=session, status="assigned").values_list("person_id", flat=True)
    )

    for seed in range(20):  # whatever the seed, the decliner is never picked again
        with transaction.atomic():
            again = run_draw(session, centre, seed=seed)
            new = Assignment.objects.filter(draw=again)
            assert (again.examiners_drawn, again.supervisors_drawn) == (1, 0)
            assert new.count() == 1
            assert new.get().person_id not in kept | {declined.person_id}
            assert excluded(again)[declined.certification_id] == "already_in_session"
            transaction.set_rollback(True)

    run_draw(session, centre, seed=7)
    assigned = Assignment.objects.filter(session=session, status="assigned")
    assert assigned.filter(role="examiner").count() == 3
    assert assigned.filter(role="supervisor").count() == 1
    assert not assigned.filter(person=declined.person).exists()


@pytest.mark.django_db
def test_the_same_seed_on_the_same_data_draws_the_same_people(session, centre):
    staff_pool(examiners=12, supervisors=4)

    def drawn(seed: int) -> list[tuple[str, int]]:
        draw = run_draw(session, centre, seed=seed)
        people = list(
            Assignment.objects.filter(draw=draw)
            .order_by("role", "person_id")
            .values_list("role", "person_id")
        )
        Assignment.objects.filter(draw=draw).delete()
        draw.delete()
        return people

    first = drawn(424242)
    assert drawn(424242) == first
    assert any(drawn(seed) != first for seed in (1, 2, 3))


@pytest.mark.django_db
def test_the_explanation_is_stored_with_the_draw(session, centre):
    staff_pool(examiners=4, supervisors=2)
    outsider = factories.certification(status="suspended")
    draw = run_draw(session, centre, seed=99)
    stored = Draw.objects.get(pk=draw.pk)
    assert stored.seed == 99
    assert stored.explanation["examiner"]["excluded"][str(outsider.pk)] == "not_certified"
    assert stored.explanation["examiner"]["needed"] == 3
    assert len(stored.explanation["examiner"]["eligible"]) == 4

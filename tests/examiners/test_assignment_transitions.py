"""Every (state, transition) pair of a drawn assignment, and the decline service that runs it (§3.3)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from common.transitions import perform
from examiners import services
from examiners.models import Assignment, AssignmentStatus, Draw
from tests import factories
from tests.helpers import edges_of, last_log, snapshot, transitions_of

TRANSITIONS = ["decline"]
ALLOWED = {("assigned", "decline"): "declined"}
PAIRS = [(s, t) for s in AssignmentStatus.values for t in TRANSITIONS]


def assignment_in(state: str) -> Assignment:
    session = factories.session()
    cert = factories.certification(status="certified", grade="examiner")
    draw = Draw.objects.create(session=session, seed=0, drawn_by=session.created_by)
    return Assignment.objects.create(
        session=session, draw=draw, person=cert.person, certification=cert, role=cert.role, status=state
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_assignment_transition_pair(state, transition):
    assignment = assignment_in(state)
    centre = factories.centre_officer()
    before_row, before_logs = snapshot(assignment)

    if (state, transition) in ALLOWED:
        perform(assignment, transition, by=centre, reason="出差")
        assignment.refresh_from_db()
        target = ALLOWED[(state, transition)]
        assert assignment.status == target
        assert StateLog.objects.for_(assignment).count() == before_logs + 1
        log = last_log(assignment)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            centre,
            "出差",
        )
        assert assignment.decline_reason == "出差"
        assert assignment.declined_at is not None
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(assignment, transition, by=centre, reason="出差", check_permission=False)
        assert snapshot(assignment) == (before_row, before_logs)


def test_the_assignment_matrix_is_the_models_own():
    assert set(TRANSITIONS) == transitions_of(Assignment)
    assert edges_of(Assignment) == ALLOWED


@pytest.mark.django_db
def test_the_decline_service_records_who_when_and_why():
    assignment = assignment_in("assigned")
    centre = factories.centre_officer()

    services.decline(assignment=assignment, user=centre, reason="  考试当日另有工作安排。 ")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    assert assignment.decline_reason == "考试当日另有工作安排。"
    assert assignment.declined_at is not None
    assert (last_log(assignment).by, last_log(assignment).description) == (centre, "考试当日另有工作安排。")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "who", "reason", "error"),
    [
        ("assigned", "centre", " ", ValidationError),  # a reason is required
        ("declined", "centre", "出差", ValidationError),  # already declined: said as such, not a 409
        ("assigned", "district", "出差", PermissionDenied),
    ],
)
def test_the_decline_service_refuses_and_saves_nothing(state, who, reason, error):
    assignment = assignment_in(state)
    user = factories.centre_officer() if who == "centre" else factories.district_officer()
    before = snapshot(assignment)

    with pytest.raises(error):
        services.decline(assignment=assignment, user=user, reason=reason)
    assert snapshot(assignment) == before

"""Every (state, transition) pair of the assessment-body machine (domain.md §3.1)."""

import pytest
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from common.transitions import perform
from registry.models import AssessmentBody, BodyStatus
from tests import factories
from tests.helpers import edges_of, transitions_of

TRANSITIONS = [
    "activate",
    "order_rectification",
    "accept_rectification",
    "suspend",
    "reinstate",
    "revoke",
    "expire",
    "exit",
]

ALLOWED = {
    ("pending", "activate"): "active",
    ("active", "order_rectification"): "rectifying",
    ("rectifying", "accept_rectification"): "active",
    ("active", "suspend"): "suspended",
    ("rectifying", "suspend"): "suspended",
    ("suspended", "reinstate"): "active",
    ("active", "revoke"): "revoked",
    ("rectifying", "revoke"): "revoked",
    ("suspended", "revoke"): "revoked",
    # Validity is objective: a body under a sanction still expires when its window ends.
    ("active", "expire"): "expired",
    ("rectifying", "expire"): "expired",
    ("suspended", "expire"): "expired",
    ("active", "exit"): "exited",
}

PAIRS = [(state, transition) for state in BodyStatus.values for transition in TRANSITIONS]


def body_in(state: str) -> AssessmentBody:
    body = factories.draft_application(with_materials=False).body
    AssessmentBody.objects.filter(pk=body.pk).update(status=state)
    return AssessmentBody.objects.get(pk=body.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_transition_pair(state, transition):
    body = body_in(state)
    officer = factories.centre_officer()
    before = StateLog.objects.for_(body).count()

    if (state, transition) in ALLOWED:
        perform(body, transition, by=officer, reason="测试理由", check_permission=False)
        body.refresh_from_db()
        assert body.status == ALLOWED[(state, transition)]
        log = StateLog.objects.for_(body).latest("timestamp")
        assert StateLog.objects.for_(body).count() == before + 1
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            ALLOWED[(state, transition)],
            transition,
            officer,
            "测试理由",
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(body, transition, by=officer, reason="测试理由", check_permission=False)
        body.refresh_from_db()
        assert body.status == state
        assert StateLog.objects.for_(body).count() == before


@pytest.mark.django_db
def test_every_state_is_reachable_or_initial():
    reached = set(ALLOWED.values()) | {BodyStatus.PENDING}
    assert reached == set(BodyStatus.values)


def test_the_body_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(TRANSITIONS) == transitions_of(AssessmentBody)
    assert edges_of(AssessmentBody) == ALLOWED

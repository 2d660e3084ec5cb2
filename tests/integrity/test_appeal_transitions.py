"""Every (state, transition) pair of the objection and credit-repair machines (domain.md §3.4)."""

import datetime

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from common.transitions import perform
from integrity import services
from integrity.models import Objection, ObjectionStatus, Repair, RepairStatus
from tests import factories
from tests.helpers import edges_of, transitions_of

OBJECTION_ALLOWED = {
    ("filed", "uphold"): "upheld",
    ("filed", "overturn"): "overturned",
}
REPAIR_ALLOWED = {
    ("applied", "grant"): "granted",
    ("applied", "refuse"): "refused",
}

OBJECTION_TRANSITIONS = ["uphold", "overturn"]
REPAIR_TRANSITIONS = ["grant", "refuse"]
OBJECTION_PAIRS = [(s, t) for s in ObjectionStatus.values for t in OBJECTION_TRANSITIONS]
REPAIR_PAIRS = [(s, t) for s in RepairStatus.values for t in REPAIR_TRANSITIONS]


def entry():
    return services.record_entry(
        subject_type="supervisor",
        subject_id=3,
        subject_name="王五",
        kind="minor",
        basis="inspection",
        description="督导记录不全",
        occurred_on=timezone.localdate() - datetime.timedelta(days=1),
    )


def objection_in(state: str) -> Objection:
    objection = services.file_objection(entry=entry(), user=factories.body_admin(), grounds="记录有误")
    Objection.objects.filter(pk=objection.pk).update(status=state)
    return Objection.objects.get(pk=objection.pk)


def repair_in(state: str) -> Repair:
    repair = services.apply_for_repair(entry=entry(), user=factories.body_admin(), pledge="承诺诚信")
    Repair.objects.filter(pk=repair.pk).update(status=state)
    return Repair.objects.get(pk=repair.pk)


def check_pair(obj, state: str, transition: str, allowed: dict) -> None:
    officer = factories.centre_officer()
    before = StateLog.objects.for_(obj).count()
    if (state, transition) in allowed:
        perform(obj, transition, by=officer, reason="测试理由", check_permission=False)
        obj.refresh_from_db()
        target = allowed[(state, transition)]
        assert obj.status == target
        assert (obj.decided_by, obj.decided_at is not None) == (officer, True)
        log = StateLog.objects.for_(obj).latest("timestamp")
        assert StateLog.objects.for_(obj).count() == before + 1
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            officer,
            "测试理由",
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(obj, transition, by=officer, reason="测试理由", check_permission=False)
        obj.refresh_from_db()
        assert obj.status == state
        assert obj.decided_by is None
        assert StateLog.objects.for_(obj).count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "transition"), OBJECTION_PAIRS, ids=[f"{s}-{t}" for s, t in OBJECTION_PAIRS]
)
def test_objection_transition_pair(state, transition):
    check_pair(objection_in(state), state, transition, OBJECTION_ALLOWED)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), REPAIR_PAIRS, ids=[f"{s}-{t}" for s, t in REPAIR_PAIRS])
def test_repair_transition_pair(state, transition):
    check_pair(repair_in(state), state, transition, REPAIR_ALLOWED)


@pytest.mark.django_db
def test_every_objection_state_is_reachable_or_initial():
    assert set(OBJECTION_ALLOWED.values()) | {ObjectionStatus.FILED} == set(ObjectionStatus.values)


@pytest.mark.django_db
def test_every_repair_state_is_reachable_or_initial():
    assert set(REPAIR_ALLOWED.values()) | {RepairStatus.APPLIED} == set(RepairStatus.values)


def test_the_objection_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(OBJECTION_TRANSITIONS) == transitions_of(Objection)
    assert edges_of(Objection) == OBJECTION_ALLOWED


def test_the_repair_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(REPAIR_TRANSITIONS) == transitions_of(Repair)
    assert edges_of(Repair) == REPAIR_ALLOWED

"""Every (state, transition) pair of rectification orders (整改通知) and suspension proposals, with their
reasons and who may run them (domain.md §3.5)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from audits.models import OrderStatus, ProposalStatus, RectificationOrder, SuspensionProposal
from audits.services import orders
from common.transitions import perform
from tests import factories
from tests.helpers import admin_of, edges_of, last_log, snapshot, transitions_of

# --- rectification orders ------------------------------------------------------------------------

ORDER_TRANSITIONS = ["respond", "accept_response", "reject_response"]
ORDER_STATES = ["issued", "responded", "accepted", "rejected"]
ORDER_ALLOWED = {
    ("issued", "respond"): "responded",
    ("responded", "accept_response"): "accepted",
    ("responded", "reject_response"): "rejected",
}
ORDER_PAIRS = [(s, t) for s in ORDER_STATES for t in ORDER_TRANSITIONS]


def order_at(state: str) -> tuple[RectificationOrder, object]:
    """The order a reviewed inspection's major finding opened, with a response written, put into `state`."""
    officer = factories.centre_officer()
    inspection = factories.inspection_in("reviewed", findings=("major",), officer=officer)
    order = inspection.orders.get()
    RectificationOrder.objects.filter(pk=order.pk).update(status=state, response="已整改，见附件。")
    return RectificationOrder.objects.get(pk=order.pk), officer


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), ORDER_PAIRS, ids=[f"{s}-{t}" for s, t in ORDER_PAIRS])
def test_order_transition_pair(state, transition):
    order, officer = order_at(state)
    actor = admin_of(order.body) if transition == "respond" else officer
    before_row, before_logs = snapshot(order)

    if (state, transition) in ORDER_ALLOWED:
        perform(order, transition, by=actor, reason="测试理由")
        order.refresh_from_db()
        target = ORDER_ALLOWED[(state, transition)]
        assert order.status == target
        assert StateLog.objects.for_(order).count() == before_logs + 1
        log = last_log(order)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            actor,
            "测试理由",
        )
        if transition == "respond":
            assert (order.responded_by, order.decided_by) == (actor, None)
        else:
            assert (order.decided_by, order.decision_note) == (actor, "测试理由")
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(order, transition, by=actor, reason="测试理由", check_permission=False)
        assert snapshot(order) == (before_row, before_logs)


@pytest.mark.django_db
def test_the_order_states_here_are_the_models_states():
    assert set(ORDER_STATES) == set(OrderStatus.values)
    assert set(ORDER_ALLOWED.values()) | {OrderStatus.ISSUED} == set(OrderStatus.values)


@pytest.mark.django_db
def test_respond_needs_a_response():
    order, _officer = order_at("issued")
    RectificationOrder.objects.filter(pk=order.pk).update(response="  \n ")
    order.refresh_from_db()
    admin = admin_of(order.body)
    before = snapshot(order)

    with pytest.raises(TransitionNotAllowed):
        perform(order, "respond", by=admin, check_permission=False)
    assert snapshot(order) == before
    with pytest.raises(ValidationError) as error:
        orders.respond_to_order(order=RectificationOrder.objects.get(pk=order.pk), user=admin, response=" ")
    assert "response" in error.value.message_dict
    assert snapshot(order) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "transition", "required"),
    [
        ("issued", "respond", False),
        ("responded", "accept_response", False),
        ("responded", "reject_response", True),
    ],
)
def test_which_order_transitions_need_a_reason(state, transition, required):
    order, officer = order_at(state)
    actor = admin_of(order.body) if transition == "respond" else officer
    before = snapshot(order)

    if required:
        with pytest.raises(ValidationError) as error:
            perform(order, transition, by=actor, reason="   ")
        assert "reason" in error.value.message_dict
        assert snapshot(order) == before
    else:
        perform(order, transition, by=actor, reason="")
        order.refresh_from_db()
        assert order.status == ORDER_ALLOWED[(state, transition)]
        assert last_log(order).description is None


@pytest.mark.django_db
def test_rejecting_through_the_service_without_a_note_saves_nothing_and_proposes_nothing():
    order, officer = order_at("responded")
    before = snapshot(order)
    with pytest.raises(ValidationError):
        orders.decide_order(order=order, user=officer, accept=False, note="")
    assert snapshot(order) == before
    assert not SuspensionProposal.objects.exists()


ORDER_ACTORS = ["centre", "district", "other_district", "body_admin", "other_body_admin", "supervisor"]
ORDER_MAY = {
    "respond": {"body_admin"},
    "accept_response": {"centre", "district"},
    "reject_response": {"centre", "district"},
}
ORDER_SOURCE = {"respond": "issued", "accept_response": "responded", "reject_response": "responded"}
ORDER_CASES = [(t, a) for t in ORDER_TRANSITIONS for a in ORDER_ACTORS]


def order_actor(name: str, order: RectificationOrder):
    return {
        "centre": factories.centre_officer,
        "district": lambda: factories.district_officer(factories.YUZHONG),
        "other_district": lambda: factories.district_officer(factories.JIULONGPO),
        "body_admin": lambda: admin_of(order.body),
        "other_body_admin": lambda: admin_of(factories.filed_body()),
        "supervisor": lambda: order.inspection.supervisor.account,
    }[name]()


@pytest.mark.django_db
@pytest.mark.parametrize(("transition", "who"), ORDER_CASES, ids=[f"{t}-{a}" for t, a in ORDER_CASES])
def test_who_may_run_each_order_transition(transition, who):
    order, _officer = order_at(ORDER_SOURCE[transition])
    assert order.body.district.code == factories.YUZHONG
    user = order_actor(who, order)
    before = snapshot(order)

    if who in ORDER_MAY[transition]:
        perform(order, transition, by=user, reason="测试理由")
        order.refresh_from_db()
        assert order.status == ORDER_ALLOWED[(ORDER_SOURCE[transition], transition)]
    else:
        with pytest.raises(PermissionDenied):
            perform(order, transition, by=user, reason="测试理由")
        assert snapshot(order) == before


# --- suspension proposals ------------------------------------------------------------------------

PROPOSAL_TRANSITIONS = ["confirm_suspension", "dismiss_proposal"]
PROPOSAL_STATES = ["proposed", "suspended", "dismissed"]
PROPOSAL_ALLOWED = {
    ("proposed", "confirm_suspension"): "suspended",
    ("proposed", "dismiss_proposal"): "dismissed",
}
PROPOSAL_PAIRS = [(s, t) for s in PROPOSAL_STATES for t in PROPOSAL_TRANSITIONS]


def proposal_at(state: str) -> SuspensionProposal:
    """The proposal a rejected rectification response makes, put into `state`."""
    order, officer = order_at("issued")
    orders.respond_to_order(order=order, user=admin_of(order.body), response="已整改")
    orders.decide_order(order=order, user=officer, accept=False, note="整改不到位")
    proposal = order.proposals.get()
    SuspensionProposal.objects.filter(pk=proposal.pk).update(status=state)
    return SuspensionProposal.objects.get(pk=proposal.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PROPOSAL_PAIRS, ids=[f"{s}-{t}" for s, t in PROPOSAL_PAIRS])
def test_proposal_transition_pair(state, transition):
    proposal = proposal_at(state)
    centre = factories.centre_officer()
    before_row, before_logs = snapshot(proposal)

    if (state, transition) in PROPOSAL_ALLOWED:
        perform(proposal, transition, by=centre, reason="测试理由")
        proposal.refresh_from_db()
        target = PROPOSAL_ALLOWED[(state, transition)]
        assert (proposal.status, proposal.decided_by) == (target, centre)
        assert StateLog.objects.for_(proposal).count() == before_logs + 1
        log = last_log(proposal)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            centre,
            "测试理由",
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(proposal, transition, by=centre, reason="测试理由", check_permission=False)
        assert snapshot(proposal) == (before_row, before_logs)


@pytest.mark.django_db
def test_the_proposal_states_here_are_the_models_states():
    assert set(PROPOSAL_STATES) == set(ProposalStatus.values)
    assert set(PROPOSAL_ALLOWED.values()) | {ProposalStatus.PROPOSED} == set(ProposalStatus.values)


@pytest.mark.django_db
@pytest.mark.parametrize("transition", PROPOSAL_TRANSITIONS)
def test_both_decisions_on_a_proposal_need_a_reason(transition):
    proposal = proposal_at("proposed")
    before = snapshot(proposal)
    with pytest.raises(ValidationError) as error:
        perform(proposal, transition, by=factories.centre_officer(), reason="")
    assert "reason" in error.value.message_dict
    assert snapshot(proposal) == before


@pytest.mark.django_db
@pytest.mark.parametrize("suspend", [True, False])
def test_deciding_through_the_service_without_a_reason_changes_neither_proposal_nor_body(suspend):
    proposal = proposal_at("proposed")
    body_before = snapshot(proposal.body)
    before = snapshot(proposal)
    with pytest.raises(ValidationError):
        orders.decide_proposal(
            proposal=proposal, user=factories.centre_officer(), suspend=suspend, reason=" "
        )
    assert snapshot(proposal) == before
    assert snapshot(proposal.body) == body_before


PROPOSAL_ACTORS = {
    "centre": True,
    "district": False,
    "other_district": False,
    "body_admin": False,
}


@pytest.mark.django_db
@pytest.mark.parametrize("transition", PROPOSAL_TRANSITIONS)
@pytest.mark.parametrize(("who", "may"), PROPOSAL_ACTORS.items(), ids=list(PROPOSAL_ACTORS))
def test_only_the_centre_decides_a_proposal(transition, who, may):
    proposal = proposal_at("proposed")
    user = {
        "centre": factories.centre_officer,
        "district": lambda: factories.district_officer(factories.YUZHONG),
        "other_district": lambda: factories.district_officer(factories.JIULONGPO),
        "body_admin": lambda: admin_of(proposal.body),
    }[who]()
    before = snapshot(proposal)
    if may:
        perform(proposal, transition, by=user, reason="测试理由")
        proposal.refresh_from_db()
        assert proposal.status == PROPOSAL_ALLOWED[("proposed", transition)]
    else:
        with pytest.raises(PermissionDenied):
            perform(proposal, transition, by=user, reason="测试理由")
        assert snapshot(proposal) == before


def test_the_order_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(ORDER_TRANSITIONS) == transitions_of(RectificationOrder)
    assert edges_of(RectificationOrder) == ORDER_ALLOWED


def test_the_proposal_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(PROPOSAL_TRANSITIONS) == transitions_of(SuspensionProposal)
    assert edges_of(SuspensionProposal) == PROPOSAL_ALLOWED

"""Every (state, transition) pair of the inspection machine, its conditions and who may run each step
(domain.md §3.5)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from audits.models import AnswerResult, Inspection, InspectionStatus, ProposalStatus
from audits.services import inspections as svc
from audits.services import orders
from common.transitions import perform
from tests import factories
from tests.helpers import admin_of, edges_of, last_log, snapshot, transitions_of

TRANSITIONS = ["assign", "start", "submit", "return_for_revision", "review", "close", "cancel"]

# Written out from domain.md §3.5, not read from the model, so a change to either shows up here.
ALLOWED = {
    ("planned", "assign"): "assigned",
    # Reassignment to another supervisor before the work starts.
    ("assigned", "assign"): "assigned",
    ("assigned", "start"): "in_progress",
    ("in_progress", "submit"): "submitted",
    ("submitted", "return_for_revision"): "in_progress",
    ("submitted", "review"): "reviewed",
    ("reviewed", "close"): "closed",
    ("planned", "cancel"): "cancelled",
    ("assigned", "cancel"): "cancelled",
    ("in_progress", "cancel"): "cancelled",
}

STATES = ["planned", "assigned", "in_progress", "submitted", "reviewed", "closed", "cancelled"]

# Who runs each transition when it is allowed: the officer, or the assigned supervisor.
BY_SUPERVISOR = {"start", "submit"}

PAIRS = [(state, transition) for state in STATES for transition in TRANSITIONS]


def inspection_at(state: str) -> tuple[Inspection, object]:
    """An inspection with a supervisor, every item answered and a signature, and no findings (so no
    orders), put straight into `state`: only the source state decides whether a transition runs."""
    officer = factories.centre_officer()
    inspection = factories.inspection_in("submitted", findings=(), officer=officer)
    Inspection.objects.filter(pk=inspection.pk).update(status=state)
    return Inspection.objects.get(pk=inspection.pk), officer


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_transition_pair(state, transition):
    inspection, officer = inspection_at(state)
    actor = inspection.supervisor.account if transition in BY_SUPERVISOR else officer
    kwargs = {"certification": factories.supervisor()} if transition == "assign" else {}
    row_before, logs_before = snapshot(inspection)

    if (state, transition) in ALLOWED:
        # The rightful actor, with the permission check on: allowed pairs are allowed to them.
        perform(inspection, transition, by=actor, reason="测试理由", **kwargs)
        inspection.refresh_from_db()
        assert inspection.status == ALLOWED[(state, transition)]
        assert StateLog.objects.for_(inspection).count() == logs_before + 1
        log = last_log(inspection)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            ALLOWED[(state, transition)],
            transition,
            actor,
            "测试理由",
        )
        if transition == "assign":
            assert inspection.supervisor == kwargs["certification"].person
            assert inspection.supervisor_certification == kwargs["certification"]
    else:
        # The machine itself refuses, whoever asks.
        with pytest.raises(TransitionNotAllowed):
            perform(inspection, transition, by=actor, reason="测试理由", check_permission=False, **kwargs)
        assert snapshot(inspection) == (row_before, logs_before)


@pytest.mark.django_db
def test_the_states_here_are_the_models_states():
    assert set(STATES) == set(InspectionStatus.values)


@pytest.mark.django_db
def test_every_state_is_reachable_or_initial():
    assert set(ALLOWED.values()) | {InspectionStatus.PLANNED} == set(InspectionStatus.values)


# --- conditions ----------------------------------------------------------------------------------


def _answer_all_but(inspection, account, skip: int):
    items = list(inspection.template.items.all())
    answers = {item.pk: (AnswerResult.YES, "") for n, item in enumerate(items) if n != skip}
    svc.save_answers(inspection=inspection, user=account, answers=answers)
    return items[skip]


@pytest.mark.django_db
def test_submit_needs_every_item_answered():
    inspection = factories.inspection_in("in_progress")
    account = inspection.supervisor.account
    missing = _answer_all_but(inspection, account, skip=2)
    Inspection.objects.filter(pk=inspection.pk).update(
        signed_name=inspection.supervisor.name, signed_at=inspection.started_at
    )
    inspection.refresh_from_db()
    before = snapshot(inspection)

    with pytest.raises(TransitionNotAllowed):
        perform(inspection, "submit", by=account, check_permission=False)
    assert snapshot(inspection) == before

    svc.save_answers(
        inspection=inspection, user=account, answers={missing.pk: (AnswerResult.NOT_APPLICABLE, "")}
    )
    perform(inspection, "submit", by=account)
    inspection.refresh_from_db()
    assert inspection.status == "submitted"


@pytest.mark.django_db
def test_submit_needs_a_signature():
    inspection = factories.inspection_in("in_progress")
    account = inspection.supervisor.account
    items = inspection.template.items.all()
    svc.save_answers(
        inspection=inspection, user=account, answers={i.pk: (AnswerResult.YES, "") for i in items}
    )
    inspection.refresh_from_db()
    before = snapshot(inspection)

    with pytest.raises(TransitionNotAllowed):
        perform(inspection, "submit", by=account, check_permission=False)
    assert snapshot(inspection) == before

    # A name without the moment of signing is not a signature either.
    Inspection.objects.filter(pk=inspection.pk).update(signed_name=inspection.supervisor.name)
    inspection.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        perform(inspection, "submit", by=account, check_permission=False)

    svc.sign_and_submit(
        inspection=inspection, user=account, signed_name=inspection.supervisor.name, summary="", pledge=True
    )
    inspection.refresh_from_db()
    assert inspection.status == "submitted"


@pytest.mark.django_db
def test_returning_clears_the_signature_so_it_must_be_given_again():
    officer = factories.centre_officer()
    inspection = factories.inspection_in("submitted", officer=officer)
    account = inspection.supervisor.account

    svc.return_inspection(inspection=inspection, user=officer, reason="第 3 项请补充说明")
    inspection.refresh_from_db()
    assert (inspection.status, inspection.signed_at, inspection.submitted_at) == ("in_progress", None, None)
    with pytest.raises(TransitionNotAllowed):
        perform(inspection, "submit", by=account, check_permission=False)

    svc.sign_and_submit(
        inspection=inspection,
        user=account,
        signed_name=inspection.supervisor.name,
        summary="已补充",
        pledge=True,
    )
    inspection.refresh_from_db()
    assert inspection.status == "submitted"
    assert inspection.signed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "transition"), [("submitted", "return_for_revision"), ("assigned", "cancel")]
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_these_transitions_need_a_reason(state, transition, reason):
    inspection, officer = inspection_at(state)
    before = snapshot(inspection)
    with pytest.raises(ValidationError) as error:
        perform(inspection, transition, by=officer, reason=reason)
    assert "reason" in error.value.message_dict
    assert snapshot(inspection) == before


def _settle(order, how: str, officer) -> None:
    """Bring the inspection's rectification order to one of the situations `close` looks at."""
    if how == "issued":
        return
    orders.respond_to_order(order=order, user=admin_of(order.body), response="已整改，附整改报告。")
    if how == "responded":
        return
    if how == "accepted":
        orders.decide_order(order=order, user=officer, accept=True)
        return
    orders.decide_order(order=order, user=officer, accept=False, note="整改不到位")
    proposal = order.proposals.get()
    if how == "rejected, proposal pending":
        return
    orders.decide_proposal(
        proposal=proposal,
        user=factories.centre_officer(),
        suspend=how.endswith("suspended"),
        reason="中心决定",
    )


SETTLEMENTS = {
    "issued": False,
    "responded": False,
    "accepted": True,
    "rejected, proposal pending": False,
    "rejected, proposal dismissed": True,
    "rejected, proposal suspended": True,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("how", "settled"), SETTLEMENTS.items(), ids=list(SETTLEMENTS))
def test_close_needs_every_order_settled(how, settled):
    officer = factories.centre_officer()
    inspection = factories.inspection_in("reviewed", findings=("major",), officer=officer)
    order = inspection.orders.get()
    _settle(order, how, officer)
    inspection.refresh_from_db()
    before = snapshot(inspection)

    if settled:
        svc.close_inspection(inspection=inspection, user=officer)
        inspection.refresh_from_db()
        assert inspection.status == "closed"
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(inspection, "close", by=officer, check_permission=False)
        # Through the service too (where the unmet condition surfaces as a refused permission).
        with pytest.raises((TransitionNotAllowed, PermissionDenied)):
            svc.close_inspection(inspection=Inspection.objects.get(pk=inspection.pk), user=officer)
        assert snapshot(inspection) == before


@pytest.mark.django_db
def test_a_pending_proposal_from_an_overdue_order_also_blocks_close():
    officer = factories.centre_officer()
    inspection = factories.inspection_in("reviewed", findings=("critical",), officer=officer)
    order = inspection.orders.get()
    orders.respond_to_order(order=order, user=admin_of(order.body), response="已整改")
    orders.decide_order(order=order, user=officer, accept=True)
    # An accepted order with a proposal still awaiting the centre (say it was flagged overdue before
    # the late answer came) leaves the inspection open.
    orders.propose_suspension(body=order.body, reason="order_overdue", order=order)
    inspection.refresh_from_db()
    assert not inspection.orders_settled()
    order.proposals.update(status=ProposalStatus.DISMISSED)
    assert inspection.orders_settled()


# --- permissions ---------------------------------------------------------------------------------

ACTORS = ["centre", "district", "other_district", "supervisor", "other_supervisor", "body_admin"]

# Who may run each transition (from its source state); everyone else is refused.
MAY = {
    "assign": {"centre", "district"},
    "start": {"supervisor"},
    "submit": {"supervisor"},
    "return_for_revision": {"centre", "district"},
    "review": {"centre", "district"},
    "close": {"centre", "district"},
    "cancel": {"centre", "district"},
}

SOURCE = {
    "assign": "planned",
    "start": "assigned",
    "submit": "in_progress",
    "return_for_revision": "submitted",
    "review": "submitted",
    "close": "reviewed",
    "cancel": "in_progress",
}

PERMISSION_CASES = [(t, a) for t in TRANSITIONS for a in ACTORS]


def actor(name: str, inspection: Inspection):
    return {
        "centre": factories.centre_officer,
        "district": lambda: factories.district_officer(factories.YUZHONG),
        "other_district": lambda: factories.district_officer(factories.JIULONGPO),
        "supervisor": lambda: inspection.supervisor.account,
        "other_supervisor": lambda: factories.supervisor().person.account,
        "body_admin": lambda: admin_of(inspection.body),
    }[name]()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("transition", "who"), PERMISSION_CASES, ids=[f"{t}-{a}" for t, a in PERMISSION_CASES]
)
def test_who_may_run_each_transition(transition, who):
    inspection, _officer = inspection_at(SOURCE[transition])
    assert inspection.body.district.code == factories.YUZHONG
    user = actor(who, inspection)
    kwargs = {"certification": factories.supervisor()} if transition == "assign" else {}
    before = snapshot(inspection)

    if who in MAY[transition]:
        perform(inspection, transition, by=user, reason="测试理由", **kwargs)
        inspection.refresh_from_db()
        assert inspection.status == ALLOWED[(SOURCE[transition], transition)]
        assert last_log(inspection).by == user
    else:
        with pytest.raises(PermissionDenied):
            perform(inspection, transition, by=user, reason="测试理由", **kwargs)
        assert snapshot(inspection) == before


def _submitted_by(cert, officer) -> Inspection:
    """An inspection assigned to `cert`'s person and walked to submitted through the services."""
    inspection = factories.inspection(officer=officer)
    svc.assign_supervisor(inspection=inspection, user=officer, certification=cert)
    account = cert.person.account
    svc.start_inspection(inspection=inspection, user=account)
    items = inspection.template.items.all()
    svc.save_answers(
        inspection=inspection, user=account, answers={i.pk: (AnswerResult.YES, "") for i in items}
    )
    svc.sign_and_submit(
        inspection=inspection, user=account, signed_name=cert.person.name, summary="", pledge=True
    )
    return inspection


@pytest.mark.django_db
@pytest.mark.parametrize("transition", ["review", "return_for_revision"])
def test_the_supervisor_may_not_review_their_own_inspection_even_as_an_officer(transition):
    officer_and_supervisor = factories.centre_officer()
    cert = factories.supervisor(account=officer_and_supervisor)
    inspection = _submitted_by(cert, factories.centre_officer())
    before = snapshot(inspection)

    with pytest.raises(PermissionDenied):
        perform(inspection, transition, by=officer_and_supervisor, reason="自己审核")
    assert snapshot(inspection) == before

    other = factories.centre_officer()
    perform(inspection, transition, by=other, reason="他人审核")
    inspection.refresh_from_db()
    assert inspection.status == ALLOWED[("submitted", transition)]


@pytest.mark.django_db
def test_an_officer_of_another_district_may_not_plan_an_inspection_there():
    body = factories.filed_body()
    assert body.district.code == factories.YUZHONG
    with pytest.raises(PermissionDenied):
        factories.inspection(body=body, officer=factories.district_officer(factories.JIULONGPO))
    assert not Inspection.objects.filter(body=body).exists()
    assert factories.inspection(body=body, officer=factories.district_officer(factories.YUZHONG)).pk


@pytest.mark.django_db
def test_an_officer_of_another_district_may_not_assign_through_the_service():
    inspection = factories.inspection()
    before = snapshot(inspection)
    with pytest.raises(PermissionDenied):
        svc.assign_supervisor(
            inspection=inspection,
            user=factories.district_officer(factories.JIULONGPO),
            certification=factories.supervisor(),
        )
    assert snapshot(inspection) == before


def test_the_inspection_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(TRANSITIONS) == transitions_of(Inspection)
    assert edges_of(Inspection) == ALLOWED

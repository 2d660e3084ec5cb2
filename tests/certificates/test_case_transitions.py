"""Every (state, transition) pair of audit cases, their reasons and who may run them (domain.md §3.7)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from certificates.models import AuditCase, CaseStatus, CertificateStatus, Hit, Result
from certificates.services import cases
from common.transitions import perform
from tests import factories
from tests.helpers import admin_of, edges_of, last_log, snapshot, transitions_of

TRANSITIONS = ["investigate", "confirm", "dismiss"]
STATES = ["opened", "investigating", "confirmed", "dismissed"]
ALLOWED = {
    ("opened", "investigate"): "investigating",
    ("investigating", "confirm"): "confirmed",
    ("opened", "dismiss"): "dismissed",
    ("investigating", "dismiss"): "dismissed",
}
PAIRS = [(s, t) for s in STATES for t in TRANSITIONS]
DECISIONS = {"confirm", "dismiss"}


def case_at(state: str) -> AuditCase:
    """The case a rule's hit on one certificate opens, put into `state`."""
    body = factories.filed_body()
    result = factories.result(body=body)
    Hit.objects.create(rule="ID_INVALID", body=body, result=result, key=str(result.pk), detail="校验位错误")
    (case,) = cases.assign_open_hits()
    AuditCase.objects.filter(pk=case.pk).update(status=state)
    return AuditCase.objects.get(pk=case.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_case_transition_pair(state, transition):
    case = case_at(state)
    centre = factories.centre_officer()
    before_row, before_logs = snapshot(case)

    if (state, transition) in ALLOWED:
        perform(case, transition, by=centre, reason="测试理由")
        case.refresh_from_db()
        target = ALLOWED[(state, transition)]
        assert case.status == target
        assert StateLog.objects.for_(case).count() == before_logs + 1
        log = last_log(case)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            centre,
            "测试理由",
        )
        if transition in DECISIONS:
            assert (case.decided_by, case.decision) == (centre, "测试理由")
            assert case.decided_at is not None
        else:
            assert (case.decided_by, case.decided_at, case.decision) == (None, None, "")
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(case, transition, by=centre, reason="测试理由", check_permission=False)
        assert snapshot(case) == (before_row, before_logs)


@pytest.mark.django_db
def test_the_case_states_here_are_the_models_states():
    assert set(STATES) == set(CaseStatus.values)
    assert set(ALLOWED.values()) | {CaseStatus.OPENED} == set(CaseStatus.values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "transition", "required"),
    [
        ("opened", "investigate", False),
        ("investigating", "confirm", True),
        ("opened", "dismiss", True),
        ("investigating", "dismiss", True),
    ],
)
def test_which_case_transitions_need_a_reason(state, transition, required):
    case = case_at(state)
    centre = factories.centre_officer()
    before = snapshot(case)

    if required:
        with pytest.raises(ValidationError) as error:
            perform(case, transition, by=centre, reason="  \n ")
        assert "reason" in error.value.message_dict
        assert snapshot(case) == before
    else:
        perform(case, transition, by=centre, reason="")
        case.refresh_from_db()
        assert case.status == ALLOWED[(state, transition)]
        assert last_log(case).description is None


@pytest.mark.django_db
@pytest.mark.parametrize("decide", ["confirm_case", "dismiss_case"])
def test_deciding_through_the_service_without_a_reason_saves_nothing(decide):
    case = case_at("investigating")
    certificate = case.hits.get().result
    before, certificate_before = snapshot(case), snapshot(certificate)

    with pytest.raises(ValidationError):
        getattr(cases, decide)(case=case, user=factories.centre_officer(), reason=" ")
    assert snapshot(case) == before
    assert snapshot(certificate) == certificate_before
    assert Result.objects.get(pk=certificate.pk).status == CertificateStatus.ISSUED


@pytest.mark.django_db
@pytest.mark.parametrize(("service", "state"), [("investigate", "opened"), ("confirm_case", "investigating")])
def test_the_services_run_the_same_transitions(service, state):
    case = case_at(state)
    centre = factories.centre_officer()
    kwargs = {} if service == "investigate" else {"reason": "属实"}
    getattr(cases, service)(case=case, user=centre, **kwargs)
    case.refresh_from_db()
    assert case.status == {"investigate": "investigating", "confirm_case": "confirmed"}[service]
    assert last_log(case).by == centre


ACTORS = ["centre", "district", "body_admin", "supervisor"]
SOURCE = {"investigate": "opened", "confirm": "investigating", "dismiss": "opened"}
CASES = [(t, a) for t in TRANSITIONS for a in ACTORS]


@pytest.mark.django_db
@pytest.mark.parametrize(("transition", "who"), CASES, ids=[f"{t}-{a}" for t, a in CASES])
def test_only_the_centre_runs_case_transitions(transition, who):
    case = case_at(SOURCE[transition])
    user = {
        "centre": factories.centre_officer,
        "district": lambda: factories.district_officer(case.body.district.code),
        "body_admin": lambda: admin_of(case.body),
        "supervisor": lambda: factories.supervisor().person.account,
    }[who]()
    before = snapshot(case)

    if who == "centre":
        perform(case, transition, by=user, reason="测试理由")
        case.refresh_from_db()
        assert case.status == ALLOWED[(SOURCE[transition], transition)]
    else:
        with pytest.raises(PermissionDenied):
            perform(case, transition, by=user, reason="测试理由")
        assert snapshot(case) == before


def test_the_case_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(TRANSITIONS) == transitions_of(AuditCase)
    assert edges_of(AuditCase) == ALLOWED

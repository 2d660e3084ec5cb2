"""Every (state, transition) pair of a certificate (a passer's result row), and revocation by a case."""

import pytest
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from certificates.models import CertificateStatus, Hit, Result
from certificates.services import cases
from common.transitions import perform
from tests import factories
from tests.helpers import edges_of, last_log, snapshot, transitions_of

TRANSITIONS = ["revoke"]
ALLOWED = {("issued", "revoke"): "revoked"}
PAIRS = [(s, t) for s in CertificateStatus.values for t in TRANSITIONS]


def certificate_in(state: str) -> Result:
    result = factories.result(body=factories.filed_body())
    Result.objects.filter(pk=result.pk).update(status=state)
    return Result.objects.get(pk=result.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_certificate_transition_pair(state, transition):
    certificate = certificate_in(state)
    centre = factories.centre_officer()
    before_row, before_logs = snapshot(certificate)

    if (state, transition) in ALLOWED:
        perform(certificate, transition, by=centre, reason="冒名顶替")
        certificate.refresh_from_db()
        target = ALLOWED[(state, transition)]
        assert certificate.status == target
        assert StateLog.objects.for_(certificate).count() == before_logs + 1
        log = last_log(certificate)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            centre,
            "冒名顶替",
        )
        assert (certificate.revoked_reason, certificate.revoked_at is not None) == ("冒名顶替", True)
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(certificate, transition, by=centre, reason="冒名顶替", check_permission=False)
        assert snapshot(certificate) == (before_row, before_logs)


def test_the_certificate_matrix_is_the_models_own():
    assert set(TRANSITIONS) == transitions_of(Result)
    assert edges_of(Result) == ALLOWED


@pytest.mark.django_db
def test_confirming_a_case_logs_each_revocation_with_who_and_why():
    body = factories.filed_body()
    issued = [factories.result(body=body) for _ in range(2)]
    already_revoked = factories.result(body=body)
    Result.objects.filter(pk=already_revoked.pk).update(status=CertificateStatus.REVOKED)
    for result in [*issued, already_revoked]:
        Hit.objects.create(
            rule="ID_INVALID", body=body, result=result, key=str(result.pk), detail="校验位错误"
        )
    (case,) = cases.assign_open_hits()
    centre = factories.centre_officer()
    cases.investigate(case=case, user=centre)

    cases.confirm_case(case=case, user=centre, reason="证件号码伪造")
    for result in issued:
        result.refresh_from_db()
        log = last_log(result)
        assert result.status == CertificateStatus.REVOKED
        assert (log.transition, log.source_state, log.state, log.by) == (
            "revoke",
            "issued",
            "revoked",
            centre,
        )
        assert log.description == f"{case.number}: 证件号码伪造"
        assert result.revoked_reason == "证件号码伪造", "verification shows the reason without the case"
    assert not StateLog.objects.for_(already_revoked).exists()
    case.refresh_from_db()
    assert case.revoked_count == 2

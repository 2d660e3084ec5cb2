"""Every (state, transition) pair of the examiner / supervisor certification machine (domain.md §3.3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from common.transitions import perform
from examiners.models import Certification, CertificationStatus
from tests import factories
from tests.helpers import edges_of, transitions_of

TRANSITIONS = ["accept", "record_exam", "certify", "suspend", "reinstate", "expire", "renew", "disqualify"]

# Written out from domain.md §3.3, not read from the model, so a change to either shows up here.
ALLOWED = {
    ("applied", "accept"): "training",
    ("training", "record_exam"): "examined",
    # A re-sit: a later exam replaces the earlier score.
    ("examined", "record_exam"): "examined",
    ("examined", "certify"): "certified",
    ("certified", "suspend"): "suspended",
    ("suspended", "reinstate"): "certified",
    ("certified", "expire"): "expired",
    ("expired", "renew"): "certified",
    ("applied", "disqualify"): "disqualified",
    ("training", "disqualify"): "disqualified",
    ("examined", "disqualify"): "disqualified",
    ("certified", "disqualify"): "disqualified",
    ("suspended", "disqualify"): "disqualified",
    ("expired", "disqualify"): "disqualified",
}

STATES = ["applied", "training", "examined", "certified", "suspended", "expired", "disqualified"]

# What each transition needs besides `by` and the reason.
KWARGS = {
    "record_exam": {"exam_score": 82, "training_hours": 40, "exam_date": datetime.date(2025, 3, 1)},
    "certify": {"certificate_no": "KP50202599999"},
}

PAIRS = [(state, transition) for state in STATES for transition in TRANSITIONS]


def certification_in(state: str) -> Certification:
    """An examiner with a grade and a passing score, so only the source state decides `certify`."""
    cert = factories.certification(status=state, grade="examiner")
    Certification.objects.filter(pk=cert.pk).update(exam_score=75)
    return Certification.objects.get(pk=cert.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_transition_pair(state, transition):
    cert = certification_in(state)
    officer = factories.centre_officer()
    before = StateLog.objects.for_(cert).count()
    row_before = model_to_dict(Certification.objects.get(pk=cert.pk))
    kwargs = KWARGS.get(transition, {})

    if (state, transition) in ALLOWED:
        perform(cert, transition, by=officer, reason="测试理由", check_permission=False, **kwargs)
        cert.refresh_from_db()
        assert cert.status == ALLOWED[(state, transition)]
        assert StateLog.objects.for_(cert).count() == before + 1
        log = StateLog.objects.for_(cert).latest("timestamp")
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            ALLOWED[(state, transition)],
            transition,
            officer,
            "测试理由",
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(cert, transition, by=officer, reason="测试理由", check_permission=False, **kwargs)
        assert model_to_dict(Certification.objects.get(pk=cert.pk)) == row_before
        assert StateLog.objects.for_(cert).count() == before


@pytest.mark.django_db
def test_the_states_here_are_the_models_states():
    assert set(STATES) == set(CertificationStatus.values)


@pytest.mark.django_db
def test_every_state_is_reachable_or_initial():
    reached = set(ALLOWED.values()) | {CertificationStatus.APPLIED}
    assert reached == set(CertificationStatus.values)


@pytest.mark.django_db
def test_certify_needs_a_passing_score():
    cert = certification_in("examined")
    Certification.objects.filter(pk=cert.pk).update(exam_score=59.5)
    cert = Certification.objects.get(pk=cert.pk)
    with pytest.raises(TransitionNotAllowed):
        perform(cert, "certify", by=factories.centre_officer(), check_permission=False, certificate_no="KP1")
    cert.refresh_from_db()
    assert (cert.status, cert.certificate_no) == ("examined", None)


@pytest.mark.django_db
def test_certify_needs_an_examiners_grade_but_not_a_supervisors():
    officer = factories.centre_officer()
    examiner = certification_in("examined")
    Certification.objects.filter(pk=examiner.pk).update(grade="")
    examiner = Certification.objects.get(pk=examiner.pk)
    with pytest.raises(ValidationError) as error:
        perform(examiner, "certify", by=officer, check_permission=False, certificate_no="KP2")
    assert "grade" in error.value.message_dict
    examiner.refresh_from_db()
    assert examiner.status == "examined"

    supervisor = factories.certification(role="supervisor", status="examined")
    Certification.objects.filter(pk=supervisor.pk).update(exam_score=60)
    supervisor = Certification.objects.get(pk=supervisor.pk)
    perform(supervisor, "certify", by=officer, check_permission=False, certificate_no="DD3")
    supervisor.refresh_from_db()
    assert supervisor.status == "certified"


def test_the_certification_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(TRANSITIONS) == transitions_of(Certification)
    assert edges_of(Certification) == ALLOWED

"""Every (state, transition) pair of the filing-application machine (domain.md §3.2)."""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from common.transitions import perform
from registry.models import FilingApplication, FilingStatus
from tests import factories
from tests.helpers import edges_of, transitions_of

TRANSITIONS = [
    "submit",
    "start_district_review",
    "pass_district_review",
    "return_for_correction",
    "approve",
    "raise_objection",
    "publish",
    "reject",
    "withdraw",
]

# Written out from domain.md, independently of the model: (source, transition) -> target.
ALLOWED = {
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "start_district_review"): "district_review",
    ("district_review", "pass_district_review"): "centre_review",
    ("district_review", "return_for_correction"): "returned",
    ("centre_review", "return_for_correction"): "returned",
    ("centre_review", "approve"): "public_notice",
    ("public_notice", "raise_objection"): "centre_review",
    ("public_notice", "publish"): "filed",
    ("centre_review", "reject"): "rejected",
    ("draft", "withdraw"): "withdrawn",
    ("submitted", "withdraw"): "withdrawn",
    ("district_review", "withdraw"): "withdrawn",
    ("centre_review", "withdraw"): "withdrawn",
    ("returned", "withdraw"): "withdrawn",
}

PAIRS = [(state, transition) for state in FilingStatus.values for transition in TRANSITIONS]


def application_in(state: str) -> FilingApplication:
    application = factories.draft_application()
    today = timezone.localdate()
    FilingApplication.objects.filter(pk=application.pk).update(
        status=state, notice_starts=today, notice_ends=today
    )
    return FilingApplication.objects.get(pk=application.pk)


def logs_of(application):
    return StateLog.objects.for_(application)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_transition_pair(state, transition):
    application = application_in(state)
    officer = factories.centre_officer()
    logs_before = logs_of(application).count()

    if (state, transition) in ALLOWED:
        perform(application, transition, by=officer, reason="测试理由", check_permission=False)
        application.refresh_from_db()
        assert application.status == ALLOWED[(state, transition)]
        log = logs_of(application).latest("timestamp")
        assert logs_of(application).count() == logs_before + 1
        assert (log.source_state, log.state, log.transition, log.by) == (
            state,
            ALLOWED[(state, transition)],
            transition,
            officer,
        )
        assert log.description == "测试理由"
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(application, transition, by=officer, reason="测试理由", check_permission=False)
        application.refresh_from_db()
        assert application.status == state
        assert logs_of(application).count() == logs_before


@pytest.mark.django_db
def test_every_state_appears_in_the_table():
    sources = {s for s, _ in ALLOWED} | set(ALLOWED.values())
    assert sources == set(FilingStatus.values)


def test_the_filing_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(TRANSITIONS) == transitions_of(FilingApplication)
    assert edges_of(FilingApplication) == ALLOWED

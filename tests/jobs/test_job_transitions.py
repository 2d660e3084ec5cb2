"""Every (state, transition) pair of jobs: queued → running → done / failed (domain: jobs/models.py)."""

import pytest
from django.core.exceptions import ValidationError
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from common.transitions import perform
from jobs.models import Job, JobStatus
from tests import factories
from tests.helpers import edges_of, last_log, snapshot, transitions_of

TRANSITIONS = ["start", "finish", "fail"]
STATES = ["queued", "running", "done", "failed"]
ALLOWED = {
    ("queued", "start"): "running",
    ("running", "finish"): "done",
    ("queued", "fail"): "failed",
    ("running", "fail"): "failed",
}
PAIRS = [(s, t) for s in STATES for t in TRANSITIONS]


def job_at(state: str) -> Job:
    job = Job.objects.create(kind="roster_import", owner=factories.body_admin())
    Job.objects.filter(pk=job.pk).update(status=state)
    return Job.objects.get(pk=job.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_job_transition_pair(state, transition):
    job = job_at(state)
    before = snapshot(job)
    if (state, transition) in ALLOWED:
        perform(job, transition, by=None, reason="工作进程已停止", check_permission=False)
        job.refresh_from_db()
        assert job.status == ALLOWED[(state, transition)]
        log = last_log(job)
        assert (log.source_state, log.state, log.transition) == (state, job.status, transition)
        assert StateLog.objects.for_(job).count() == before[1] + 1
        if transition == "start":
            assert job.started_at is not None and job.heartbeat_at is not None
        else:
            assert job.finished_at is not None
        if transition == "fail":
            assert job.error == "工作进程已停止"
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(job, transition, by=None, reason="x", check_permission=False)
        assert snapshot(job) == before


@pytest.mark.django_db
def test_failing_needs_a_reason():
    job = job_at("running")
    with pytest.raises(ValidationError):
        perform(job, "fail", by=None, reason="", check_permission=False)


def test_the_matrix_is_the_models_own():
    assert set(TRANSITIONS) == transitions_of(Job)
    assert set(STATES) == set(JobStatus.values)
    expected = {(s, t): target for (s, t), target in ALLOWED.items()}
    assert edges_of(Job) == expected

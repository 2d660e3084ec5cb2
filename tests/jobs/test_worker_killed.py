"""Acceptance of issue 11: killing the worker in the middle of an import leaves nothing half-stored; the
job shows as failed once its worker has been silent for JOBS_STALE_AFTER; a retry succeeds.

The worker is the real `manage.py db_worker` subprocess, killed with SIGKILL (no chance to clean up)
while it stores a 100,000-row roster."""

import datetime
import signal
import time

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from certificates.jobs import ROSTER_IMPORT
from certificates.models import Result, Roster
from jobs import services
from jobs.models import Job
from tests import factories
from tests.jobs.rosters import roster_csv
from tests.jobs.workers import BACKEND, start_worker, stop_worker

ROWS = 100_000
WAIT_S = 240


def wait_for(check, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_a_worker_killed_mid_import_stores_nothing_and_the_retry_succeeds(settings):
    settings.TASKS = {"default": {"BACKEND": BACKEND}}
    admin = factories.body_admin(username="bodyadmin")
    body = factories.filed_body(admin=admin)
    examiner = factories.certification(role="examiner", grade="senior_examiner")
    today = timezone.localdate()
    data = roster_csv(body, examiner.certificate_no, rows=ROWS, exam=today, issue=today)
    job = services.start(kind=ROSTER_IMPORT, owner=admin, upload=data, filename="roster.csv")

    worker = start_worker(settings.MEDIA_ROOT)
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).status == "running", "the job to start")
        time.sleep(1.5)  # well into parsing and storing 100,000 rows
        assert Job.objects.get(pk=job.pk).status == "running", "the import ended before the kill"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            stop_worker(worker)

    # Nothing half-stored: the import's one transaction died with the worker.
    assert (Roster.objects.count(), Result.objects.count()) == (0, 0)
    job.refresh_from_db()
    assert job.status == "running"  # nobody has noticed yet
    # Still within the silence a long step may take: left alone.
    assert services.fail_stale(now=job.heartbeat_at + datetime.timedelta(seconds=10)) == []
    # Past it: failed, with a message that says what happened.
    # (PostgreSQL ends the dead client's transaction, and so frees the job's row, once it notices the
    # closed connection; until then the sweep skips the locked row, as it does a live worker's.)
    silent = datetime.timedelta(seconds=django_settings.JOBS_STALE_AFTER + 1)
    swept: list[Job] = []
    wait_for(lambda: swept.extend(services.fail_stale(now=timezone.now() + silent)) or swept, "the sweep")
    (failed,) = swept
    assert (
        failed.pk == job.pk and failed.status == "failed" and str(settings.JOBS_STALE_AFTER) in failed.error
    )

    again = services.retry(job=failed, by=admin)
    worker = start_worker(settings.MEDIA_ROOT)
    try:
        wait_for(lambda: Job.objects.get(pk=again.pk).status in ("done", "failed"), "the retry to end")
    finally:
        stop_worker(worker)
    again.refresh_from_db()
    assert again.status == "done", again.error
    assert again.retry_of_id == job.pk
    assert Result.objects.count() == ROWS and Roster.objects.get().rows_stored == ROWS

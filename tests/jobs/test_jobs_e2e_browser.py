"""Acceptance of issue 11's jobs, in Chromium against a real worker: a body administrator uploads a
100,000-row roster; the upload returns at once (the job still queued or running when its page shows);
the page's progress moves; the user goes elsewhere, comes back and finds the job done, linking to the
roster's hits.

The worker is django-tasks-db's own `manage.py db_worker`, run as a subprocess against the live server's
database: the test database is a file on SQLite (config/settings.py sets its TEST NAME; WAL lets the
server read while the worker writes) and a real database on PostgreSQL, so the same test runs on both.
"""

import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Result, Roster
from jobs.models import Job
from tests import factories
from tests.browser import login, new_page, shot
from tests.jobs.rosters import roster_csv
from tests.jobs.workers import BACKEND, start_worker, stop_worker

ROWS = 100_000
WAIT_MS = 180_000  # the whole import and audit of 100,000 rows on 2 busy cores, with room


@pytest.fixture
def worker(settings):
    settings.TASKS = {"default": {"BACKEND": BACKEND}}
    process = start_worker(settings.MEDIA_ROOT)
    try:
        yield process
    finally:
        stop_worker(process)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_a_100000_row_roster_is_imported_in_the_background(
    live_server, worker, new_context, output_path, tmp_path
):
    base = live_server.url
    admin = factories.body_admin(username="bodyadmin")
    body = factories.filed_body(admin=admin)
    examiner = factories.certification(role="examiner", grade="senior_examiner")
    today = timezone.localdate()
    path = tmp_path / "roster-100000.csv"
    path.write_bytes(roster_csv(body, examiner.certificate_no, rows=ROWS, exam=today, issue=today))

    page = new_page(new_context)
    login(page, base, "bodyadmin")
    page.goto(f"{base}/certificates/rosters/upload/")
    page.set_input_files("#roster-form input[name=file]", str(path))
    with page.expect_response(lambda r: r.request.method == "POST" and "/rosters/upload/" in r.url) as answer:
        page.click("#roster-form button[type=submit]")
    timing = answer.value.request.timing
    # From the last byte of the upload sent to the answer's first byte: the server's own time.
    assert answer.value.status == 302
    server_ms = timing["responseStart"] - timing["requestStart"]
    assert server_ms < 1000, timing
    page.wait_for_url(f"{base}/jobs/*/")
    job = Job.objects.get()
    first = page.locator("#job-status").get_attribute("data-status")
    assert first in ("queued", "running"), first  # the page came before the job's end
    shot(page, output_path, "01-job-just-started")

    # Progress moves: the phase (or the rows done) the page shows changes while the job runs.
    seen = set()
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        status = page.locator("#job-status").get_attribute("data-status")
        seen.add(
            (status, page.locator("#job-phase").text_content(), page.locator("#job-rows").text_content())
        )
        if len(seen) >= 2 and status == "running":
            break
        page.wait_for_timeout(100)
    assert len(seen) >= 2, seen
    shot(page, output_path, "02-job-in-progress")

    # Elsewhere and back: the job's page is rebuilt from the database, and finds it done.
    page.goto(f"{base}/jobs/")
    expect(page.locator(f'#job-list a[href="/jobs/{job.pk}/"]')).to_have_count(1)
    page.goto(f"{base}/jobs/{job.pk}/")
    expect(page.locator("#job-status")).to_have_attribute("data-status", "done", timeout=WAIT_MS)
    roster = Roster.objects.get()
    expect(page.locator("#job-result-link")).to_have_attribute("href", roster.get_absolute_url())
    shot(page, output_path, "03-job-done")
    page.click("#job-result-link")
    page.wait_for_url(f"{base}{roster.get_absolute_url()}")
    job.refresh_from_db()
    assert (job.status, job.rows_total, roster.rows_read, roster.rows_stored) == ("done", ROWS, ROWS, ROWS)
    assert Result.objects.count() == ROWS

    # The body administrator was told: the worker delivered a "job finished" notification to the inbox,
    # counted beside the inbox link, linking to the job.
    from notifications.models import Kind, Notification

    mine = Notification.objects.filter(recipient=job.owner, kind=Kind.JOB_FINISHED)
    for _ in range(WAIT_MS // 200):  # delivered by the worker after the job's commit
        if mine.exists():
            break
        page.wait_for_timeout(200)
    note = mine.get()
    assert note.link == job.get_absolute_url()
    page.goto(f"{base}/notifications/")
    expect(page.locator(".inbox-link .count")).to_have_count(1)
    expect(page.locator(f'main a[href="/notifications/{note.pk}/"]')).to_have_count(1)
    shot(page, output_path, "04-notified")

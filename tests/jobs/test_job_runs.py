"""Jobs run to done or failed, report progress, survive a worker's death without half-stored data, retry,
and tell the on_finished hooks once per finish."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from certificates.models import Result, Roster
from common.transitions import perform
from jobs import hooks, services
from jobs.models import Job
from tests import factories
from tests.jobs.rosters import roster_csv

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # enqueued, never run


@pytest.fixture
def finished_jobs():
    seen = []
    hooks.on_finished(seen.append)
    yield seen
    hooks._finished.remove(seen.append)


def _body_and_examiner():
    body = factories.filed_body()
    examiner = factories.certification(role="examiner", grade="senior_examiner")
    return body, examiner, body.applications.first().applicant


@pytest.mark.django_db
def test_a_roster_upload_is_a_job_that_stores_audits_and_links_to_the_hits(client, finished_jobs):
    body, examiner, admin = _body_and_examiner()
    client.force_login(admin)
    data = roster_csv(body, examiner.certificate_no, rows=40)
    response = client.post(reverse("certificates:roster_upload"), {"file": _upload(data, "r.csv")})
    job = Job.objects.get()
    roster = Roster.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.owner, job.status, job.rows_done, job.rows_total) == (
        "roster_import",
        admin,
        "done",
        40,
        40,
    )
    assert job.result_url == roster.get_absolute_url() and roster.rows_stored == 40
    assert services.media_path(job.params["input"]).read_bytes() == data  # kept for a retry
    assert job.task_id and job.started_at <= job.finished_at
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (state["status"], state["finished"], state["result_url"]) == (
        "done",
        True,
        roster.get_absolute_url(),
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert roster.get_absolute_url() in page and "40 / 40" in page
    assert finished_jobs == [job]


@pytest.mark.django_db(transaction=True)
def test_a_worker_dying_mid_store_stores_nothing_and_a_retry_succeeds(
    catalogues, monkeypatch, client, finished_jobs
):
    """The store and the audit are one transaction: an exception between two chunks of the insert (the
    worker killed) rolls back the roster and every row already written."""
    from certificates.rosters import store

    body, examiner, admin = _body_and_examiner()
    monkeypatch.setattr(store, "CHUNK", 10)  # 35 rows: four chunks
    written = []

    def dies_after_the_first_chunks(progress, done):
        written.append(done)
        if done >= 20:
            raise RuntimeError("worker killed")

    monkeypatch.setattr(services.Progress, "rows", dies_after_the_first_chunks)
    job = services.start(
        kind="roster_import",
        owner=admin,
        upload=roster_csv(body, examiner.certificate_no, rows=35),
        filename="r.csv",
    )
    assert written == [10, 20]  # it died with rows already inserted
    assert job.status == "failed" and "worker killed" in job.error
    assert not Roster.objects.exists() and not Result.objects.exists()

    monkeypatch.undo()
    client.force_login(admin)
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.url == again.get_absolute_url()
    assert (again.status, again.retry_of, again.params) == ("done", job, job.params)
    assert Result.objects.count() == 35 and Roster.objects.get().get_absolute_url() == again.result_url
    assert finished_jobs == [job, again]


@pytest.mark.django_db
def test_a_job_left_running_without_heartbeat_is_swept_failed_and_can_be_retried(
    settings, client, finished_jobs
):
    body, examiner, admin = _body_and_examiner()
    data = roster_csv(body, examiner.certificate_no, rows=12)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        settings.TASKS = DUMMY
        job = services.start(kind="roster_import", owner=admin, upload=data, filename="r.csv")
        perform(job, "start", by=None, check_permission=False)  # a worker took it, then died
    with time_machine.travel(start + datetime.timedelta(seconds=settings.JOBS_STALE_AFTER - 1), tick=False):
        assert services.fail_stale() == []
    with time_machine.travel(start + datetime.timedelta(seconds=settings.JOBS_STALE_AFTER + 1), tick=False):
        client.force_login(admin)
        state = client.get(reverse("jobs:status", args=[job.pk])).json()  # the page's poll sweeps it
    assert state["status"] == "failed" and "120" in state["error"]
    assert services.fail_stale() == []  # once
    assert finished_jobs == [Job.objects.get(pk=job.pk)]
    assert not Roster.objects.exists()

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.post(reverse("jobs:retry", args=[job.pk]))
    again = Job.objects.get(retry_of=job)
    assert again.status == "done" and Result.objects.count() == 12
    assert len(finished_jobs) == 2


@pytest.mark.django_db
def test_only_the_owner_retries_and_only_a_failed_job(client):
    admin = factories.body_admin()
    job = services.start(kind="roster_import", owner=admin, upload=b"not,a,roster\n", filename="r.csv")
    assert job.status == "failed"
    client.force_login(factories.centre_officer())  # sees every job, retries none of others'
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 403
    client.force_login(admin)
    again = client.post(reverse("jobs:retry", args=[job.pk]))
    retried = Job.objects.get(retry_of=job)
    assert again.url == retried.get_absolute_url()
    client.post(reverse("jobs:retry", args=[Job.objects.get(retry_of=job).pk]))  # failed too: allowed
    done = factories_done_job(admin)
    assert client.post(reverse("jobs:retry", args=[done.pk])).url == done.get_absolute_url()
    assert not Job.objects.filter(retry_of=done).exists()


def factories_done_job(owner) -> Job:
    job = Job.objects.create(kind="roster_import", owner=owner)
    Job.objects.filter(pk=job.pk).update(status="done")
    return Job.objects.get(pk=job.pk)


@pytest.mark.django_db
def test_a_refused_roster_fails_its_job_with_the_problems(client):
    body, examiner, admin = _body_and_examiner()
    data = roster_csv(body, examiner.certificate_no, rows=5).replace(b"6-31-01-03", b"9-99-99-99", 1)
    client.force_login(admin)
    client.post(reverse("certificates:roster_upload"), {"file": _upload(data, "bad.csv")})
    job = Job.objects.get()
    assert job.status == "failed" and "9-99-99-99" in job.error
    download = client.get(job.result_url)
    assert b"9-99-99-99" in b"".join(download.streaming_content)
    assert not Result.objects.exists()


@pytest.mark.django_db
def test_a_hook_that_raises_does_not_undo_the_job(client):
    def broken(job):
        raise RuntimeError("mail server down")

    hooks.on_finished(broken)
    hooks.on_finished(broken)  # registered once
    try:
        assert hooks._finished.count(broken) == 1
        client.force_login(factories.centre_officer())
        client.post(reverse("certificates:export"), {})
        assert Job.objects.get().status == "done"
    finally:
        hooks._finished.remove(broken)


@pytest.mark.django_db
def test_the_registry_export_job_offers_the_three_files_in_a_zip(client):
    factories.filed_body()
    factories.certification(role="examiner")
    client.force_login(factories.centre_officer())
    response = client.post(reverse("certificates:export"), {"mask_ids": "on"})
    job = Job.objects.get()
    assert (
        response.url == job.get_absolute_url() and job.status == "done" and job.params == {"mask_ids": True}
    )
    download = client.get(reverse("jobs:result", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == ["bodies.csv", "examiners.csv", "scope.csv"]
    assert archive.read("bodies.csv").decode().count("\n") == 2  # header and the one filed body
    assert "**" in archive.read("examiners.csv").decode()  # masked
    client.force_login(factories.body_admin())
    assert client.get(reverse("jobs:result", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_the_full_audit_job_runs_the_rules_like_the_command(client):
    body = factories.filed_body()
    factories.result(body=body, id_number="500103199001011234")  # a wrong check digit
    client.force_login(factories.centre_officer())
    client.post(reverse("certificates:run_audit"))
    job = Job.objects.get()
    assert job.status == "done" and job.result_url == reverse("certificates:findings")
    from certificates.models import AuditCase, Hit

    hits = Hit.objects.count()
    assert hits >= 1 and Hit.objects.filter(rule="ID_INVALID").exists()
    cases = AuditCase.objects.count()
    with translation.override(settings.LANGUAGE_CODE):  # a job's summary is written in the site's language
        assert job.summary == gettext("%(hits)s new hits; %(cases)s cases opened.") % {
            "hits": hits,
            "cases": cases,
        }


@pytest.mark.django_db
def test_the_report_bundle_job_renders_every_current_report(client):
    inspection = factories.inspection_in("submitted")
    client.force_login(factories.centre_officer())
    client.post(reverse("audits:report_bundle"), {"kind": "inspection"})
    job = Job.objects.get()
    assert job.status == "done", job.error
    download = client.get(reverse("jobs:result", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    (name,) = archive.namelist()
    assert archive.read(name).startswith(b"%PDF") and job.rows_done == job.rows_total == 1
    assert inspection.reports.count() == 1


@pytest.mark.django_db
def test_a_refused_certification_results_file_fails_its_job_with_a_csv(client):
    client.force_login(factories.centre_officer())
    data = "证件号码,姓名,培训学时,考试成绩,考试日期\n110101199003070000,张三,40,88,2024-03-15\n".encode()
    response = client.post(reverse("examiners:import_results"), {"file": _upload(data, "results.csv")})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.status) == ("certification_results", "failed")
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert download.status_code == 200 and b"110101199003070000" in b"".join(download.streaming_content)


@pytest.mark.django_db
def test_the_list_shows_own_jobs_and_the_centre_all(client):
    mine, theirs = factories.body_admin(), factories.body_admin()
    a = factories_done_job(mine)
    b = factories_done_job(theirs)
    client.force_login(mine)
    page = client.get(reverse("jobs:list")).content.decode()
    assert a.get_absolute_url() in page and b.get_absolute_url() not in page
    assert client.get(b.get_absolute_url()).status_code == 404
    client.force_login(factories.centre_officer())
    page = client.get(reverse("jobs:list")).content.decode()
    assert a.get_absolute_url() in page and b.get_absolute_url() in page


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")

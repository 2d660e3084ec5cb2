"""Starting, running, failing and retrying jobs. The request only stores the input and enqueues; the
worker (`manage.py db_worker`, or the immediate backend in tests) calls `run`, which drives the kind's
runner and records its progress, outcome or error, then tells the hooks."""

import datetime
import logging
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.transitions import StaleObjectError, TransitionNotAllowed, perform
from jobs import hooks, kinds
from jobs.kinds import JobFailed, Outcome
from jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

INPUTS = "jobs/inputs"  # under MEDIA_ROOT: uploads kept for their job (and its retries)
RESULTS = "jobs/results"  # under MEDIA_ROOT: files jobs produced
SAFE_NAME = re.compile(r"[^\w.\-]+")


def media_path(relative: str) -> Path:
    """A path under MEDIA_ROOT from its stored relative form; refuses anything that leaves it."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"{relative!r} is outside MEDIA_ROOT")
    return path


def _relative(path: Path) -> str:
    return str(path.resolve().relative_to(Path(settings.MEDIA_ROOT).resolve()))


def keep_input(data: bytes, filename: str) -> str:
    """Store an uploaded file for a job; returns its path relative to MEDIA_ROOT."""
    name = SAFE_NAME.sub("_", Path(filename).name)[-100:] or "upload"
    path = Path(settings.MEDIA_ROOT) / INPUTS / uuid.uuid4().hex / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return _relative(path)


def input_bytes(job: Job) -> bytes:
    return media_path(job.params["input"]).read_bytes()


def result_path(job: Job, name: str) -> Path:
    """Where a runner writes the file it produces (its folder is made)."""
    path = Path(settings.MEDIA_ROOT) / RESULTS / f"{job.pk}-{SAFE_NAME.sub('_', name)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


class Progress:
    """What a runner reports: its phase, rows done of rows in all. Each report is the job's heartbeat."""

    def __init__(self, job: Job):
        self.job_id = job.pk

    def _write(self, **fields) -> None:
        Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
            heartbeat_at=timezone.now(), **fields
        )

    def phase(self, phase: str, *, total: int | None = None, done: int = 0) -> None:
        self._write(phase=phase, rows_total=total, rows_done=done)

    def rows(self, done: int) -> None:
        self._write(rows_done=done)

    def beat(self) -> None:
        self._write()


def start(
    *,
    kind: str,
    owner,
    params: dict | None = None,
    upload: bytes | None = None,
    filename: str = "",
    retry_of: Job | None = None,
) -> Job:
    """A new queued job of `kind` for `owner`, its input kept, handed to the tasks backend."""
    from jobs.tasks import run_job

    if not kinds.get(kind).may_start(owner):
        raise PermissionDenied(_("You may not do this."))
    params = dict(params or {})
    if upload is not None:
        params["input"] = keep_input(upload, filename)
        params["filename"] = Path(filename).name[:200]
    job = Job.objects.create(kind=kind, owner=owner, params=params, retry_of=retry_of)
    try:
        queued = run_job.enqueue(job.pk)
    except Exception as exc:
        logger.exception("job %s could not be enqueued", job.pk)
        _end(job, "fail", error=_("The job could not be queued: %(error)s") % {"error": exc})
        hooks.finished(job)
    else:
        Job.objects.filter(pk=job.pk).update(task_id=str(queued.id))
    job.refresh_from_db()
    return job


def retry(*, job: Job, by) -> Job:
    """Run a failed job again, as a new job with the same kind and input, for the same owner."""
    if by != job.owner:
        raise PermissionDenied(_("You may not do this."))
    if job.status != JobStatus.FAILED:
        raise ValidationError(_("Only a failed job can be run again."))
    return start(kind=job.kind, owner=job.owner, params=job.params, retry_of=job)


def run(*, job_id: int) -> str:
    """Run a queued job to done or failed; returns its final state. Called by the task, in the worker."""
    fail_stale()  # a worker taking up work also retires the jobs of workers that died
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return job.status if job else "missing"
    with transaction.atomic():
        perform(job, "start", by=None, check_permission=False)
    with translation.override(settings.LANGUAGE_CODE):  # outcomes are records, in the site's language
        try:
            outcome = kinds.get(job.kind).run(job, Progress(job))
        except JobFailed as refused:
            ended = _end(job, "fail", error=refused.message, outcome=refused.outcome)
        except Exception as exc:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            ended = _end(job, "fail", error=_("The job stopped with an error: %(error)s") % {"error": exc})
        else:
            ended = _end(job, "finish", outcome=outcome)
    if ended:
        hooks.finished(job)
    return job.status


def _end(job: Job, transition: str, *, outcome: Outcome | None = None, error: str = "") -> bool:
    """Record the end of a run; False if it had already ended (swept as stale meanwhile)."""
    outcome = outcome or Outcome()
    try:
        with transaction.atomic():
            job.refresh_from_db()  # progress was written around this object
            if outcome.file is not None:
                job.result_file = _relative(outcome.file)
                job.result_name = outcome.file_name or outcome.file.name
            job.summary, job.result_url, job.result_label = (
                outcome.summary,
                outcome.url,
                str(outcome.url_label),
            )
            perform(job, transition, by=None, reason=error, check_permission=False)
    except (TransitionNotAllowed, StaleObjectError):
        logger.warning("job %s had already ended (%s) when its run ended", job.pk, job.status)
        job.refresh_from_db()
        return False
    return True


def fail_stale(*, now: datetime.datetime | None = None) -> list[Job]:
    """Mark failed every running job that has not reported for JOBS_STALE_AFTER seconds: its worker
    died. A job whose row is locked, or (SQLite) while another connection holds the write lock, is being
    worked on and is left alone."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=settings.JOBS_STALE_AFTER)
    message = _(
        "The worker stopped reporting (nothing for more than %(seconds)s seconds): it was presumably "
        "stopped. Nothing of this run was stored; run it again."
    ) % {"seconds": settings.JOBS_STALE_AFTER}
    failed = []
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    for pk in stale.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                job = stale.select_for_update(skip_locked=True).filter(pk=pk).first()
                if job is None:
                    continue
                perform(job, "fail", by=None, reason=message, check_permission=False)
        except (OperationalError, TransitionNotAllowed, StaleObjectError):
            continue
        failed.append(job)
    for job in failed:
        hooks.finished(job)
    return failed

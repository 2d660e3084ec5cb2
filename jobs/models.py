"""A background job: one run of a registered kind (jobs.kinds) for its owner, with progress and outcome.

States: queued → running → done, or → failed (from queued when it cannot start, from running when it
raises or its worker stops reporting; see services.fail_stale). A failed job is retried as a new job of
the same kind and input (`retry_of`), so each run keeps its own history.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.transitions import logged_transition


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(ConcurrentTransitionMixin, models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="jobs"
    )
    status = FSMField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    # The input, as the kind reads it (e.g. the kept upload's path under MEDIA_ROOT and its name).
    params = models.JSONField(default=dict, blank=True)
    phase = models.CharField(_("phase"), max_length=40, blank=True)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last report"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    result_url = models.CharField(_("result link"), max_length=300, blank=True)
    result_label = models.CharField(_("result link's text"), max_length=200, blank=True)
    # A file the job produced (a zip, a CSV of problems), relative to MEDIA_ROOT, downloaded through
    # the job's page by whoever may see the job.
    result_file = models.CharField(_("result file"), max_length=300, blank=True)
    result_name = models.CharField(_("result file's name"), max_length=120, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    retry_of = models.ForeignKey(
        "self",
        verbose_name=_("retry of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retries",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @logged_transition()
    @transition(
        field=status,
        source=JobStatus.QUEUED,
        target=JobStatus.RUNNING,
        custom={"label": _("Start"), "reason_required": False, "dangerous": False},
    )
    def start(self, *, by=None, description=None):
        self.started_at = self.heartbeat_at = timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=JobStatus.RUNNING,
        target=JobStatus.DONE,
        custom={"label": _("Finish"), "reason_required": False, "dangerous": False},
    )
    def finish(self, *, by=None, description=None):
        self.finished_at = timezone.now()
        self.phase = ""

    @logged_transition()
    @transition(
        field=status,
        source=[JobStatus.QUEUED, JobStatus.RUNNING],
        target=JobStatus.FAILED,
        custom={"label": _("Mark as failed"), "reason_required": True, "dangerous": False},
    )
    def fail(self, *, by=None, description=None):
        self.finished_at = timezone.now()
        self.error = description or ""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRun(models.Model):
    """One daily task's run for one due moment (its time of day on one day).

    Unique per (task, due moment): two schedulers, or a tick that comes twice, cannot run the same slot
    twice. A failed run keeps its row and is tried again at the next tick (attempts counts them).
    """

    task = models.CharField(_("task"), max_length=60)
    due_at = models.DateTimeField(_("due"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ok = models.BooleanField(_("succeeded"), null=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-due_at", "task"]
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        constraints = [models.UniqueConstraint(fields=["task", "due_at"], name="one_run_per_task_and_slot")]

    def __str__(self) -> str:
        return f"{self.task} {self.due_at:%Y-%m-%d %H:%M}"

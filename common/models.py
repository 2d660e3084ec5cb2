"""What the transitions' log needs beyond django-fsm-log's StateLog: the day each transition took effect."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog


class TransitionDate(models.Model):
    """The day a logged transition took effect, next to StateLog's moment it was recorded.

    A companion row, one-to-one with the StateLog it dates and sharing its primary key, rather than a
    column on StateLog: that table belongs to django-fsm-log (its migrations, its admin), and a column
    added behind its back would be lost or clash on its next migration. Both rows are written together by
    common.transition_log.DatedBackend, in the transaction of the transition itself. "Status on day D"
    (common.status_on) reads these dates, never StateLog.timestamp.
    """

    log = models.OneToOneField(StateLog, on_delete=models.CASCADE, primary_key=True, related_name="effective")
    effective_on = models.DateField(_("effective on"), db_index=True)

    class Meta:
        verbose_name = _("transition date")
        verbose_name_plural = _("transition dates")

    def __str__(self) -> str:
        return f"{self.log_id} @ {self.effective_on}"

"""Backdating the demo's history on both time axes.

The demo builds through the apps' services, which record every step today. A fact the demo places in
the past (a body filed two years ago, an inspection last month) is moved there afterwards, and both of
its dates move: when it was recorded (StateLog.timestamp) and when it took effect
(TransitionDate.effective_on), since status on a day is read from the latter (common.status_on).
"""

import datetime

from django.utils import timezone
from django_fsm_log.models import StateLog

from common.models import TransitionDate


def backdate_logs(logs, moment: datetime.datetime) -> None:
    """Move these StateLog rows (a queryset) to `moment`: recorded then, in effect from that day."""
    ids = list(logs.values_list("pk", flat=True))
    StateLog.objects.filter(pk__in=ids).update(timestamp=moment)
    day = timezone.localtime(moment).date()
    TransitionDate.objects.filter(log_id__in=ids).update(effective_on=day)


def backdate_log(log_id: int, moment: datetime.datetime) -> None:
    backdate_logs(StateLog.objects.filter(pk=log_id), moment)

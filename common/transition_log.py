"""django-fsm-log's storage, extended: each StateLog row gets its TransitionDate in the same breath.

Set as DJANGO_FSM_LOG_STORAGE_METHOD. `logged_transition` hands the effective date (`on=`) over the
same way django-fsm-log hands over `by` and `description`: an attribute on the instance for the length
of the call. A transition run without `on` (a bare method call) takes effect on the day it is recorded.

A transition never takes effect before the one it follows on the same object: an earlier `on` is moved
up to the previous transition's effective day. So an object's log reads in the same order on both axes,
and its status on any day from the last effective date on equals the status stored on the object.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_fsm_log import backends
from django_fsm_log.helpers import FSMLogDescriptor

EFFECTIVE_ON = "effective_on"


def handed_over(instance) -> datetime.date | None:
    """The `on` the running transition was given, if any."""
    try:
        return FSMLogDescriptor(instance, EFFECTIVE_ON).get()
    except AttributeError:
        return None


def previous_effective_day(instance) -> datetime.date | None:
    """The effective day of the object's latest logged transition (in recording order)."""
    from common.models import TransitionDate

    return (
        TransitionDate.objects.filter(
            log__content_type=ContentType.objects.get_for_model(instance), log__object_id=instance.pk
        )
        .order_by("-log_id")
        .values_list("effective_on", flat=True)
        .first()
    )


class _Recorder:
    """Stands in for StateLog's manager: creates the row and keeps it (django-fsm-log returns nothing)."""

    def __init__(self):
        self.log = None

    def create(self, **values):
        from django_fsm_log.models import StateLog

        self.log = StateLog.objects.create(**values)
        return self.log


class DatedBackend(backends.SimpleBackend):
    """SimpleBackend (a StateLog row as soon as the transition has run) plus its TransitionDate."""

    @staticmethod
    def post_transition_callback(sender, instance, name, source, target, **kwargs):
        from common.models import TransitionDate

        previous = previous_effective_day(instance)
        recorder = _Recorder()
        # django-fsm-log's own row-writing (ignored models, `by`, `description`), into our recorder
        backends._pre_transition_callback(sender, instance, name, source, target, recorder, **kwargs)
        if recorder.log is None:  # an ignored model, or a transition without a target
            return None
        day = handed_over(instance) or timezone.localdate(recorder.log.timestamp)
        if previous is not None and day < previous:
            day = previous
        TransitionDate.objects.create(log=recorder.log, effective_on=day)
        return recorder.log

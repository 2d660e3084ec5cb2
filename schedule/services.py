"""Running the daily tasks: each once per due moment, catching up after missed days, failures kept.

`run_due` is called by the scheduler every few minutes (schedule/tasks.py, through the worker). For
each task it finds the latest moment the task was due (today at its time, or yesterday's if that time
has not come); if that slot has no successful run, it runs the task now. Days the scheduler missed need
no slot of their own: the tasks judge by today's date, so one run does what the missed ones would have.
"""

import datetime
import logging
import traceback

from django.db import IntegrityError, transaction
from django.utils import timezone

from schedule.models import DailyRun
from schedule.registry import DailyTask, tasks

logger = logging.getLogger(__name__)


def due_slot(task: DailyTask, now: datetime.datetime) -> datetime.datetime:
    """The latest moment at or before `now` at which `task` was due."""
    local = timezone.localtime(now)
    slot = timezone.make_aware(datetime.datetime.combine(local.date(), task.at))
    return slot if slot <= local else slot - datetime.timedelta(days=1)


def next_slot(task: DailyTask, now: datetime.datetime) -> datetime.datetime:
    return due_slot(task, now) + datetime.timedelta(days=1)


def run_due(*, now: datetime.datetime | None = None) -> list[DailyRun]:
    """Run every task whose latest due slot has no successful run yet; returns the runs made."""
    now = now or timezone.now()
    made = []
    for task in tasks():
        run = _claim(task, due_slot(task, now), now)
        if run is not None:
            made.append(_execute(task, run))
    return made


def _claim(task: DailyTask, slot: datetime.datetime, now: datetime.datetime) -> DailyRun | None:
    """The slot's run row, made or taken over for this attempt; None if it already succeeded or another
    process holds it (a run started and not finished is left alone)."""
    try:
        with transaction.atomic():
            return DailyRun.objects.create(task=task.name, due_at=slot, started_at=now)
    except IntegrityError:
        pass
    with transaction.atomic():
        run = DailyRun.objects.select_for_update().get(task=task.name, due_at=slot)
        if run.ok is not False:  # succeeded, or still running
            return None
        run.attempts += 1
        run.started_at, run.finished_at, run.ok, run.summary = now, None, None, ""
        run.save()
        return run


def _execute(task: DailyTask, run: DailyRun) -> DailyRun:
    try:
        with transaction.atomic():
            summary = task.run()
    except Exception as exc:  # recorded and retried at the next tick; the other tasks still run
        logger.exception("daily task %s failed", task.name)
        run.ok, run.summary = False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"[:4000]
    else:
        run.ok, run.summary = True, str(summary or "")
    run.finished_at = timezone.now()
    run.save(update_fields=["ok", "summary", "finished_at"])
    return run


def overview(*, now: datetime.datetime | None = None) -> list[dict]:
    """Each task with its last run and its next due moment, for the bureau administrator's page."""
    now = now or timezone.now()
    last = {}
    for run in DailyRun.objects.order_by("task", "-due_at", "-pk"):
        last.setdefault(run.task, run)
    rows = []
    for task in tasks():
        run = last.get(task.name)
        done_for_slot = run is not None and run.ok and run.due_at >= due_slot(task, now)
        rows.append(
            {
                "task": task,
                "last": run,
                "next": next_slot(task, now) if done_for_slot else due_slot(task, now),
                "overdue": not done_for_slot and run is not None and run.due_at < due_slot(task, now),
            }
        )
    return rows

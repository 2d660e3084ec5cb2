"""The daily schedule: each task once per due moment, missed days caught up, failures kept and retried."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_fsm_log.models import StateLog

from common.status_on import status_of
from registry.models import AssessmentBody
from schedule import registry, services
from schedule.models import DailyRun
from schedule.tasks import tick
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# What each app declares in its daily.py; a new daily task must be added here (and so be thought about).
EXPECTED = {
    "expire_bodies",
    "expire_certifications",
    "expire_integrity",
    "flag_overdue_orders",
    "monthly_report",
    "purge_error_reports",
    "remind_deadlines",
    "tally_results",
}


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def ran(task: str) -> list[tuple]:
    return list(DailyRun.objects.filter(task=task).order_by("due_at").values_list("due_at", "ok", "attempts"))


def test_every_app_declares_its_daily_tasks():
    assert set(registry.TASKS) == EXPECTED
    for task in registry.tasks():
        assert task.label and callable(task.run)


def test_the_due_slot_is_today_at_the_tasks_time_once_that_time_has_come():
    task = registry.TASKS["expire_bodies"]  # 01:00
    day = datetime.date(2026, 3, 10)
    assert services.due_slot(task, at(day, 0, 59)) == at(day - DAY, 1)
    assert services.due_slot(task, at(day, 1, 0)) == at(day, 1)
    assert services.next_slot(task, at(day, 1, 0)) == at(day + DAY, 1)


def test_each_task_runs_once_for_its_slot_however_often_the_scheduler_ticks():
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        first = services.run_due()
        assert {run.task for run in first} == EXPECTED
        assert all(run.ok for run in first)
        assert services.run_due() == []
        assert tick.call() == 0  # the scheduler's tick runs through the same function
    assert DailyRun.objects.count() == len(EXPECTED)


def test_the_next_day_brings_one_new_run_of_each():
    start = at(timezone.localdate() + 3 * DAY, 4)
    with time_machine.travel(start, tick=False):
        services.run_due()
    with time_machine.travel(start + DAY, tick=False):
        assert len(services.run_due()) == len(EXPECTED)
    assert len(ran("expire_bodies")) == 2


def test_a_missed_week_is_caught_up_by_one_run_that_does_what_the_missed_days_would_have():
    today = timezone.localdate()
    body = factories.filed_body()
    AssessmentBody.objects.filter(pk=body.pk).update(valid_to=today + 2 * DAY)
    with time_machine.travel(at(today, 4), tick=False):
        services.run_due()
    body.refresh_from_db()
    assert body.status == "active"
    # The scheduler was down for a week; its first tick after that:
    with time_machine.travel(at(today + 9 * DAY, 0, 10), tick=False):
        runs = services.run_due()
    body.refresh_from_db()
    assert body.status == "expired"
    # the expiry takes effect the day after validity ended, not the day the run came
    assert status_of(body, today + 3 * DAY) == "expired"
    assert status_of(body, today + 2 * DAY) == "active"
    assert "1 bodies expired" in next(r.summary for r in runs if r.task == "expire_bodies")
    assert [slot for slot, _ok, _n in ran("expire_bodies")] == [at(today, 1), at(today + 8 * DAY, 1)]


def test_a_failed_run_is_kept_with_its_error_and_tried_again_at_the_next_tick(monkeypatch):
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return "done at last"

    monkeypatch.setitem(
        registry.TASKS, "flaky", registry.DailyTask("flaky", "flaky", datetime.time(0, 0), flaky)
    )
    now = at(timezone.localdate() + 3 * DAY, 4)  # no task is due between 04:00 and 04:10
    with time_machine.travel(now, tick=False):
        runs = {run.task: run for run in services.run_due()}
        assert runs["flaky"].ok is False
        assert "RuntimeError: database went away" in runs["flaky"].summary
        assert all(run.ok for name, run in runs.items() if name != "flaky")  # the others still ran
    with time_machine.travel(now + datetime.timedelta(minutes=10), tick=False):
        (retry,) = services.run_due()
    assert (retry.task, retry.ok, retry.attempts, retry.summary) == ("flaky", True, 2, "done at last")
    assert DailyRun.objects.filter(task="flaky").count() == 1


def test_a_failed_run_leaves_nothing_half_done(monkeypatch):
    body = factories.filed_body()
    logs = StateLog.objects.count()

    def half() -> str:
        AssessmentBody.objects.filter(pk=body.pk).update(name="改了一半")
        raise RuntimeError("stopped half-way")

    monkeypatch.setitem(registry.TASKS, "half", registry.DailyTask("half", "half", datetime.time(0, 0), half))
    services.run_due()
    body.refresh_from_db()
    assert body.name != "改了一半"
    assert StateLog.objects.count() == logs


def test_a_run_still_going_is_not_started_again():
    task = registry.TASKS["expire_bodies"]
    now = timezone.now()
    DailyRun.objects.create(task=task.name, due_at=services.due_slot(task, now), started_at=now)
    with time_machine.travel(now, tick=False):
        assert "expire_bodies" not in {run.task for run in services.run_due()}


def test_the_overview_gives_each_tasks_last_and_next_run():
    now = at(timezone.localdate() + 2 * DAY, 2, 30)
    with time_machine.travel(now, tick=False):
        services.run_due()
        rows = {row["task"].name: row for row in services.overview()}
    assert rows["expire_bodies"]["last"].ok
    assert rows["expire_bodies"]["next"] == at(now.date() + DAY, 1)
    # purge runs at 03:30: its latest due moment was yesterday's, done now; the next is today's
    assert rows["purge_error_reports"]["next"] == at(now.date(), 3, 30)
    assert not any(row["overdue"] for row in rows.values())


def test_the_scheduler_command_is_installed_and_ticks_every_ten_minutes():
    """`make run` and production start `manage.py crontask`; it must exist and carry our tick."""
    from crontask import scheduler
    from django.core.management import get_commands

    assert get_commands()["crontask"] == "crontask"
    (job,) = [job for job in scheduler.get_jobs() if job.name == tick.name]
    assert str(job.trigger.fields[6]) == "*/10"  # the minute field of the cron trigger

"""The daily tasks every app declares: name, label, time of day, and the function that does the work.

An app declares a task in its own `daily.py` (found by ScheduleConfig.ready):

    @daily("expire_bodies", _("Expire lapsed filings"), at="01:00")
    def expire_bodies() -> str:
        return f"{len(expire_lapsed_bodies())} bodies expired"

The function must be idempotent and judge by today's date, not by the day it was meant for: a run after
missed days then does all they would have done (a lapsed filing is expired whatever day it lapsed). It
returns a one-line summary for the schedule page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise


@dataclass(frozen=True)
class DailyTask:
    name: str
    label: str | Promise
    at: datetime.time
    run: Callable[[], str]


TASKS: dict[str, DailyTask] = {}


def daily(name: str, label: str | Promise, *, at: str | None = None):
    """Declare `func` as the daily task `name`, run at `at` (HH:MM, local time; default SCHEDULE_DAILY_AT)."""

    def register(func: Callable[[], str]) -> Callable[[], str]:
        hour, minute = (int(part) for part in (at or settings.SCHEDULE_DAILY_AT).split(":"))
        TASKS[name] = DailyTask(name=name, label=label, at=datetime.time(hour, minute), run=func)
        return func

    return register


def tasks() -> list[DailyTask]:
    """Every declared task, by time of day then name."""
    return sorted(TASKS.values(), key=lambda task: (task.at, task.name))

"""The daily reminders other apps own (deadlines of orders, validity of bodies and certifications).

notifications imports no domain app, so each app registers its reminder function here in its
AppConfig.ready(): `reminder(*, today) -> int` (how many reminders it sent). `remind_deadlines` runs them
all; each must be idempotent (through services.remind_once) and catch up a missed day.
"""

import datetime
from collections.abc import Callable

_reminders: dict[str, Callable[..., int]] = {}


def register(name: str, reminder: Callable[..., int]) -> None:
    _reminders[name] = reminder


def registered() -> dict[str, Callable[..., int]]:
    return dict(_reminders)


def run_all(*, today: datetime.date) -> dict[str, int]:
    """Run every registered reminder for `today`: {name: reminders sent}."""
    return {name: reminder(today=today) for name, reminder in sorted(_reminders.items())}


def nearest_threshold(days_left: int, thresholds: list[int]) -> int:
    """The smallest threshold (days before an end) still at or above `days_left`: only the most urgent
    reminder due is sent, so a run that missed the 90-day mark inside the last 30 days sends the 30-day
    one alone."""
    return min(t for t in thresholds if t >= days_left)

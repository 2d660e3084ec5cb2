"""What the plans tests share: a fixed today, days at a local hour, bodies filed and acted on at given
dates, results in rosters received on given days. Built through the factories and the apps' services."""

import datetime
import zoneinfo

import time_machine

from certificates.models import EvaluationType
from registry import services as registry_services
from tests import factories

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 6, 15)
YUZHONG = "500103"
JIULONGPO = "500107"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def filed_on(day: datetime.date, **kw):
    """A body whose first filing was published on `day` (in force from then)."""
    with time_machine.travel(at(day), tick=False):
        return factories.filed_body(**kw)


def act_on(body, action: str, *, on: datetime.date, recorded: datetime.date | None = None, **kw):
    """A centre officer's sanction on `body`, recorded on `recorded` (default: the day it takes effect)."""
    with time_machine.travel(at(recorded or on), tick=False):
        return registry_services.act_on_body(
            body=body, user=factories.centre_officer(), action=action, reason="督导发现问题", on=on, **kw
        )


def roster_received(day: datetime.date, body=None):
    with time_machine.travel(at(day, 15), tick=False):
        return factories.roster(body=body)


def results(
    body,
    *,
    exam: datetime.date,
    received: datetime.date,
    passed: int = 0,
    failed: int = 0,
    level: int = 4,
    kind: str = EvaluationType.LEVEL,
    occupation=None,
    roster=None,
    **extra,
):
    """`passed` + `failed` results of one exam at `body`, in a roster received on `received` (`extra`: the
    result factory's overrides)."""
    roster = roster or roster_received(received, body)
    if occupation is not None:
        extra["occupation"] = occupation
    made = []
    for n in range(passed + failed):
        made.append(
            factories.result(
                body=body,
                in_roster=roster,
                exam_date=exam,
                level=level,
                passed=n < passed,
                evaluation_type=kind,
                **extra,
            )
        )
    return made

"""The quarter the credential-audit demo reports on: bodies as it plans their exams (Reporter), their
sessions and groups, the roster files sent (Upload); and the builder every part of that demo adds its
steps to, so that all draw on one random sequence, with its dates and backdating."""

import datetime
import random
from bisect import bisect_right
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone
from django_fsm_log.models import StateLog

from demo.history import backdate_log
from examiners.models import Certification
from registry.models import AssessmentBody, BodyStatus, Occupation, ScopeLine


@dataclass
class Group:
    """One occupation × level of a session: its candidates, the share passing, its three examiners."""

    occupation: Occupation
    level: int
    size: int
    share: float
    evaluation_type: str = "level"  # certificates.models.EvaluationType
    examiners: list[Certification] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


@dataclass
class Session:
    body: AssessmentBody
    day: datetime.date
    groups: list[Group]
    issued: datetime.date | None = None  # certificates' issue date


@dataclass
class Upload:
    """One roster file: who sends it, which sessions, when, and how the body writes it."""

    user: User
    sessions: list[Session]
    day: datetime.date
    name: str = ""
    xlsx: bool = False
    style: int = 0  # how levels are written (see level_text)
    separator: str = ";"


@dataclass
class Reporter:
    """A filed body as the demo plans its exams: its administrator, scope lines and status history."""

    body: AssessmentBody
    admin: User
    lines: list[ScopeLine]
    days: list[datetime.date]  # local days of its status changes, oldest first
    states: list[str]  # the status reached on each of those days
    before: str  # the status before the first change

    def status_on(self, day: datetime.date) -> str:
        """As the BODY_NOT_ACTIVE rule rebuilds it: the state after the last change on or before `day`."""
        position = bisect_right(self.days, day)
        return self.states[position - 1] if position else self.before

    def lines_on(self, day: datetime.date) -> list[ScopeLine]:
        return [
            line
            for line in self.lines
            if line.effective_from <= day and (line.effective_to is None or day <= line.effective_to)
        ]

    def exam_days(self, first: datetime.date, last: datetime.date, *, line=None, active=True) -> list:
        """Days in [first, last] on which the body was (or was not) active with a line (this one) in force."""
        found = []
        day = first
        while day <= last:
            lines = self.lines_on(day)
            in_force = any(same_line(x, line) for x in lines) if line else bool(lines)
            if in_force and (self.status_on(day) == BodyStatus.ACTIVE) == active:
                found.append(day)
            day += datetime.timedelta(days=1)
        return found


def same_line(line: ScopeLine, other) -> bool:
    return (line.occupation_id, line.level) == (other.occupation_id, other.level)


class Quarter:
    """The credential-audit demo's builder, shared by its parts (examiner pool, exam plan, rosters,
    audit hits, cases)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        # The groups' evaluation types draw from a sequence of their own: the rest of the demo draws
        # what it drew before they were added.
        self.types = random.Random(seed + 1)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.first = self.today - datetime.timedelta(days=110)  # the period the rosters cover
        self.last = self.today - datetime.timedelta(days=8)
        self.centre1 = User.objects.get(username="centre1")
        self.centre2 = User.objects.get(username="centre2")
        self.ids: set[str] = set()
        self.serials: dict[tuple[int, int], int] = {}
        self.load: dict[tuple[int, datetime.date], int] = {}  # examiner × day → candidates
        self.uploads: list[Upload] = []
        self.roles: dict[str, Reporter] = {}
        self.role_uploads: dict[str, list[Upload]] = {}

    # --- dates -----------------------------------------------------------------------------------------
    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def at(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """A moment on a day, never later than now."""
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def stamp(self, obj, moment: datetime.datetime, **fields) -> None:
        """Backdate the newest state-log line of `obj` and the given fields."""
        line = StateLog.objects.for_(obj).order_by("-pk").first()
        if line is not None:
            backdate_log(line.pk, moment)
        if fields:
            type(obj).objects.filter(pk=obj.pk).update(**fields)

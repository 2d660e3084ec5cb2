"""What every part of the supervision demo shares: one random sequence, today, the centre's officers,
and the dating of what each step recorded.

Everything is done through the services, so that each record carries its real history (state logs,
reports, integrity entries, body sanctions). The services refuse past dates and stamp "now"; to give
the history realistic dates, each step is backdated right after it runs with queryset .update() of its
own dates and timestamps and of its newest state-log line (`SupervisionDemo.stamp`), and a report issued
by a step is re-frozen from the backdated record. Integrity entries keep their real recording time: it
is part of their hash chain.
"""

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone
from django_fsm_log.models import StateLog

from audits.models import Evaluation, Inspection, Report
from audits.reports.content import evaluation_content, inspection_content
from audits.reports.issue import content_hash
from demo.history import backdate_log
from examiners.models import Certification
from registry.models import AssessmentBody


class SupervisionDemo:
    """The supervision demo's builder, shared by its parts (supervisors, inspections, rectification,
    evaluations): each adds its steps to one object, so that they draw on one random sequence."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.year = self.today.year
        self.users = {u.username: u for u in User.objects.filter(username__startswith="centre")}
        self.centre1, self.centre2 = self.users["centre1"], self.users["centre2"]
        self.counts = {"photos": 0}

    # --- dates and backdating --------------------------------------------------------------------------
    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def at(self, offset: int | datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """A moment on a day (days from today, or a date), never later than now."""
        day = offset if isinstance(offset, datetime.date) else self.day(offset)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(moment, self.now)

    def stamp(self, obj, moment: datetime.datetime | None = None, **fields) -> None:
        """Backdate what a step just recorded: its fields (in the database and on `obj`, so that a later
        save does not undo it) and, given `moment`, the newest state-log line and status_since."""
        if moment is not None:
            if hasattr(obj, "status_since"):
                fields.setdefault("status_since", moment)
            line = StateLog.objects.for_(obj).order_by("-pk").first()
            if line is not None:
                backdate_log(line.pk, moment)
        if fields:
            type(obj).objects.filter(pk=obj.pk).update(**fields)
            for name, value in fields.items():
                setattr(obj, name, value)

    def refreeze(self, source: Inspection | Evaluation, moment: datetime.datetime) -> None:
        """Re-freeze the report a step just issued from the backdated record (content, hash, date)."""
        report = source.reports.order_by("-revision").first()
        source = type(source).objects.get(pk=source.pk)
        content = inspection_content(source) if isinstance(source, Inspection) else evaluation_content(source)
        Report.objects.filter(pk=report.pk).update(
            content=content,
            content_sha256=content_hash(content),
            issued_on=timezone.localtime(moment).date(),
            issued_at=moment,
        )

    # --- people ----------------------------------------------------------------------------------------
    def admin(self, body: AssessmentBody) -> User:
        return body.applications.order_by("pk").first().applicant

    def account(self, certification: Certification) -> User:
        return User.objects.get(person__pk=certification.person_id)

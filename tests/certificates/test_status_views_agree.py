"""Property: for any history of a body and of a certification — allowed transitions entered over weeks,
many backdated to a day before they were recorded, as real data entry makes them — the audit's view (the
bulk frames the rules read) and the register's view (the single-object selectors of pages, /verify/ and
the draw) give the same status, and the same "certified", on every day."""

import datetime
import itertools
import zoneinfo

import pandas as pd
import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certificates.rules.data import Frames
from common.status_on import status_of, status_on
from examiners.models import Certification
from examiners.selectors import certification_statuses_on, certified_frame, certified_on
from registry.models import AssessmentBody
from registry.selectors import body_status_on, body_statuses_on
from registry.services import LineRequest
from tests import factories

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = datetime.date(2025, 1, 6)
DAY = datetime.timedelta(days=1)
_numbers = itertools.count(1)

# (which allowed transition, days since the previous entry was recorded, days it is backdated by)
steps = st.lists(
    st.tuples(st.integers(0, 10), st.integers(0, 12), st.integers(0, 25)), min_size=0, max_size=8
)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)


def extra(obj, name: str, on: datetime.date) -> dict:
    """What a transition needs besides by, reason and on."""
    if name == "record_exam":
        return {"training_hours": 40, "exam_score": 80, "exam_date": on}
    if name == "certify":
        return {"certificate_no": f"KP50P{next(_numbers):08d}"}
    return {}


def enter(obj, history: list[tuple[int, int, int]], recorded: datetime.date) -> datetime.date:
    """Enter the steps one by one, each on its recording day; returns the last recording day."""
    for choice, gap, back in history:
        allowed = sorted(t.name for t in obj.get_available_status_transitions())
        if not allowed:
            break
        name = allowed[choice % len(allowed)]
        recorded += gap * DAY
        on = max(recorded - back * DAY, START - 10 * DAY)
        with time_machine.travel(at(recorded), tick=False):
            getattr(obj, name)(by=None, description="测试", on=on, **extra(obj, name, on))
            obj.save()
    return recorded


def days(last: datetime.date) -> list[datetime.date]:
    first = START - 15 * DAY
    return [first + n * DAY for n in range((last - first).days + 5)]


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body_steps=steps, certification_steps=steps)
def test_the_audit_and_the_register_agree_on_every_day(body_steps, certification_steps):
    with time_machine.travel(at(START), tick=False):
        body = factories.filed_body(lines=[LineRequest("6-31-01-03", 4)])
        certification = factories.certification(status="applied")
    last = max(enter(body, body_steps, START), enter(certification, certification_steps, START))

    with time_machine.travel(at(last), tick=False):
        body = AssessmentBody.objects.get(pk=body.pk)
        certification = Certification.objects.get(pk=certification.pk)
        range_ = days(last)
        queries = pd.DataFrame({"day": pd.to_datetime(range_).astype("datetime64[s]")})
        frames = Frames()  # what a rule run reads

        as_audited = body_statuses_on(
            queries.assign(object_id=body.pk), history=frames.body_history, current=frames.bodies["status"]
        )
        assert as_audited.tolist() == [body_status_on(body, d) for d in range_]
        assert as_audited.iloc[-1] == body.status  # today's status is the stored one

        asked = queries.assign(object_id=certification.pk)
        current = pd.Series({certification.pk: certification.status})
        statuses = status_on(frames.certification_history, current, asked).tolist()
        assert statuses == [status_of(certification, d) for d in range_]
        assert statuses == [
            certification_statuses_on(d, [certification.pk])[certification.pk] for d in range_
        ]
        if certification.certificate_no:
            verdict = certified_frame(frames.certifications, frames.certification_history, asked)
            assert verdict["certified"].tolist() == [certified_on(certification, d) for d in range_]

"""common.status_on.status_on_expression, the status on a day inside a query, agrees with the
single-object path on every day around each transition: before the first one, backdated ones,
same-day ones in recording order, logs without their effective date, objects without history."""

import datetime
import zoneinfo

import pytest
import time_machine
from django_fsm_log.models import StateLog

from common.status_on import status_of, status_on_expression
from common.transitions import perform
from examiners.models import Certification
from registry.models import AssessmentBody
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 3, 20)
DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(TODAY), tick=False)


def in_query(model, day: datetime.date) -> dict[int, str]:
    return dict(
        model.objects.annotate(that_day=status_on_expression(model, day)).values_list("pk", "that_day")
    )


def agrees(objects: list, days: list[datetime.date]) -> list[tuple]:
    """(pk, day, by the query, by status_of) wherever the two paths differ."""
    model = type(objects[0])
    found = []
    for day in days:
        queried = in_query(model, day)
        for obj in objects:
            obj.refresh_from_db()
            if queried[obj.pk] != status_of(obj, day):
                found.append((obj.pk, day, queried[obj.pk], status_of(obj, day)))
    return found


def test_bodies_on_every_day_around_their_transitions():
    centre = factories.centre_officer()
    with time_machine.travel(at(TODAY - 60 * DAY, 9), tick=False):
        quiet, suspended, busy = (factories.filed_body() for _ in range(3))
    perform(suspended, "suspend", by=centre, reason="决定", on=TODAY - 30 * DAY)
    day = TODAY - 7 * DAY
    perform(busy, "suspend", by=centre, reason="决定", on=day)
    perform(busy, "reinstate", by=centre, on=day)
    perform(busy, "order_rectification", by=centre, reason="整改", on=day)
    perform(busy, "revoke", by=centre, reason="撤销", barred_until=TODAY + 900 * DAY)
    pending = factories.draft_application().body

    days = [TODAY - n * DAY for n in (61, 60, 31, 30, 8, 7, 1, 0)]
    assert agrees([quiet, suspended, busy, pending], days) == []
    assert in_query(AssessmentBody, TODAY - 61 * DAY)[quiet.pk] == "pending"
    assert in_query(AssessmentBody, TODAY - 7 * DAY)[busy.pk] == "rectifying"
    assert in_query(AssessmentBody, TODAY)[busy.pk] == "revoked"


def test_a_log_without_its_date_and_an_object_without_history():
    plain = factories.certification(status="suspended")
    cert = factories.certification(status="certified")
    StateLog.objects.create(
        content_object=cert,
        source_state="examined",
        state="certified",
        transition="certify",
        timestamp=at(TODAY - 3 * DAY, 1),  # the day before in UTC: the local day counts
    )
    assert agrees([plain, cert], [TODAY - 4 * DAY, TODAY - 3 * DAY]) == []
    assert in_query(Certification, TODAY - 4 * DAY) == {plain.pk: "suspended", cert.pk: "examined"}

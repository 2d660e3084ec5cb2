"""Status on day D from effective dates (common.status_on) and the effective date a transition carries
(`on=`, stored in common.TransitionDate): backdated entries, same-day transitions, no history."""

import datetime
import zoneinfo

import pandas as pd
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_fsm_log.models import StateLog

from common.models import TransitionDate
from common.status_on import history, status_of, status_on
from common.transitions import perform, timeline
from examiners.models import Certification
from examiners.selectors import certified_on
from registry.models import AssessmentBody
from registry.selectors import active_on, body_status_on, in_scope_on
from registry.services import LineRequest
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


@pytest.fixture
def centre():
    return factories.centre_officer()


def filed_on(day: datetime.date) -> AssessmentBody:
    with time_machine.travel(at(day, 9), tick=False):
        return factories.filed_body(lines=[LineRequest("6-31-01-03", 4)])


def effective_days(obj) -> list[tuple[str, datetime.date]]:
    return [(log.transition, log.effective.effective_on) for log in timeline(obj)]


def both_paths(obj, day: datetime.date) -> str:
    """The status by the single-object path, checked against the bulk path."""
    single = status_of(obj, day)
    queries = pd.DataFrame({"object_id": [obj.pk], "day": [pd.Timestamp(day)]})
    bulk = status_on(history(type(obj)), pd.Series({obj.pk: obj.status}), queries).iloc[0]
    assert single == bulk
    return single


# --- storing the effective date --------------------------------------------------------------------


def test_a_transition_takes_effect_today_unless_told(centre):
    body = filed_on(TODAY)
    perform(body, "suspend", by=centre, reason="现场检查发现问题")
    assert effective_days(body)[-1] == ("suspend", TODAY)


def test_on_dates_the_log_not_the_recording(centre):
    body = filed_on(TODAY - 100 * DAY)
    perform(body, "suspend", by=centre, reason="决定", on=TODAY - 10 * DAY)
    log = StateLog.objects.for_(body).latest("pk")
    assert log.timestamp == at(TODAY)  # recorded now
    assert log.effective.effective_on == TODAY - 10 * DAY  # in force since the decision


def test_a_day_still_to_come_is_refused_and_nothing_is_logged(centre):
    body = filed_on(TODAY)
    logs = StateLog.objects.count()
    with pytest.raises(ValidationError):
        perform(body, "suspend", by=centre, reason="决定", on=TODAY + DAY)
    assert StateLog.objects.count() == logs
    body.refresh_from_db()
    assert body.status == "active"


def test_a_transition_never_takes_effect_before_the_one_it_follows(centre):
    body = filed_on(TODAY - 20 * DAY)
    perform(body, "suspend", by=centre, reason="决定", on=TODAY - 5 * DAY)
    perform(body, "reinstate", by=centre, on=TODAY - 9 * DAY)  # typed earlier than the suspension
    assert effective_days(body)[-2:] == [("suspend", TODAY - 5 * DAY), ("reinstate", TODAY - 5 * DAY)]
    assert body_status_on(body, TODAY - 5 * DAY) == "active"  # same day: the later record wins
    assert body_status_on(body, TODAY) == body.status == "active"


def test_a_method_taking_on_gets_the_same_day_as_its_log(centre):
    cert = factories.certification(status="examined")
    Certification.objects.filter(pk=cert.pk).update(exam_score=80, valid_from=None, valid_to=None)
    cert.refresh_from_db()
    perform(cert, "certify", by=centre, certificate_no="KP50202600001", on=TODAY - 30 * DAY)
    assert cert.valid_from == TODAY - 30 * DAY
    assert effective_days(cert) == [("certify", TODAY - 30 * DAY)]


# --- reading status on a day -----------------------------------------------------------------------


def test_no_history_is_the_stored_status():
    cert = factories.certification(status="suspended")
    assert both_paths(cert, TODAY - 400 * DAY) == both_paths(cert, TODAY) == "suspended"


def test_before_the_first_transition_the_state_it_left(centre):
    body = filed_on(TODAY - 10 * DAY)
    assert both_paths(body, TODAY - 11 * DAY) == "pending"
    assert both_paths(body, TODAY - 10 * DAY) == "active"
    assert not active_on(body, TODAY - 11 * DAY) and active_on(body, TODAY - 10 * DAY)


def test_a_backdated_suspension_recorded_later(centre):
    body = filed_on(TODAY - 60 * DAY)
    perform(body, "suspend", by=centre, reason="决定", on=TODAY - 30 * DAY)
    assert both_paths(body, TODAY - 31 * DAY) == "active"
    assert both_paths(body, TODAY - 30 * DAY) == "suspended"
    assert both_paths(body, TODAY) == "suspended"


def test_same_day_transitions_in_recording_order(centre):
    body = filed_on(TODAY - 60 * DAY)
    day = TODAY - 7 * DAY
    perform(body, "suspend", by=centre, reason="决定", on=day)
    perform(body, "reinstate", by=centre, on=day)
    perform(body, "order_rectification", by=centre, reason="整改", on=day)
    assert both_paths(body, day - DAY) == "active"
    assert both_paths(body, day) == "rectifying"


def test_a_log_without_its_date_took_effect_the_day_it_was_recorded():
    cert = factories.certification(status="certified")
    log = StateLog.objects.create(
        content_object=cert,
        source_state="examined",
        state="certified",
        transition="certify",
        timestamp=at(TODAY - 3 * DAY, 23),
    )
    assert not TransitionDate.objects.filter(log=log).exists()
    assert both_paths(cert, TODAY - 4 * DAY) == "examined"
    assert both_paths(cert, TODAY - 3 * DAY) == "certified"


def test_certified_on_needs_the_status_and_the_validity(centre):
    cert = factories.certification(valid_from=TODAY - 100 * DAY, valid_to=TODAY + 100 * DAY)
    perform(cert, "suspend", by=centre, reason="决定", on=TODAY - 50 * DAY)
    assert not certified_on(cert, TODAY - 101 * DAY)  # certified, not yet valid
    assert certified_on(cert, TODAY - 51 * DAY)
    assert not certified_on(cert, TODAY - 50 * DAY)  # valid, suspended


def test_in_scope_on_reads_the_lines_dates():
    body = filed_on(TODAY - 10 * DAY)
    occupation = body.scope_lines.get().occupation_id
    assert in_scope_on(body, occupation, 4, TODAY - 10 * DAY)
    assert not in_scope_on(body, occupation, 4, TODAY - 11 * DAY)
    assert not in_scope_on(body, occupation, 3, TODAY)


def test_expiry_takes_effect_the_day_after_validity_ended_however_late_the_job_runs():
    from examiners.services import expire_lapsed
    from registry.services import expire_lapsed_bodies

    body = filed_on(TODAY - 60 * DAY)
    AssessmentBody.objects.filter(pk=body.pk).update(valid_to=TODAY - 20 * DAY)
    cert = factories.certification(valid_from=TODAY - 900 * DAY, valid_to=TODAY - 15 * DAY)
    expire_lapsed_bodies()
    expire_lapsed()
    body.refresh_from_db()
    cert.refresh_from_db()
    assert effective_days(body)[-1] == ("expire", TODAY - 19 * DAY)
    assert body_status_on(body, TODAY - 20 * DAY) == "active"
    assert body_status_on(body, TODAY - 19 * DAY) == "expired"
    assert effective_days(cert) == [("expire", TODAY - 14 * DAY)]
    assert certified_on(cert, TODAY - 15 * DAY) and not certified_on(cert, TODAY - 14 * DAY)


def test_publishing_a_filing_is_effective_on_the_filing_date():
    body = filed_on(TODAY - 3 * DAY)
    assert effective_days(body) == [("activate", body.valid_from)]
    assert body.valid_from == TODAY - 3 * DAY


def test_the_history_shows_when_an_entry_took_effect_if_not_the_day_it_was_recorded(client, centre):
    body = filed_on(TODAY - 60 * DAY)
    perform(body, "suspend", by=centre, reason="决定", on=TODAY - 30 * DAY)
    client.force_login(centre)
    page = client.get(body.get_absolute_url()).content.decode()
    assert page.count("起生效") == 1  # the filing took effect the day it was published
    assert f"（自 {TODAY - 30 * DAY} 起生效）" in page


def test_officers_services_take_the_decisions_date(centre):
    from examiners.services import act_on_certification
    from registry.services import act_on_body

    body = filed_on(TODAY - 60 * DAY)
    act_on_body(body=body, user=centre, action="suspend", reason="决定", on=TODAY - 20 * DAY)
    cert = factories.certification(valid_from=TODAY - 100 * DAY)
    act_on_certification(certification=cert, user=centre, action="suspend", reason="决定", on=TODAY - 8 * DAY)
    assert not active_on(body, TODAY - 20 * DAY) and active_on(body, TODAY - 21 * DAY)
    assert not certified_on(cert, TODAY - 8 * DAY) and certified_on(cert, TODAY - 9 * DAY)

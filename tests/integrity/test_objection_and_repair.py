"""Objection (申诉) and credit repair (信用修复), domain.md §3.4: their deadlines, who decides, what a
decision does to the entry, and that each step is a link of the subject's tamper-evident chain."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_fsm_log.models import StateLog

from integrity import services
from integrity.chain import verify
from integrity.models import Chain, Entry, Objection, Repair
from tests import factories

CHONGQING = ZoneInfo("Asia/Shanghai")
RECORDED = datetime.date(2024, 3, 1)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHONGQING)


def on(day: datetime.date, hour: int = 10, minute: int = 0):
    return time_machine.travel(at(day, hour, minute), tick=False)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def record(kind: str = "serious", day: datetime.date = RECORDED, *, hour: int = 10, minute: int = 0) -> Entry:
    with on(day, hour, minute):
        return services.record_and_apply(
            subject_type="examiner",
            subject_id=7,
            subject_name="李四",
            kind=kind,
            basis="complaint",
            description="考场违纪",
            occurred_on=day,
        )


@pytest.fixture
def subject_admin(db):
    return factories.body_admin()


@pytest.fixture
def centre(db):
    return factories.centre_officer()


def links_of(entry: Entry) -> list[str]:
    chain = Chain.objects.get(subject_type=entry.subject_type, subject_id=entry.subject_id)
    return list(chain.links.order_by("seq").values_list("kind", flat=True))


def object_file(entry, user, day=RECORDED, grounds="记录有误"):
    with on(day):
        return services.file_objection(entry=entry, user=user, grounds=grounds)


def repair_apply(entry, user, day, pledge="本人承诺今后诚信履职"):
    with on(day):
        return services.apply_for_repair(entry=entry, user=user, pledge=pledge)


# --- objection: filing ------------------------------------------------------------------------


@pytest.mark.django_db
def test_objection_accepted_on_the_15th_day_after_recording(subject_admin):
    entry = record(hour=0, minute=30)  # just after midnight in Chongqing: still 29 February in UTC
    with on(RECORDED + days(15), hour=23, minute=59):
        objection = services.file_objection(entry=entry, user=subject_admin, grounds="记录有误")
    assert (objection.status, objection.entry, objection.filed_by) == ("filed", entry, subject_admin)


@pytest.mark.django_db
def test_objection_refused_on_the_16th_day_after_recording(subject_admin):
    entry = record(hour=23, minute=30)
    with on(RECORDED + days(16), hour=0, minute=1), pytest.raises(ValidationError):
        services.file_objection(entry=entry, user=subject_admin, grounds="记录有误")
    assert not Objection.objects.exists()
    assert links_of(entry) == ["entry"]


@pytest.mark.django_db
def test_objection_period_follows_the_setting(subject_admin, settings):
    settings.INTEGRITY_OBJECTION_DAYS = 5
    entry = record()
    with on(RECORDED + days(6)), pytest.raises(ValidationError):
        services.file_objection(entry=entry, user=subject_admin, grounds="记录有误")


@pytest.mark.django_db
def test_objection_with_empty_grounds_is_refused(subject_admin):
    entry = record()
    with pytest.raises(ValidationError) as refused:
        object_file(entry, subject_admin, grounds="  \n ")
    assert "grounds" in refused.value.message_dict
    assert not Objection.objects.exists()


@pytest.mark.django_db
def test_a_second_pending_objection_is_refused(subject_admin):
    entry = record()
    object_file(entry, subject_admin)
    with pytest.raises(ValidationError):
        object_file(entry, subject_admin, day=RECORDED + days(1), grounds="再次申诉")
    assert entry.objections.count() == 1
    assert links_of(entry) == ["entry", "objection"]


# --- objection: decisions -----------------------------------------------------------------------


@pytest.mark.django_db
def test_overturning_lifts_the_entry(subject_admin, centre):
    entry = record()
    objection = object_file(entry, subject_admin)
    with on(RECORDED + days(3)):
        services.decide_objection(objection=objection, user=centre, outcome="overturn", reason="证据不足")
        assert services.score("examiner", 7) == 100
        assert not services.is_blacklisted("examiner", 7)
    entry.refresh_from_db()
    objection.refresh_from_db()
    assert (entry.lifted_on, entry.lifted_by) == (RECORDED + days(3), "objection")
    assert (objection.status, objection.decided_by) == ("overturned", centre)


@pytest.mark.django_db
def test_upholding_keeps_the_entry(subject_admin, centre):
    entry = record()
    objection = object_file(entry, subject_admin)
    with on(RECORDED + days(3)):
        services.decide_objection(objection=objection, user=centre, outcome="uphold", reason="事实清楚")
        assert services.score("examiner", 7) == 50
        assert services.is_blacklisted("examiner", 7)
    entry.refresh_from_db()
    objection.refresh_from_db()
    assert (entry.lifted_on, entry.lifted_by) == (None, "")
    assert (objection.status, objection.decided_by) == ("upheld", centre)


@pytest.mark.django_db
def test_a_new_objection_may_be_filed_once_the_first_is_decided(subject_admin, centre):
    entry = record()
    first = object_file(entry, subject_admin)
    with on(RECORDED + days(2)):
        services.decide_objection(objection=first, user=centre, outcome="uphold", reason="事实清楚")
    second = object_file(entry, subject_admin, day=RECORDED + days(3), grounds="补充证据")
    assert second.status == "filed"


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["uphold", "overturn"])
def test_an_objection_decision_needs_a_reason(subject_admin, centre, outcome):
    entry = record()
    objection = object_file(entry, subject_admin)
    with on(RECORDED + days(3)), pytest.raises(ValidationError):
        services.decide_objection(objection=objection, user=centre, outcome=outcome, reason="  ")
    objection.refresh_from_db()
    entry.refresh_from_db()
    assert objection.status == "filed" and objection.decided_by is None
    assert entry.lifted_on is None
    assert links_of(entry) == ["entry", "objection"]
    assert not StateLog.objects.for_(objection).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["uphold", "overturn"])
def test_only_centre_officers_decide_objections(subject_admin, outcome):
    entry = record()
    objection = object_file(entry, subject_admin)
    with on(RECORDED + days(3)), pytest.raises(PermissionDenied):
        services.decide_objection(objection=objection, user=subject_admin, outcome=outcome, reason="自行撤销")
    objection.refresh_from_db()
    entry.refresh_from_db()
    assert objection.status == "filed" and entry.lifted_on is None
    assert links_of(entry) == ["entry", "objection"]


# --- repair: applying -------------------------------------------------------------------------


@pytest.mark.django_db
def test_repair_refused_before_repairable_from(subject_admin):
    entry = record("general")  # repairable from 2024-06-01
    with pytest.raises(ValidationError):
        repair_apply(entry, subject_admin, entry.repairable_from - days(1))
    assert not Repair.objects.exists()
    assert links_of(entry) == ["entry"]


@pytest.mark.django_db
def test_repair_accepted_from_repairable_from(subject_admin):
    entry = record("general")
    repair = repair_apply(entry, subject_admin, entry.repairable_from)
    assert (repair.status, repair.entry, repair.applied_by) == ("applied", entry, subject_admin)


@pytest.mark.django_db
def test_repair_without_a_pledge_is_refused(subject_admin):
    entry = record("minor")
    with pytest.raises(ValidationError) as refused:
        repair_apply(entry, subject_admin, RECORDED, pledge=" ")
    assert "pledge" in refused.value.message_dict


@pytest.mark.django_db
def test_a_commendation_cannot_be_repaired(subject_admin):
    entry = record("commendation")
    with pytest.raises(ValidationError):
        repair_apply(entry, subject_admin, RECORDED + days(1))
    assert not Repair.objects.exists()


@pytest.mark.django_db
def test_an_expired_entry_cannot_be_repaired(subject_admin):
    entry = record("minor")  # until 2024-06-01
    with pytest.raises(ValidationError):
        repair_apply(entry, subject_admin, entry.published_until + days(1))
    assert not Repair.objects.exists()


@pytest.mark.django_db
def test_an_entry_lifted_by_objection_cannot_be_repaired(subject_admin, centre):
    entry = record("minor")
    objection = object_file(entry, subject_admin)
    with on(RECORDED + days(1)):
        services.decide_objection(objection=objection, user=centre, outcome="overturn", reason="证据不足")
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        repair_apply(entry, subject_admin, RECORDED + days(2))
    assert not Repair.objects.exists()


@pytest.mark.django_db
def test_an_entry_already_repaired_cannot_be_repaired_again(subject_admin, centre):
    entry = record("minor")
    repair = repair_apply(entry, subject_admin, RECORDED + days(1))
    with on(RECORDED + days(2)):
        services.decide_repair(repair=repair, user=centre, outcome="grant")
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        repair_apply(entry, subject_admin, RECORDED + days(3))
    assert entry.repairs.count() == 1


@pytest.mark.django_db
def test_a_second_pending_repair_is_refused(subject_admin):
    entry = record("minor")
    repair_apply(entry, subject_admin, RECORDED + days(1))
    with pytest.raises(ValidationError):
        repair_apply(entry, subject_admin, RECORDED + days(2))
    assert entry.repairs.count() == 1


# --- repair: decisions ------------------------------------------------------------------------


@pytest.mark.django_db
def test_granting_a_repair_lifts_the_entry(subject_admin, centre):
    entry = record("serious")
    repair = repair_apply(entry, subject_admin, entry.repairable_from)
    with on(entry.repairable_from + days(5)):
        services.decide_repair(repair=repair, user=centre, outcome="grant")
        assert services.score("examiner", 7) == 100
        assert not services.is_blacklisted("examiner", 7)
    entry.refresh_from_db()
    repair.refresh_from_db()
    assert (entry.lifted_on, entry.lifted_by) == (entry.repairable_from + days(5), "repair")
    assert (repair.status, repair.decided_by) == ("granted", centre)


@pytest.mark.django_db
def test_refusing_a_repair_keeps_the_entry(subject_admin, centre):
    entry = record("serious")
    repair = repair_apply(entry, subject_admin, entry.repairable_from)
    with on(entry.repairable_from + days(5)):
        services.decide_repair(repair=repair, user=centre, outcome="refuse", reason="整改未完成")
        assert services.score("examiner", 7) == 50
        assert services.is_blacklisted("examiner", 7)
    entry.refresh_from_db()
    repair.refresh_from_db()
    assert (entry.lifted_on, entry.lifted_by) == (None, "")
    assert (repair.status, repair.decided_by) == ("refused", centre)


@pytest.mark.django_db
def test_refusing_a_repair_needs_a_reason(subject_admin, centre):
    entry = record("minor")
    repair = repair_apply(entry, subject_admin, RECORDED + days(1))
    with on(RECORDED + days(2)), pytest.raises(ValidationError):
        services.decide_repair(repair=repair, user=centre, outcome="refuse", reason="")
    repair.refresh_from_db()
    assert repair.status == "applied" and repair.decided_by is None
    assert links_of(entry) == ["entry", "repair"]
    assert not StateLog.objects.for_(repair).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["grant", "refuse"])
def test_only_centre_officers_decide_repairs(subject_admin, outcome):
    entry = record("minor")
    repair = repair_apply(entry, subject_admin, RECORDED + days(1))
    with on(RECORDED + days(2)), pytest.raises(PermissionDenied):
        services.decide_repair(repair=repair, user=subject_admin, outcome=outcome, reason="自行决定")
    repair.refresh_from_db()
    entry.refresh_from_db()
    assert repair.status == "applied" and entry.lifted_on is None
    assert links_of(entry) == ["entry", "repair"]


# --- the chain ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_filing_and_decision_is_a_link_and_the_chain_verifies(subject_admin, centre):
    entry = record("general")
    objection = object_file(entry, subject_admin)
    with on(RECORDED + days(2)):
        services.decide_objection(objection=objection, user=centre, outcome="uphold", reason="事实清楚")
    first = repair_apply(entry, subject_admin, entry.repairable_from)
    with on(entry.repairable_from + days(1)):
        services.decide_repair(repair=first, user=centre, outcome="refuse", reason="整改未完成")
    second = repair_apply(entry, subject_admin, entry.repairable_from + days(30))
    with on(entry.repairable_from + days(31)):
        services.decide_repair(repair=second, user=centre, outcome="grant")

    assert links_of(entry) == [
        "entry",
        "objection",
        "objection_decision",
        "repair",
        "repair_decision",
        "repair",
        "repair_decision",
    ]
    assert verify() == (7, [])


@pytest.mark.django_db
def test_a_decision_link_names_the_entry_and_the_outcome(subject_admin, centre):
    entry = record()
    objection = object_file(entry, subject_admin)
    with on(RECORDED + days(2)):
        services.decide_objection(objection=objection, user=centre, outcome="overturn", reason="证据不足")
    chain = Chain.objects.get(subject_type="examiner", subject_id=7)
    decision = chain.links.get(seq=3)
    assert decision.payload == {
        "objection": objection.pk,
        "entry": entry.pk,
        "outcome": "overturned",
        "reason": "证据不足",
    }


def set_lifted(entry: Entry, lifted_on: datetime.date | None, lifted_by: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Entry._meta.db_table} SET lifted_on = %s, lifted_by = %s WHERE id = %s",
            [lifted_on, lifted_by, entry.pk],
        )


@pytest.mark.django_db
def test_un_lifting_a_repaired_entry_by_raw_sql_is_detected(subject_admin, centre):
    entry = record("minor")
    repair = repair_apply(entry, subject_admin, RECORDED + days(1))
    with on(RECORDED + days(2)):
        services.decide_repair(repair=repair, user=centre, outcome="grant")
    assert verify()[1] == []

    set_lifted(entry, None, "")

    breaks = verify()[1]
    assert [b.link_id for b in breaks] == [entry.link_id]
    assert f"entry {entry.pk} is shown as lifted or not" in breaks[0].problem


@pytest.mark.django_db
def test_lifting_an_entry_by_raw_sql_is_detected():
    entry = record("serious")
    other = record("minor")
    set_lifted(entry, RECORDED, "repair")

    breaks = verify()[1]
    assert [b.link_id for b in breaks] == [entry.link_id]
    assert f"entry {entry.pk} is shown as lifted or not" in breaks[0].problem
    assert other.link_id not in [b.link_id for b in breaks]

"""The public 失信 list: serious entries in force, and nothing else; people's ID numbers masked."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from integrity import services
from tests import factories

URL = "/integrity/public/"


def masked(number: str) -> str:
    return number[:4] + "*" * 10 + number[-4:]


def record(person, *, kind: str = "serious", occurred_on: datetime.date | None = None, by=None):
    return services.record_entry(
        subject_type="examiner",
        subject_id=person.pk,
        subject_name=person.name,
        subject_code=person.id_number,
        kind=kind,
        basis="audit_case",
        description="出具虚假考核记录",
        occurred_on=occurred_on or timezone.localdate(),
        recorded_by=by,
    )


def listed(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def centre():
    return factories.centre_officer()


@pytest.mark.django_db
def test_an_active_serious_entry_about_a_person_is_listed_with_the_id_masked(client, centre):
    person = factories.person(name="王某某")
    record(person, by=centre)
    text = listed(client)
    assert "王某某" in text
    assert masked(person.id_number) in text
    assert person.id_number not in text


@pytest.mark.django_db
def test_a_body_is_listed_with_its_credit_code_in_full(client, centre):
    body = factories.filed_body(name="重庆失信评价机构")
    services.record_entry(
        subject_type="body",
        subject_id=body.pk,
        subject_name=body.name,
        subject_code=body.credit_code,
        kind="serious",
        basis="manual",
        description="出租出借评价资质",
        occurred_on=timezone.localdate(),
        recorded_by=centre,
    )
    text = listed(client)
    assert "重庆失信评价机构" in text and body.credit_code in text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["commendation", "minor", "general"])
def test_an_entry_that_is_not_serious_is_never_listed(client, kind):
    person = factories.person(name="李某某")
    record(person, kind=kind)
    assert "李某某" not in listed(client)


@pytest.mark.django_db
def test_an_entry_lifted_by_a_granted_repair_leaves_the_list(client, centre):
    person = factories.person(name="赵某某")
    # Credit repair is possible once the minimum window (12 months for a serious entry) has passed.
    entry = record(person, occurred_on=timezone.localdate() - relativedelta(months=13), by=centre)
    refused = services.apply_for_repair(entry=entry, user=centre, pledge="守信承诺")
    services.decide_repair(repair=refused, user=centre, outcome="refuse", reason="仍在整改期内")
    assert "赵某某" in listed(client), "a refused repair leaves the entry listed"
    repair = services.apply_for_repair(entry=entry, user=centre, pledge="再次承诺守信")
    services.decide_repair(repair=repair, user=centre, outcome="grant", reason="")
    assert "赵某某" not in listed(client)


@pytest.mark.django_db
def test_an_entry_overturned_on_objection_leaves_the_list(client, centre):
    kept, overturned = factories.person(name="钱某某"), factories.person(name="孙某某")
    for person, outcome in ((kept, "uphold"), (overturned, "overturn")):
        entry = record(person, by=centre)
        objection = services.file_objection(entry=entry, user=centre, grounds="当事人书面申诉")
        services.decide_objection(objection=objection, user=centre, outcome=outcome, reason="经复核")
    text = listed(client)
    assert "钱某某" in text, "an upheld entry stays listed"
    assert "孙某某" not in text


@pytest.mark.django_db
def test_an_entry_leaves_the_list_when_its_window_ends(client, centre):
    person = factories.person(name="周某某")
    entry = record(person, by=centre)
    with time_machine.travel(noon(entry.published_until), tick=False):
        assert "周某某" in listed(client), "listed on the last day of its window"
    with time_machine.travel(noon(entry.published_until + datetime.timedelta(days=1)), tick=False):
        assert "周某某" not in listed(client)


@pytest.mark.django_db
def test_search_by_part_of_a_name_or_by_the_full_id_number(client):
    wu, zheng = factories.person(name="吴某某"), factories.person(name="郑某某")
    record(wu), record(zheng)
    by_name = listed(client, q="吴某")
    assert "吴某某" in by_name and "郑某某" not in by_name
    by_id = listed(client, q=zheng.id_number)
    assert "郑某某" in by_id and "吴某某" not in by_id
    # Part of an ID number finds nothing: the list must not help anyone guess the masked digits.
    assert "郑某某" not in listed(client, q=zheng.id_number[:10])


@pytest.mark.django_db
def test_the_list_shows_25_entries_a_page(client):
    for n in range(26):
        record(factories.person(name=f"失信人{n:02d}"))
    first, second = listed(client), listed(client, page=2)
    assert len(re.findall(r"失信人\d\d", first)) == 25
    assert len(re.findall(r"失信人\d\d", second)) == 1

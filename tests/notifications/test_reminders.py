"""`remind_deadlines` (daily): each reminder once, whatever the number of runs; a missed day catches up;
a renewal (a new end date) starts the reminders afresh. Days are set with time-machine."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from audits.models import RectificationOrder
from audits.services.orders import respond_to_order
from examiners.models import Certification
from notifications.models import Kind, Notification, SentReminder
from notifications.reminders import nearest_threshold, registered
from registry.models import AssessmentBody
from tests import factories
from tests.helpers import admin_of

END = datetime.date(2031, 6, 30)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def run_on(day: datetime.date, committed) -> str:
    out = io.StringIO()
    moment = datetime.datetime(day.year, day.month, day.day, 6, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False), committed():
        call_command("remind_deadlines", stdout=out)
    return out.getvalue()


def titles(kind: str) -> list[str]:
    return list(Notification.objects.filter(kind=kind).order_by("pk").values_list("title", flat=True))


@pytest.fixture
def order(db):
    inspection = factories.inspection_in("reviewed")
    order = inspection.orders.get()
    RectificationOrder.objects.filter(pk=order.pk).update(deadline=END)
    order.refresh_from_db()
    return order


def test_every_app_registers_its_reminder():
    assert set(registered()) == {"body_validity", "certifications", "rectification_orders"}


def test_an_order_is_reminded_once_seven_days_before_and_once_when_overdue(order, committed, mailoutbox):
    admin = admin_of(order.body)
    admin.email = "org@example.cn"
    admin.save(update_fields=["email"])
    run_on(END - days(8), committed)
    assert titles(Kind.ORDER_DUE_SOON) == []
    out = run_on(END - days(7), committed)
    assert "rectification_orders: 1" in out
    run_on(END - days(7), committed)  # a second run the same day
    run_on(END - days(1), committed)
    run_on(END, committed)
    assert titles(Kind.ORDER_DUE_SOON) == [f"整改通知 {order.number} 将于 2031-06-30 到期"]
    assert Notification.objects.get(kind=Kind.ORDER_DUE_SOON).recipient == admin
    assert [m.to for m in mailoutbox] == [["org@example.cn"]]
    run_on(END + days(1), committed)
    run_on(END + days(2), committed)
    assert titles(Kind.ORDER_OVERDUE) == [f"整改通知 {order.number} 已逾期"]


def test_a_missed_week_still_sends_the_due_reminder_and_a_missed_deadline_only_the_overdue_one(
    order, committed
):
    run_on(END - days(3), committed)  # nothing ran at 7 days
    assert len(titles(Kind.ORDER_DUE_SOON)) == 1
    other = factories.inspection_in("reviewed").orders.get()
    RectificationOrder.objects.filter(pk=other.pk).update(deadline=END - days(5))
    run_on(END + days(4), committed)  # nothing ran for a fortnight
    assert titles(Kind.ORDER_DUE_SOON) == [titles(Kind.ORDER_DUE_SOON)[0]]
    assert len(titles(Kind.ORDER_OVERDUE)) == 2


def test_an_answered_order_is_not_reminded(order, committed):
    respond_to_order(order=order, user=admin_of(order.body), response="已整改完毕")
    run_on(END - days(2), committed)
    run_on(END + days(2), committed)
    assert not Notification.objects.exists()


@pytest.fixture
def body(db):
    body = factories.filed_body()
    AssessmentBody.objects.filter(pk=body.pk).update(valid_to=END)
    return body


def test_a_bodys_validity_is_reminded_at_90_then_at_30_days_once_each(body, committed):
    run_on(END - days(91), committed)
    assert titles(Kind.VALIDITY_ENDING) == []
    for day in (END - days(90), END - days(90), END - days(60), END - days(31)):
        run_on(day, committed)
    assert len(titles(Kind.VALIDITY_ENDING)) == 1
    assert "还有 90 天" in Notification.objects.get().body
    for day in (END - days(30), END - days(10), END):
        run_on(day, committed)
    rows = list(Notification.objects.order_by("pk"))
    assert [r.recipient for r in rows] == [admin_of(body)] * 2
    assert "还有 30 天" in rows[1].body and rows[1].title == f"{body.name} 的备案将于 2031-06-30 到期"
    run_on(END + days(1), committed)
    assert Notification.objects.count() == 2


def test_a_missed_90_day_mark_catches_up_and_inside_30_days_only_the_30_day_one_is_sent(body, committed):
    run_on(END - days(75), committed)
    assert ["还有 75 天" in b for b in Notification.objects.values_list("body", flat=True)] == [True]
    late = factories.filed_body()
    AssessmentBody.objects.filter(pk=late.pk).update(valid_to=END - days(45))
    run_on(END - days(45) - days(20), committed)  # `late` first seen 20 days before its end
    late_rows = Notification.objects.filter(recipient=admin_of(late))
    assert [r.body.count("还有 20 天") for r in late_rows] == [1]
    assert SentReminder.objects.filter(key__startswith=f"body-validity:{late.pk}:").count() == 1


def test_a_renewal_starts_the_reminders_afresh(body, committed):
    run_on(END - days(20), committed)
    renewed = datetime.date(2034, 6, 30)
    AssessmentBody.objects.filter(pk=body.pk).update(valid_to=renewed)
    run_on(renewed - days(80), committed)
    assert len(titles(Kind.VALIDITY_ENDING)) == 2


def test_a_certification_is_reminded_to_the_person_and_the_recommending_bodys_administrators(body, committed):
    cert = factories.supervisor()
    Certification.objects.filter(pk=cert.pk).update(valid_to=END - days(1), recommending_body=body)
    bystander = factories.supervisor()
    Certification.objects.filter(pk=bystander.pk).update(valid_to=END + days(200))
    run_on(END - days(1) - days(90), committed)
    rows = Notification.objects.filter(kind=Kind.CERTIFICATION_ENDING)
    assert {r.recipient for r in rows} == {cert.person.account, admin_of(body)}
    run_on(END - days(1) - days(30), committed)
    run_on(END - days(1) - days(29), committed)
    assert Notification.objects.filter(kind=Kind.CERTIFICATION_ENDING).count() == 4
    assert not Notification.objects.filter(recipient=bystander.person.account).exists()


def test_the_nearest_threshold_is_the_most_urgent_one_due():
    assert [nearest_threshold(n, [90, 30]) for n in (90, 89, 31, 30, 1, 0)] == [90, 90, 90, 30, 30, 30]

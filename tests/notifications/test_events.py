"""Each event reaches the right people — an inbox row and an e-mail — and nobody else.

World: body A (filed, administered by `admin` and a second administrator `colleague`, who also hold a
pending body's application), body B with its own administrator `stranger`, and a centre officer. Every account has an e-mail address.
"""

import pytest
from django.test import override_settings
from django.utils import timezone

from certificates.models import Hit
from certificates.services import cases
from examiners.draw import draw_session
from integrity import services as integrity
from notifications.models import Kind, Notification
from registry import services as registry
from tests import factories
from tests.helpers import admin_of


def mailable(user):
    user.email = f"{user.username}@example.cn"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def world(db):
    admin = mailable(factories.body_admin())
    application = factories.draft_application(admin=admin)
    colleague = mailable(factories.body_admin())
    registry.grant_body_admin(user=colleague, body=application.body)
    filed = factories.filed_body(admin=admin)
    registry.grant_body_admin(user=colleague, body=filed)
    other = factories.filed_body(district_code=factories.JIULONGPO)
    return {
        "application": application,
        "body": filed,
        "admin": admin,
        "colleague": colleague,
        "stranger": mailable(admin_of(other)),
        "other_body": other,
        "centre": mailable(factories.centre_officer()),
    }


def told(kind: str) -> set:
    """Who received an inbox row of this kind, and who an e-mail (checked against the outbox)."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def mailed(mailoutbox) -> set:
    return {m.to[0].split("@")[0] for m in mailoutbox}


@pytest.mark.parametrize(
    ("action", "start", "kind", "title"),
    [
        ("return_for_correction", "centre_review", Kind.FILING_RETURNED, "被退回补正"),
        ("approve", "centre_review", Kind.FILING_APPROVED, "已审核通过，正在公示"),
        ("reject", "centre_review", Kind.FILING_REJECTED, "已被驳回"),
        ("publish", "public_notice", Kind.FILING_PUBLISHED, "已发布备案"),
    ],
)
def test_a_filing_decision_reaches_the_applicant_and_the_bodys_administrators(
    world, committed, mailoutbox, action, start, kind, title
):
    application = factories.advance(world["application"], start, centre=world["centre"])
    mailoutbox.clear()
    with committed(), override_settings(FILING_NOTICE_WORKING_DAYS=0):
        registry.decide_application(
            application=application, user=world["centre"], action=action, reason="材料不全"
        )
    assert told(kind) == mailed(mailoutbox) == {world["admin"].username, world["colleague"].username}
    row = Notification.objects.get(kind=kind, recipient=world["admin"])
    assert title in row.title and application.reference in row.title
    assert row.link == application.get_absolute_url()
    if action != "publish":
        assert "材料不全" in row.body


def test_review_steps_before_a_decision_tell_nobody(world, committed):
    with committed():
        factories.advance(world["application"], "centre_review", centre=world["centre"])
    assert not Notification.objects.exists()


def test_an_issued_rectification_order_reaches_the_bodys_administrators(world, committed, mailoutbox):
    with committed():
        inspection = factories.inspection_in("reviewed", body=world["body"], officer=world["centre"])
    order = inspection.orders.get()
    emails = [m for m in mailoutbox if m.subject.startswith("整改通知")]
    assert told(Kind.ORDER_ISSUED) == {m.to[0].split("@")[0] for m in emails}
    assert told(Kind.ORDER_ISSUED) == {world["admin"].username, world["colleague"].username}
    row = Notification.objects.get(kind=Kind.ORDER_ISSUED, recipient=world["admin"])
    assert (
        order.number in row.title and order.requirements in row.body and row.link == order.get_absolute_url()
    )


def test_an_assigned_inspection_reaches_the_supervisors_account(world, committed, mailoutbox):
    inspection = factories.inspection(body=world["body"], officer=world["centre"])
    cert = factories.supervisor(account=mailable(factories.user_with_role("supervisor")))
    factories.supervisor(account=mailable(factories.user_with_role("supervisor")))  # not chosen
    from audits.services.inspections import assign_supervisor

    with committed():
        assign_supervisor(inspection=inspection, user=world["centre"], certification=cert)
    assert told(Kind.INSPECTION_ASSIGNED) == mailed(mailoutbox) == {cert.person.account.username}
    assert Notification.objects.get().link == inspection.get_absolute_url()


def test_a_draw_reaches_exactly_the_drawn_peoples_accounts(world, committed, mailoutbox):
    session = factories.session()
    certs = [factories.certification() for _ in range(4)] + [factories.certification(role="supervisor")]
    for cert in certs:
        cert.person.account = mailable(factories.user_with_role("supervisor"))
        cert.person.save(update_fields=["account"])
    with committed():
        draw = draw_session(session=session, user=world["centre"], seed=7)
    drawn = {a.person.account.username for a in draw.assignments.select_related("person__account")}
    assert len(drawn) == 4
    assert told(Kind.DRAWN) == mailed(mailoutbox) == drawn
    assert set(Notification.objects.values_list("link", flat=True)) == {session.get_absolute_url()}


def _body_entry(body, kind: str = "minor"):
    return integrity.record_and_apply(
        subject_type="body",
        subject_id=body.pk,
        subject_name=body.name,
        kind=kind,
        basis="manual",
        description="档案管理不规范",
        occurred_on=timezone.localdate(),
    )


@pytest.mark.parametrize("outcome", ["uphold", "overturn"])
def test_an_objection_decision_reaches_the_bodys_administrators(world, committed, mailoutbox, outcome):
    entry = _body_entry(world["body"])
    objection = integrity.file_objection(entry=entry, user=world["admin"], grounds="记录有误")
    with committed():
        integrity.decide_objection(
            objection=objection, user=world["centre"], outcome=outcome, reason="经核实"
        )
    assert (
        told(Kind.OBJECTION_DECIDED)
        == mailed(mailoutbox)
        == {world["admin"].username, world["colleague"].username}
    )
    row = Notification.objects.get(recipient=world["admin"])
    assert world["body"].name in row.title and "经核实" in row.body
    assert row.link == f"/registry/bodies/{world['body'].pk}/integrity/"


@pytest.mark.parametrize("outcome", ["grant", "refuse"])
def test_a_repair_decision_reaches_the_persons_own_account(world, committed, mailoutbox, outcome):
    cert = factories.certification(role="supervisor")
    person = cert.person
    person.account = mailable(factories.user_with_role("supervisor"))
    person.save(update_fields=["account"])
    entry = integrity.record_and_apply(
        subject_type="supervisor",
        subject_id=person.pk,
        subject_name=person.name,
        kind="minor",
        basis="manual",
        description="迟到",
        occurred_on=timezone.localdate(),
    )
    repair = integrity.apply_for_repair(entry=entry, user=person.account, pledge="今后守信")
    with committed():
        integrity.decide_repair(repair=repair, user=world["centre"], outcome=outcome, reason="符合条件")
    assert told(Kind.REPAIR_DECIDED) == mailed(mailoutbox) == {person.account.username}


def test_a_manager_records_decision_reaches_the_bodys_administrators(world, committed):
    manager = registry.add_manager(
        body=world["body"], user=world["admin"], name="张经理", id_number=factories.person().id_number
    )
    entry = integrity.record_and_apply(
        subject_type="manager",
        subject_id=manager.pk,
        subject_name=manager.name,
        kind="minor",
        basis="manual",
        description="管理失职",
        occurred_on=timezone.localdate(),
    )
    objection = integrity.file_objection(entry=entry, user=world["admin"], grounds="记录有误")
    with committed():
        integrity.decide_objection(objection=objection, user=world["centre"], outcome="uphold", reason="属实")
    assert told(Kind.OBJECTION_DECIDED) == {world["admin"].username, world["colleague"].username}


def test_a_complaint_case_reaches_the_bodys_administrators(world, committed, mailoutbox):
    body = world["body"]
    with committed():
        case = cases.open_complaint(user=world["centre"], body=body, text="未考先发证")
    assert (
        told(Kind.CASE_OPENED) == mailed(mailoutbox) == {world["admin"].username, world["colleague"].username}
    )
    assert Notification.objects.get(recipient=world["admin"]).link == case.get_absolute_url()


def test_cases_opened_by_the_audit_and_confirmed_reach_the_bodys_administrators(world, committed, mailoutbox):
    body = world["body"]
    result = factories.result(body=body)
    Hit.objects.create(rule="ID_INVALID", body=body, result=result, key=str(result.pk), detail="身份证号有误")
    other = factories.result(body=world["other_body"])
    Hit.objects.create(
        rule="ID_INVALID", body=world["other_body"], result=other, key=str(other.pk), detail="x"
    )
    with committed():
        opened = cases.assign_open_hits()
    assert len(opened) == 2
    assert (
        told(Kind.CASE_OPENED)
        == mailed(mailoutbox)
        == {
            world["admin"].username,
            world["colleague"].username,
            world["stranger"].username,
        }
    )
    case = next(c for c in opened if c.body_id == body.pk)
    assert Notification.objects.get(recipient=world["admin"]).link == case.get_absolute_url()

    mailoutbox.clear()
    cases.investigate(case=case, user=world["centre"])
    with committed():
        cases.confirm_case(case=case, user=world["centre"], reason="身份证号伪造")
    assert (
        told(Kind.CASE_CONFIRMED)
        == mailed(mailoutbox)
        == {world["admin"].username, world["colleague"].username}
    )
    row = Notification.objects.get(kind=Kind.CASE_CONFIRMED, recipient=world["admin"])
    assert "撤销证书 1 本" in row.title and "身份证号伪造" in row.body


def test_a_refused_decision_tells_nobody(world, committed):
    application = factories.advance(world["application"], "centre_review", centre=world["centre"])
    with committed(), pytest.raises(Exception):  # noqa: B017 - the publish is refused by the state machine
        registry.decide_application(application=application, user=world["centre"], action="publish")
    assert not Notification.objects.exists()

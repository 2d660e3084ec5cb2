"""What the audits services do besides moving states: integrity entries and rectification orders from a
review, suspension proposals and their decision, evaluation results, supervisor recusal, evidence,
signing, random plans, checklist versions and report revisions (domain.md §3.5–§3.6)."""

import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from audits import recusal
from audits.models import (
    ChecklistTemplate,
    Evaluation,
    Evidence,
    Finding,
    Inspection,
    RandomPlan,
    RectificationOrder,
    Report,
    SuspensionProposal,
)
from audits.reports.issue import content_hash, issue_report
from audits.services import evaluations, orders
from audits.services import inspections as svc
from audits.services.checklists import current_template, revise_template
from audits.services.planning import plan_random
from common.pdf_samples import minimal_pdf
from examiners.models import Assignment, Draw, Relation
from integrity import services as integrity
from integrity.models import Entry
from registry import services as registry
from registry.models import AssessmentBody
from tests import factories
from tests.audits.conftest import SCORES, evaluation_for
from tests.helpers import admin_of, last_log, snapshot, text_as_png

CHONGQING = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 10):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), CHONGQING), tick=False)


def answer_everything(inspection, account) -> None:
    items = inspection.template.items.all()
    svc.save_answers(inspection=inspection, user=account, answers={i.pk: ("yes", "") for i in items})


# --- review: integrity entries and one rectification order ---------------------------------------


@pytest.mark.django_db
def test_review_records_an_integrity_entry_per_finding_as_settings_say():
    officer = factories.centre_officer()
    inspection = factories.inspection_in(
        "submitted", findings=("observation", "minor", "major", "critical"), officer=officer
    )
    body = inspection.body
    svc.review_inspection(inspection=inspection, user=officer, note="情况属实")

    findings = {f.severity: f for f in inspection.findings.all()}
    assert findings["observation"].integrity_entry_id is None
    expected = {"minor": "minor", "major": "general", "critical": "serious"}
    for severity, kind in expected.items():
        entry = Entry.objects.get(pk=findings[severity].integrity_entry_id)
        assert (entry.subject_type, entry.subject_id, entry.subject_code, entry.basis, entry.kind) == (
            "body",
            body.pk,
            body.credit_code,
            "inspection",
            kind,
        )
        assert entry.evidence_ref == f"audits.finding:{findings[severity].pk}"
        assert inspection.number in entry.description
        assert entry.recorded_by == officer
    assert Entry.objects.filter(subject_type="body", subject_id=body.pk, basis="inspection").count() == 3


@pytest.mark.django_db
def test_the_entry_kinds_come_from_settings(settings):
    settings.FINDING_INTEGRITY_KIND = {
        "observation": "minor",
        "minor": None,
        "major": "minor",
        "critical": None,
    }
    officer = factories.centre_officer()
    inspection = factories.inspection_in(
        "submitted", findings=("observation", "minor", "major", "critical"), officer=officer
    )
    svc.review_inspection(inspection=inspection, user=officer)
    kinds = {
        f.severity: Entry.objects.get(pk=f.integrity_entry_id).kind if f.integrity_entry_id else None
        for f in inspection.findings.all()
    }
    assert kinds == {"observation": "minor", "minor": None, "major": "minor", "critical": None}


@pytest.mark.django_db
def test_review_opens_one_order_for_all_major_and_critical_findings():
    officer = factories.centre_officer()
    inspection = factories.inspection_in(
        "submitted", findings=("minor", "major", "observation", "critical", "major"), officer=officer
    )
    svc.review_inspection(inspection=inspection, user=officer)

    order = RectificationOrder.objects.get(inspection=inspection)
    serious = set(inspection.findings.filter(severity__in=["major", "critical"]))
    assert len(serious) == 3
    assert set(order.findings.all()) == serious
    assert (order.status, order.body, order.issued_by) == ("issued", inspection.body, officer)
    assert order.deadline == timezone.localdate() + datetime.timedelta(days=30)
    assert len(order.requirements.splitlines()) == 3
    for finding in serious:
        assert finding.description in order.requirements


@pytest.mark.django_db
@pytest.mark.parametrize("findings", [(), ("observation",), ("minor", "observation")])
def test_review_opens_no_order_without_major_or_critical_findings(findings):
    officer = factories.centre_officer()
    inspection = factories.inspection_in("submitted", findings=findings, officer=officer)
    svc.review_inspection(inspection=inspection, user=officer)
    inspection.refresh_from_db()
    assert inspection.status == "reviewed"
    assert not RectificationOrder.objects.exists()


@pytest.mark.django_db
def test_review_with_a_past_deadline_saves_nothing():
    officer = factories.centre_officer()
    inspection = factories.inspection_in("submitted", findings=("critical",), officer=officer)
    before = snapshot(inspection)
    with pytest.raises(ValidationError) as error:
        svc.review_inspection(inspection=inspection, user=officer, deadline=timezone.localdate())
    assert "deadline" in error.value.message_dict
    assert snapshot(inspection) == before
    assert not RectificationOrder.objects.exists()
    assert not Entry.objects.filter(basis="inspection").exists()


# --- rectification orders and suspension proposals -----------------------------------------------


def reviewed_order(officer=None):
    officer = officer or factories.centre_officer()
    inspection = factories.inspection_in("reviewed", findings=("major",), officer=officer)
    return inspection.orders.get(), officer


@pytest.mark.django_db
def test_a_rejected_response_proposes_suspension():
    order, officer = reviewed_order()
    orders.respond_to_order(
        order=order, user=admin_of(order.body), response="已整改", upload=factories.pdf_upload()
    )
    orders.decide_order(order=order, user=officer, accept=False, note="整改报告与现场不符")

    order.refresh_from_db()
    assert order.status == "rejected"
    proposal = SuspensionProposal.objects.get()
    assert (proposal.body, proposal.reason, proposal.order, proposal.status) == (
        order.body,
        "order_rejected",
        order,
        "proposed",
    )


@pytest.mark.django_db
def test_an_accepted_response_proposes_nothing():
    order, officer = reviewed_order()
    orders.respond_to_order(order=order, user=admin_of(order.body), response="已整改")
    orders.decide_order(order=order, user=officer, accept=True)
    order.refresh_from_db()
    assert order.status == "accepted"
    assert not SuspensionProposal.objects.exists()


@pytest.mark.django_db
def test_a_response_document_is_checked_by_its_content():
    order, _officer = reviewed_order()
    before = snapshot(order)
    with pytest.raises(ValidationError):
        orders.respond_to_order(
            order=order, user=admin_of(order.body), response="已整改", upload=text_as_png("整改报告.pdf")
        )
    assert snapshot(order) == before


@pytest.mark.django_db
def test_an_overdue_order_proposes_suspension_once():
    start = datetime.date(2026, 3, 2)
    with at(start):
        order, _officer = reviewed_order()
        assert order.deadline == datetime.date(2026, 4, 1)
    with at(order.deadline):
        assert orders.flag_overdue_orders() == []
    with at(order.deadline + datetime.timedelta(days=1)):
        (proposal,) = orders.flag_overdue_orders()
        assert (proposal.order, proposal.reason, proposal.body) == (order, "order_overdue", order.body)
        assert orders.flag_overdue_orders() == []
    with at(order.deadline + datetime.timedelta(days=40)):
        assert orders.flag_overdue_orders() == []
    assert SuspensionProposal.objects.count() == 1


@pytest.mark.django_db
def test_an_answered_order_is_not_overdue():
    with at(datetime.date(2026, 3, 2)):
        order, _officer = reviewed_order()
        orders.respond_to_order(order=order, user=admin_of(order.body), response="已整改")
    with at(order.deadline + datetime.timedelta(days=5)):
        assert orders.flag_overdue_orders() == []
    assert not SuspensionProposal.objects.exists()


@pytest.mark.django_db
def test_rejecting_a_late_response_after_the_overdue_proposal_keeps_one_proposal():
    """The body answers after the order was flagged overdue, and the answer is rejected: the order has
    proposed suspension already, so the rejection must not fail on a second proposal for it."""
    with at(datetime.date(2026, 3, 2)):
        order, officer = reviewed_order()
    late = order.deadline + datetime.timedelta(days=3)
    with at(late):
        (overdue,) = orders.flag_overdue_orders()
        orders.respond_to_order(order=order, user=admin_of(order.body), response="迟交的整改报告")
        orders.decide_order(order=order, user=officer, accept=False, note="仍未整改到位")
    order.refresh_from_db()
    assert order.status == "rejected"
    assert list(SuspensionProposal.objects.all()) == [overdue]
    assert overdue.status == "proposed"


@pytest.mark.django_db
def test_confirming_a_proposal_suspends_the_body_through_the_registry():
    order, officer = reviewed_order()
    body = order.body
    orders.respond_to_order(order=order, user=admin_of(body), response="已整改")
    orders.decide_order(order=order, user=officer, accept=False, note="未整改")
    proposal = SuspensionProposal.objects.get()
    centre = factories.centre_officer()
    body_logs = StateLog.objects.for_(body).count()

    orders.decide_proposal(proposal=proposal, user=centre, suspend=True, reason="整改不到位，暂停认定资格")

    body.refresh_from_db()
    proposal.refresh_from_db()
    assert body.status == "suspended"
    assert (proposal.status, proposal.decided_by) == ("suspended", centre)
    assert StateLog.objects.for_(body).count() == body_logs + 1
    log = last_log(body)
    assert (log.source_state, log.state, log.transition, log.by, log.description) == (
        "active",
        "suspended",
        "suspend",
        centre,
        "整改不到位，暂停认定资格",
    )


@pytest.mark.django_db
def test_dismissing_a_proposal_leaves_the_body_alone():
    body = factories.filed_body()
    proposal = orders.propose_suspension(body=body, reason="order_overdue")
    before = snapshot(body)
    orders.decide_proposal(proposal=proposal, user=factories.centre_officer(), suspend=False, reason="已补交")
    proposal.refresh_from_db()
    assert proposal.status == "dismissed"
    assert snapshot(body) == before


@pytest.mark.django_db
def test_confirming_a_proposal_for_an_already_suspended_body_saves_nothing():
    centre = factories.centre_officer()
    body = factories.filed_body()
    proposal = orders.propose_suspension(body=body, reason="order_overdue")
    registry.act_on_body(body=body, user=centre, action="suspend", reason="另案暂停")
    body_before, proposal_before = snapshot(body), snapshot(proposal)

    # The body's own machine refuses a second suspension, and the whole decision with it.
    with pytest.raises((TransitionNotAllowed, PermissionDenied)):
        orders.decide_proposal(
            proposal=SuspensionProposal.objects.get(pk=proposal.pk), user=centre, suspend=True, reason="暂停"
        )
    assert snapshot(body) == body_before
    assert snapshot(proposal) == proposal_before
    assert SuspensionProposal.objects.get(pk=proposal.pk).status == "proposed"


# --- publishing an evaluation --------------------------------------------------------------------


def graded(body, total_score: int) -> tuple[Evaluation, object]:
    """An evaluation of `body` walked through the services with every area scored `total_score`."""
    evaluation = evaluation_for(body)
    evaluations.submit_self_assessment(evaluation=evaluation, user=admin_of(body), text="自评报告")
    evaluations.record_scores(
        evaluation=evaluation,
        user=factories.centre_officer(),
        scores=dict.fromkeys(SCORES, total_score),
        experts="专家组",
    )
    grader = factories.centre_officer()
    evaluations.grade_evaluation(evaluation=Evaluation.objects.get(pk=evaluation.pk), user=grader)
    return Evaluation.objects.get(pk=evaluation.pk), grader


@pytest.mark.django_db
def test_publishing_basically_qualified_puts_an_active_body_into_rectification():
    body = factories.filed_body()
    evaluation, officer = graded(body, 65)
    assert evaluation.grade == "basically_qualified"

    evaluations.publish_evaluation(evaluation=evaluation, user=officer)

    body.refresh_from_db()
    assert body.status == "rectifying"
    assert body.rectification_deadline is not None
    log = last_log(body)
    assert (log.transition, log.source_state, log.state, log.by) == (
        "order_rectification",
        "active",
        "rectifying",
        officer,
    )
    assert str(evaluation.year) in log.description
    assert not SuspensionProposal.objects.exists()


@pytest.mark.django_db
def test_publishing_basically_qualified_leaves_a_body_already_in_rectification_as_it_is():
    centre = factories.centre_officer()
    body = factories.filed_body()
    registry.act_on_body(body=body, user=centre, action="order_rectification", reason="另案整改")
    evaluation, officer = graded(body, 65)
    before = snapshot(AssessmentBody.objects.get(pk=body.pk))

    evaluations.publish_evaluation(evaluation=evaluation, user=officer)
    evaluation.refresh_from_db()
    assert evaluation.status == "published"
    assert snapshot(body) == before


@pytest.mark.django_db
def test_publishing_unqualified_proposes_suspension():
    body = factories.filed_body()
    evaluation, officer = graded(body, 50)
    assert evaluation.grade == "unqualified"

    evaluations.publish_evaluation(evaluation=evaluation, user=officer)

    body.refresh_from_db()
    assert body.status == "active"
    proposal = SuspensionProposal.objects.get()
    assert (proposal.body, proposal.reason, proposal.evaluation, proposal.status) == (
        body,
        "evaluation_failed",
        evaluation,
        "proposed",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("score", [80, 95])
def test_publishing_a_pass_changes_nothing_for_the_body(score):
    body = factories.filed_body()
    evaluation, officer = graded(body, score)
    before = snapshot(body)
    evaluations.publish_evaluation(evaluation=evaluation, user=officer)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.published_at is not None) == ("published", True)
    assert snapshot(body) == before
    assert not SuspensionProposal.objects.exists()


# --- supervisor recusal in assign_supervisor -----------------------------------------------------


def _employer(inspection, officer, settings):
    return factories.supervisor(employer_body=inspection.body)


def _relation(inspection, officer, settings):
    cert = factories.supervisor()
    Relation.objects.create(person=cert.person, body=inspection.body, kind="teacher_student")
    return cert


def _blacklisted(inspection, officer, settings):
    cert = factories.supervisor()
    integrity.record_entry(
        subject_type="supervisor",
        subject_id=cert.person_id,
        subject_name=cert.person.name,
        subject_code=cert.person.id_number,
        kind="serious",
        basis="manual",
        description="伪造督导记录",
        occurred_on=timezone.localdate(),
        recorded_by=officer,
    )
    return cert


def _no_account(inspection, officer, settings):
    return factories.certification(role="supervisor")


def _overloaded(inspection, officer, settings):
    settings.INSPECTION_OPEN_PER_SUPERVISOR = 2
    cert = factories.supervisor()
    for _n in range(2):
        other = factories.inspection(officer=officer)
        svc.assign_supervisor(inspection=other, user=officer, certification=cert)
    return cert


def _session_examiner(inspection, officer, settings):
    cert = factories.supervisor()
    examiner = factories.certification(role="examiner", who=cert.person)
    draw = Draw.objects.create(session=inspection.session, seed=7, drawn_by=officer)
    Assignment.objects.create(
        session=inspection.session, draw=draw, person=cert.person, certification=examiner, role="examiner"
    )
    return cert


RECUSALS = {
    "recused_employer": _employer,
    "recused_relation": _relation,
    "blacklisted": _blacklisted,
    "no_account": _no_account,
    "overloaded": _overloaded,
    "recused_session": _session_examiner,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("reason", "make"), RECUSALS.items(), ids=list(RECUSALS))
def test_assign_refuses_a_recused_supervisor_and_changes_nothing(settings, reason, make):
    officer = factories.centre_officer()
    inspection = factories.inspection(kind="on_site", session=factories.session(), officer=officer)
    cert = make(inspection, officer, settings)
    before = snapshot(inspection)

    with pytest.raises(ValidationError) as error:
        svc.assign_supervisor(inspection=inspection, user=officer, certification=cert)
    assert "certification" in error.value.message_dict
    assert str(recusal.REASONS[reason]) in " ".join(error.value.messages)
    assert snapshot(inspection) == before

    # The same inspection takes a supervisor with no such tie.
    clean = factories.supervisor()
    svc.assign_supervisor(inspection=inspection, user=officer, certification=clean)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.supervisor) == ("assigned", clean.person)


@pytest.mark.django_db
def test_the_load_limit_comes_from_settings_and_counts_only_open_work(settings):
    settings.INSPECTION_OPEN_PER_SUPERVISOR = 1
    officer = factories.centre_officer()
    cert = factories.supervisor()
    first = factories.inspection(officer=officer)
    svc.assign_supervisor(inspection=first, user=officer, certification=cert)
    second = factories.inspection(officer=officer)
    with pytest.raises(ValidationError):
        svc.assign_supervisor(inspection=second, user=officer, certification=cert)

    # Reassigning the supervisor's own inspection does not count it twice.
    svc.assign_supervisor(inspection=first, user=officer, certification=cert, reason="改派同一人")

    settings.INSPECTION_OPEN_PER_SUPERVISOR = 2
    svc.assign_supervisor(inspection=second, user=officer, certification=cert)
    second.refresh_from_db()
    assert second.supervisor == cert.person


@pytest.mark.django_db
def test_a_declined_session_assignment_does_not_recuse():
    officer = factories.centre_officer()
    inspection = factories.inspection(kind="on_site", session=factories.session(), officer=officer)
    cert = _session_examiner(inspection, officer, None)
    Assignment.objects.filter(person=cert.person).update(status="declined")
    svc.assign_supervisor(inspection=inspection, user=officer, certification=cert)
    inspection.refresh_from_db()
    assert inspection.supervisor == cert.person


@pytest.mark.django_db
def test_an_examiner_certification_cannot_be_assigned():
    officer = factories.centre_officer()
    inspection = factories.inspection(officer=officer)
    before = snapshot(inspection)
    with pytest.raises(ValidationError):
        svc.assign_supervisor(inspection=inspection, user=officer, certification=factories.certification())
    assert snapshot(inspection) == before


# --- evidence ------------------------------------------------------------------------------------


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "uploads",
    [lambda: [text_as_png()], lambda: [factories.png_upload(), text_as_png("second.jpg")]],
    ids=["renamed-text", "good-then-renamed-text"],
)
def test_a_finding_with_a_file_that_is_not_what_it_claims_is_refused_whole(settings, uploads):
    inspection = factories.inspection_in("in_progress")
    account = inspection.supervisor.account
    files_before = media_files(settings)
    with pytest.raises(ValidationError) as error:
        svc.add_finding(
            inspection=inspection,
            user=account,
            severity="major",
            description="视频监控未开启",
            uploads=uploads(),
        )
    assert "evidence" in error.value.message_dict
    assert not Finding.objects.filter(inspection=inspection).exists()
    assert not Evidence.objects.exists()
    assert media_files(settings) == files_before


@pytest.mark.django_db
def test_evidence_is_accepted_on_its_content_whatever_its_name():
    inspection = factories.inspection_in("in_progress")
    account = inspection.supervisor.account
    photo = factories.png_upload("现场照片.txt", size=(800, 600))
    pdf = factories.pdf_upload("签到表.jpg")
    finding = svc.add_finding(
        inspection=inspection, user=account, severity="minor", description="签到表缺签", uploads=[photo, pdf]
    )
    image, document = finding.evidence.order_by("pk")
    assert (image.content_type, image.extension, image.original_name) == ("image/png", "png", "现场照片.txt")
    assert image.thumbnail and max(image.thumbnail.width, image.thumbnail.height) == svc.THUMBNAIL_PX
    assert (document.content_type, document.extension) == ("application/pdf", "pdf")
    assert not document.thumbnail
    assert document.file.read() == minimal_pdf("签到表.jpg")
    assert (image.uploaded_by, document.uploaded_by) == (account, account)


@pytest.mark.django_db
def test_evidence_larger_than_the_setting_is_refused(settings):
    inspection = factories.inspection_in("in_progress")
    upload = factories.png_upload()
    settings.EVIDENCE_MAX_BYTES = upload.size - 1
    with pytest.raises(ValidationError):
        svc.add_finding(
            inspection=inspection,
            user=inspection.supervisor.account,
            severity="minor",
            description="照片",
            uploads=[upload],
        )
    assert not Finding.objects.exists()


@pytest.mark.django_db
def test_only_the_assigned_supervisor_records_findings():
    inspection = factories.inspection_in("in_progress")
    with pytest.raises(PermissionDenied):
        svc.add_finding(
            inspection=inspection,
            user=factories.supervisor().person.account,
            severity="minor",
            description="他人代填",
        )
    assert not Finding.objects.exists()


# --- signing and submitting ----------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_and_submit_refuses_unanswered_items():
    inspection = factories.inspection_in("in_progress")
    account = inspection.supervisor.account
    items = list(inspection.template.items.all())
    svc.save_answers(inspection=inspection, user=account, answers={i.pk: ("yes", "") for i in items[:-2]})
    before = snapshot(inspection)

    with pytest.raises(ValidationError) as error:
        svc.sign_and_submit(
            inspection=inspection,
            user=account,
            signed_name=inspection.supervisor.name,
            summary="",
            pledge=True,
        )
    message = " ".join(error.value.messages)
    assert f"{items[-2].position}, {items[-1].position}" in message
    assert snapshot(inspection) == before
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signed_name", "pledge", "field"),
    [("张冒名", True, "signed_name"), ("", True, "signed_name"), (None, False, "pledge")],
    ids=["someone-else", "blank", "no-pledge"],
)
def test_sign_and_submit_refuses_a_wrong_signature(signed_name, pledge, field):
    inspection = factories.inspection_in("in_progress")
    account = inspection.supervisor.account
    answer_everything(inspection, account)
    inspection.refresh_from_db()
    before = snapshot(inspection)
    with pytest.raises(ValidationError) as error:
        svc.sign_and_submit(
            inspection=inspection,
            user=account,
            signed_name=inspection.supervisor.name if signed_name is None else signed_name,
            summary="总体规范",
            pledge=pledge,
        )
    assert field in error.value.message_dict
    assert snapshot(inspection) == before
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_sign_and_submit_with_the_registered_name_submits_and_issues_the_report():
    inspection = factories.inspection_in("in_progress")
    account = inspection.supervisor.account
    answer_everything(inspection, account)
    svc.sign_and_submit(
        inspection=inspection,
        user=account,
        signed_name=f" {inspection.supervisor.name} ",
        summary="规范",
        pledge=True,
    )
    inspection.refresh_from_db()
    assert (inspection.status, inspection.signed_name, inspection.summary) == (
        "submitted",
        inspection.supervisor.name,
        "规范",
    )
    report = Report.objects.get(inspection=inspection)
    assert (report.revision, report.content["signed_name"]) == (1, inspection.supervisor.name)


@pytest.mark.django_db
def test_only_the_assigned_supervisor_signs():
    inspection = factories.inspection_in("in_progress")
    answer_everything(inspection, inspection.supervisor.account)
    other = factories.supervisor()
    before = snapshot(inspection)
    with pytest.raises(PermissionDenied):
        svc.sign_and_submit(
            inspection=inspection,
            user=other.person.account,
            signed_name=other.person.name,
            summary="",
            pledge=True,
        )
    assert snapshot(inspection) == before


# --- random plans (双随机) ------------------------------------------------------------------------


def rolled_back_plan(**kwargs) -> tuple[dict, dict]:
    """Run plan_random and undo it, so that the next run sees the same data (and the same load)."""
    with transaction.atomic():
        plan = plan_random(**kwargs)
        result = (
            plan.explanation,
            {i.body_id: i.supervisor_id for i in plan.inspections.all()},
        )
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_the_same_seed_over_the_same_data_gives_the_same_plan():
    officer = factories.centre_officer()
    bodies = [factories.filed_body() for _n in range(5)]
    supervisors = [factories.supervisor() for _n in range(4)]
    day = timezone.localdate() + datetime.timedelta(days=10)
    kwargs = {"user": officer, "criteria": {}, "count": 3, "planned_for": day}

    first = rolled_back_plan(**kwargs, seed=20260302)
    second = rolled_back_plan(**kwargs, seed=20260302)
    assert first == second
    explanation, assigned = first
    assert explanation["candidates"] == len(bodies)
    assert sorted(assigned) == sorted(explanation["chosen"])
    assert {str(b): p for b, p in assigned.items()} == explanation["supervisors"]
    assert set(assigned.values()) <= {c.person_id for c in supervisors}
    assert not Inspection.objects.exists()
    assert not RandomPlan.objects.exists()

    # The seed is what decides: other seeds draw other plans.
    others = {str(rolled_back_plan(**kwargs, seed=seed)) for seed in range(8)}
    assert len(others) > 1


@pytest.mark.django_db
def test_a_stored_plan_keeps_its_seed_and_makes_random_inspections_assigned():
    officer = factories.centre_officer()
    for _n in range(3):
        factories.filed_body()
    factories.supervisor()
    day = timezone.localdate() + datetime.timedelta(days=10)
    plan = plan_random(user=officer, criteria={}, count=2, planned_for=day, seed=99)
    assert (plan.seed, plan.requested, plan.created_by) == (99, 2, officer)
    inspections = list(plan.inspections.all())
    assert len(inspections) == 2
    assert {i.kind for i in inspections} == {"random"}
    assert {i.planned_for for i in inspections} == {day}
    assert {i.status for i in inspections} == {"assigned"}
    assert {i.template.code for i in inspections} == {"annual"}


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_a_random_plan_never_assigns_a_recused_supervisor(settings, seed):
    settings.INSPECTION_OPEN_PER_SUPERVISOR = 1
    officer = factories.centre_officer()
    body = factories.filed_body()
    clean = factories.supervisor()
    target = SimpleNamespace(body=body)
    recused = [_employer(target, officer, settings), _relation(target, officer, settings)]
    recused += [_blacklisted(target, officer, settings), _no_account(target, officer, settings)]
    # Overloaded by an inspection elsewhere (a body outside the plan's filter).
    busy = factories.supervisor()
    elsewhere = factories.inspection(
        body=factories.filed_body(district_code=factories.JIULONGPO), officer=officer
    )
    svc.assign_supervisor(inspection=elsewhere, user=officer, certification=busy)
    recused.append(busy)

    plan = plan_random(
        user=officer,
        criteria={"district": body.district_id},
        count=1,
        planned_for=timezone.localdate() + datetime.timedelta(days=3),
        seed=seed,
    )
    assert plan.explanation["chosen"] == [body.pk]
    assert plan.inspections.get().supervisor == clean.person
    assert clean.person_id not in {c.person_id for c in recused}


@pytest.mark.django_db
def test_a_body_nobody_may_inspect_is_left_unassigned_with_the_reasons(settings):
    officer = factories.centre_officer()
    body = factories.filed_body()
    factories.supervisor(employer_body=body)
    factories.supervisor(employer_body=body)
    plan = plan_random(
        user=officer,
        criteria={},
        count=1,
        planned_for=timezone.localdate() + datetime.timedelta(days=3),
        seed=1,
    )
    inspection = plan.inspections.get()
    assert (inspection.status, inspection.supervisor) == ("planned", None)
    assert plan.explanation["supervisors"] == {str(body.pk): None}
    assert plan.explanation["unassigned"] == {str(body.pk): {"recused_employer": 2}}


@pytest.mark.django_db
def test_a_random_plan_respects_the_load_limit(settings):
    settings.INSPECTION_OPEN_PER_SUPERVISOR = 1
    officer = factories.centre_officer()
    for _n in range(3):
        factories.filed_body()
    a, b = factories.supervisor(), factories.supervisor()
    plan = plan_random(
        user=officer,
        criteria={},
        count=3,
        planned_for=timezone.localdate() + datetime.timedelta(days=3),
        seed=5,
    )
    given = [i.supervisor_id for i in plan.inspections.all()]
    assert sorted(p for p in given if p) == sorted([a.person_id, b.person_id])
    assert given.count(None) == 1
    assert list(plan.explanation["unassigned"].values()) == [{"overloaded": 2}]


@pytest.mark.django_db
def test_a_random_plan_refuses_more_bodies_than_candidates():
    officer = factories.centre_officer()
    factories.filed_body()
    factories.filed_body()
    factories.draft_application(with_materials=False)  # pending: not a candidate
    factories.supervisor()
    day = timezone.localdate() + datetime.timedelta(days=3)
    for count in (3, 0):
        with pytest.raises(ValidationError) as error:
            plan_random(user=officer, criteria={}, count=count, planned_for=day, seed=1)
        assert "count" in error.value.message_dict
    assert not RandomPlan.objects.exists()
    assert not Inspection.objects.exists()
    assert plan_random(user=officer, criteria={}, count=2, planned_for=day, seed=1).inspections.count() == 2


@pytest.mark.django_db
def test_a_district_officer_draws_only_from_their_district():
    mine = {factories.filed_body().pk, factories.filed_body().pk}
    factories.filed_body(district_code=factories.JIULONGPO)
    officer = factories.district_officer(factories.YUZHONG)
    day = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        plan_random(user=officer, criteria={}, count=3, planned_for=day, seed=1)
    plan = plan_random(user=officer, criteria={}, count=2, planned_for=day, seed=1)
    assert set(plan.explanation["chosen"]) == mine


@pytest.mark.django_db
def test_only_officers_plan_at_random():
    factories.filed_body()
    with pytest.raises(PermissionDenied):
        plan_random(
            user=factories.supervisor().person.account,
            criteria={},
            count=1,
            planned_for=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert not RandomPlan.objects.exists()


# --- checklist versions --------------------------------------------------------------------------


def items_of(template) -> list[tuple[str, str]]:
    return [(i.area, i.text) for i in template.items.all()]


@pytest.mark.django_db
def test_revising_a_checklist_makes_a_new_version_and_earlier_inspections_keep_theirs():
    centre = factories.centre_officer()
    v1 = current_template("annual")
    assert v1.version == 1
    v1_items = items_of(v1)
    earlier = factories.inspection_in("in_progress", officer=centre)
    assert earlier.template == v1

    edited = [*v1_items[1:], ("安全管理", "考场消防通道畅通，应急预案完备")]
    v2 = revise_template(template=v1, user=centre, title=v1.title, items=edited, note="删第 1 项，增安全管理")

    assert (v2.code, v2.version, v2.created_by) == ("annual", 2, centre)
    assert items_of(v2) == edited
    assert [i.position for i in v2.items.all()] == list(range(1, len(edited) + 1))
    assert items_of(ChecklistTemplate.objects.get(pk=v1.pk)) == v1_items
    assert current_template("annual") == v2
    later = factories.inspection(officer=centre)
    assert later.template == v2

    # The earlier inspection is still answered, signed and reported on its own version.
    earlier.refresh_from_db()
    assert earlier.template == v1
    account = earlier.supervisor.account
    answer_everything(earlier, account)
    svc.sign_and_submit(
        inspection=earlier, user=account, signed_name=earlier.supervisor.name, summary="", pledge=True
    )
    content = Report.objects.get(inspection=earlier).content
    assert "第 1 版" in content["checklist_title"]
    assert [(row["area"], row["text"]) for row in content["checklist"]] == v1_items


@pytest.mark.django_db
def test_revising_from_an_old_version_makes_the_next_version():
    centre = factories.centre_officer()
    v1 = current_template("on-site")
    revise_template(
        template=v1, user=centre, title="现场督导检查表（修订）", items=items_of(v1), note="改标题"
    )
    v3 = revise_template(template=v1, user=centre, title=v1.title, items=items_of(v1)[:5], note="精简")
    assert v3.version == 3
    assert ChecklistTemplate.objects.filter(code="on-site").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "error"),
    [
        ("nothing", ValidationError),
        ("no_note", ValidationError),
        ("no_items", ValidationError),
        ("district_officer", PermissionDenied),
    ],
)
def test_a_revision_is_refused_when(change, error):
    v1 = current_template("annual")
    user = factories.district_officer() if change == "district_officer" else factories.centre_officer()
    items = (
        [] if change == "no_items" else items_of(v1) + ([] if change == "nothing" else [("新", "新增一项")])
    )
    with pytest.raises(error):
        revise_template(
            template=v1, user=user, title=v1.title, items=items, note="" if change == "no_note" else "修订"
        )
    assert list(ChecklistTemplate.objects.filter(code="annual")) == [v1]


# --- report revisions ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_report_gets_a_new_revision_only_when_its_content_changes():
    officer = factories.centre_officer()
    inspection = factories.inspection_in("submitted", findings=("major",), officer=officer)
    (first,) = Report.objects.filter(inspection=inspection)
    assert first.revision == 1
    assert first.content_sha256 == content_hash(first.content)

    # Issuing again with nothing changed returns the same revision.
    assert issue_report(inspection=inspection) == first
    assert Report.objects.filter(inspection=inspection).count() == 1

    # The review adds the officer's note and the rectification order: a second revision.
    svc.review_inspection(inspection=inspection, user=officer, note="情况属实")
    second = Report.objects.get(inspection=inspection, revision=2)
    assert second.content_sha256 != first.content_sha256
    assert second.content_sha256 == content_hash(second.content)
    assert second.code != first.code
    assert [o["number"] for o in second.content["orders"]] == [inspection.orders.get().number]
    assert second.content["review"]["note"] == "情况属实"
    # The first revision stays as it was issued.
    assert Report.objects.get(pk=first.pk).content == first.content

    # Closing changes the state, not what the report says: no third revision.
    order = inspection.orders.get()
    orders.respond_to_order(order=order, user=admin_of(order.body), response="已整改")
    orders.decide_order(order=order, user=officer, accept=True)
    svc.close_inspection(inspection=inspection, user=officer)
    assert issue_report(inspection=Inspection.objects.get(pk=inspection.pk)) == second
    assert Report.objects.filter(inspection=inspection).count() == 2

"""A world with items in every queue of every role, and items no role may count (another district,
another body, closed or done), for the to-do tests.

Body A (filed, 渝中区, `admin_a`) and body B (filed, 九龙坡区, `admin_b`); the officers are
`district_same` (渝中区), `district_other` (九龙坡区), `centre`, `centre2`; `supervisor` is a certified
quality supervisor's account; `newcomer` is a body administrator without a body; `expert` a specification
expert.
"""

import datetime

from django.test import override_settings
from django.utils import timezone

from accounts.roles import Role
from audits.models import RectificationOrder
from audits.services import evaluations as evaluation_svc
from audits.services import inspections as inspection_svc
from audits.services import orders as order_svc
from certificates.services import cases as case_svc
from examiners.models import Assignment, Draw
from integrity.models import Entry, Objection, Repair
from registry import services as registry_svc
from tests import factories
from tests.audits.conftest import SCORES, evaluation_for
from tests.helpers import admin_of


def _application(admin, target, *, district_code=factories.YUZHONG, notice_days=0):
    application = factories.draft_application(admin=admin, district_code=district_code)
    if target == "returned":
        factories.advance(application, "district_review")
        registry_svc.decide_application(
            application=application,
            user=factories.district_officer(district_code),
            action="return_for_correction",
            reason="材料不全",
        )
        return application
    if target == "public_notice":
        factories.advance(application, "centre_review")
        with override_settings(FILING_NOTICE_WORKING_DAYS=notice_days):
            registry_svc.decide_application(
                application=application, user=factories.centre_officer(), action="approve"
            )
        return application
    return factories.advance(application, target)


def _assigned(officer, body, cert, *, start=False):
    inspection = factories.inspection(officer=officer, body=body)
    inspection_svc.assign_supervisor(inspection=inspection, user=officer, certification=cert)
    if start:
        inspection_svc.start_inspection(inspection=inspection, user=cert.person.account)
    return inspection


def _staffed(session, user):
    """Fill every place of the session as a draw would (3 examiners, 1 supervisor)."""
    draw = Draw.objects.create(session=session, seed=1, drawn_by=user)
    for _n in range(session.examiners_needed):
        cert = factories.certification()
        Assignment.objects.create(
            session=session, draw=draw, person=cert.person, certification=cert, role="examiner"
        )
    cert = factories.certification(role="supervisor")
    Assignment.objects.create(
        session=session, draw=draw, person=cert.person, certification=cert, role="supervisor"
    )


def build() -> dict:
    admin_a = factories.body_admin(username="admin_a")
    admin_b = factories.body_admin(username="admin_b")
    body_a = factories.filed_body(admin=admin_a)
    body_b = factories.filed_body(admin=admin_b, district_code=factories.JIULONGPO)
    centre = factories.centre_officer(username="centre")
    centre2 = factories.centre_officer(username="centre2")
    district_same = factories.district_officer(factories.YUZHONG, username="district_same")
    district_other = factories.district_officer(factories.JIULONGPO, username="district_other")
    cert = factories.supervisor(account=factories.user_with_role(Role.SUPERVISOR, username="supervisor"))
    users = {
        "admin_a": admin_a,
        "admin_b": admin_b,
        "district_same": district_same,
        "district_other": district_other,
        "centre": centre,
        "centre2": centre2,
        "supervisor": cert.person.account,
        "newcomer": factories.body_admin(username="newcomer"),
        "expert": factories.expert(username="expert"),
    }

    # Filing: admin_a has a draft and a returned application, admin_b one draft.
    _application(admin_a, "draft")
    _application(admin_a, "returned")
    _application(admin_b, "draft")
    other = factories.body_admin()
    _application(other, "submitted")
    _application(other, "district_review")
    _application(other, "submitted", district_code=factories.JIULONGPO)
    _application(other, "centre_review")
    _application(other, "centre_review", district_code=factories.JIULONGPO)
    _application(other, "public_notice", notice_days=0)  # notice over: to publish
    _application(other, "public_notice", notice_days=5)  # still in notice
    _application(other, "filed")

    # Sessions: one to come waiting for a draw at A, one at B; one staffed, one past.
    factories.session(body=body_a)
    factories.session(body=body_b)
    _staffed(factories.session(body=body_a), centre)
    factories.session(body=body_a, date=timezone.localdate() - datetime.timedelta(days=3))

    # Inspections: the supervisor's assigned and in progress at A, another supervisor's at B.
    _assigned(centre, body_a, cert)
    _assigned(centre, body_b, cert, start=True)
    _assigned(centre, body_a, factories.supervisor())
    factories.inspection_in("submitted", body=body_a, officer=centre)
    factories.inspection_in("submitted", body=body_b, officer=centre)
    # Reviewed inspections with orders: A issued (one overdue), A responded, B issued, A accepted.
    reviewed = [
        factories.inspection_in("reviewed", body=body, officer=centre) for body in (body_a,) * 4 + (body_b,)
    ]
    orders = [RectificationOrder.objects.get(inspection=i) for i in reviewed]
    RectificationOrder.objects.filter(pk=orders[0].pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    order_svc.respond_to_order(order=orders[1], user=admin_a, response="已整改")
    order_svc.respond_to_order(order=orders[2], user=admin_a, response="已整改")
    order_svc.decide_order(order=orders[2], user=centre, accept=False, note="整改不到位")  # → a proposal
    order_svc.respond_to_order(order=orders[3], user=admin_a, response="已整改")
    order_svc.decide_order(order=orders[3], user=centre, accept=True)

    # Evaluations: A scheduled; B self-assessed; two scored by centre (centre2 grades them); one published.
    evaluation_for(body_a, officer=centre)
    e_b = evaluation_for(body_b, officer=centre)
    evaluation_svc.submit_self_assessment(evaluation=e_b, user=admin_b, text="自评报告")
    for _n in range(2):
        scored = evaluation_for(officer=centre)
        evaluation_svc.submit_self_assessment(evaluation=scored, user=admin_of(scored.body), text="自评")
        evaluation_svc.record_scores(evaluation=scored, user=centre, scores=SCORES, experts="专家甲")

    # Audit cases: opened and investigating at A, one dismissed.
    case_svc.open_complaint(user=centre, body=body_a, text="投诉一")
    case_svc.investigate(case=case_svc.open_complaint(user=centre, body=body_b, text="投诉二"), user=centre)
    case_svc.dismiss_case(
        case=case_svc.open_complaint(user=centre, body=body_a, text="投诉三"), user=centre, reason="不实"
    )

    # Integrity: the findings' entries on A; one objection filed, one decided; one repair applied, one decided.
    entries = list(Entry.objects.filter(subject_type="body", subject_id=body_a.pk).order_by("pk")[:4])
    Objection.objects.create(entry=entries[0], grounds="有误", filed_by=admin_a)
    Objection.objects.create(entry=entries[1], grounds="有误", filed_by=admin_a, status="upheld")
    Repair.objects.create(entry=entries[2], pledge="承诺", applied_by=admin_a)
    Repair.objects.create(entry=entries[3], pledge="承诺", applied_by=admin_a, status="granted")

    # Specifications: one to take up, admin_a's returned; the expert's opinion and vote awaited, others done.
    factories.proposed_specification(user=centre)
    factories.specification_in(
        "returned", version=factories.proposed_specification(user=admin_a, body=body_a)
    )
    factories.specification_in(
        "returned", version=factories.proposed_specification(user=admin_b, body=body_b)
    )
    panel = [users["expert"], factories.expert(), factories.expert()]
    factories.specification_in("argued", experts=panel)
    factories.specification_in("under_review", experts=panel)
    factories.specification_in("published", experts=panel)
    return users


# What each role's panel must show, worked out by hand from the world above.
EXPECTED = {
    "centre": {
        "centre_review": 2,
        "notice_over": 1,
        "sessions_waiting": 2,
        "inspections_to_review": 2,
        "orders_to_decide": 1,
        "proposals_to_decide": 1,
        "evaluations_to_score": 1,
        "evaluations_to_grade": 0,  # centre scored them itself
        "open_orders": 2,
        "cases_to_investigate": 1,
        "cases_to_decide": 1,
        "objections": 1,
        "repairs": 1,
        "specification_proposals": 1,
    },
    "district_same": {
        "district_review": 2,
        "inspections_to_review": 1,
        "orders_to_decide": 1,
        "open_orders": 1,
    },
    "supervisor": {"inspections_to_do": 2},
    "admin_a": {
        "drafts": 1,
        "returned": 1,
        "specifications_returned": 1,
        "orders_to_answer": 1,
        "evaluations_to_self_assess": 1,
    },
    "expert": {"opinions_to_give": 1, "votes_to_cast": 1},
    "newcomer": {},
}
EXPECTED["centre2"] = {**EXPECTED["centre"], "evaluations_to_grade": 2}
EXPECTED["district_other"] = {
    "district_review": 1,
    "inspections_to_review": 1,
    "orders_to_decide": 0,
    "open_orders": 1,
}

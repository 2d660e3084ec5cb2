"""Audits and certificates URLs (audits/urls.py at /audits/, certificates/urls.py at /certificates/,
audits/public_urls.py at /reports/, certificates/verify_urls.py at /verify/) × every role.

World: body A (filed, 渝中区, admin_a) and body B (filed, 九龙坡区, admin_b). The matrix's `supervisor`
signs in as the certified supervisor 督导员甲 (`cert_s`); 督导员乙 (`cert_o`) is another one.

Body A: `i_planned` (planned, nobody assigned), and 督导员甲's `i_assigned`, `i_progress` (answered,
finding `f_keep` with photo `ev_progress`, finding `f_del`), `i_submitted` (report `r_sub`) and
`i_reviewed` (order `o_issued`, photo `ev_reviewed`, report `r_insp`); other supervisors' reviewed
inspections: `i_clean` (no order, closable) and three with orders `o_responded` (answered with a PDF),
`o_responded2` (answered) and one rejected, which proposed suspension `p_a`. Evaluations of A:
`e_sched` (this year), `e_self` (self-assessed with a PDF), `e_scored` (scored by a colleague of the
matrix's centre officer), `e_graded` (report `r_eval`).
Body B: `ib_assigned` (督导员乙's: the matrix's supervisor must not see it), `ib_reviewed` (order `ob`,
report `r_b`, suspension proposal `p_b`), evaluation `e_b`.
Also: the annual checklist `tpl`; random plans `plan_c` (a centre colleague's) and `plan_d` (the 渝中区
officer's own). Anything a role may not see answers 404; visible but not allowed answers 403.

Credential audit (issue 6): rosters `ros_a` (body A's, uploaded by admin_a) and `ros_b` (body B's, by
admin_b), and the centre's `ros_mixed` (no single body: rows of A and of B), all with results; hits on
them grouped by assign_open_hits into one case per state for each body: `ca_opened`, `ca_investigating`,
`ca_confirmed` (its certificate revoked), `ca_dismissed`, and `cb_opened` … `cb_dismissed`; plus the
centre's complaint about A, `ca_complaint` (opened). `err_token` (`err_token_b`) names admin_a's
(admin_b's) refused-file error CSV. The supervisor is no reader of any of these (403, or 404 where the record is looked up first).
"""

import csv
import datetime
import io
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, resolve
from django.utils import timezone

from audits import public_urls
from audits import urls as audits_urls
from audits.models import (
    AnswerResult,
    ChecklistTemplate,
    Evaluation,
    Evidence,
    Finding,
    Inspection,
    ProposalReason,
    RandomPlan,
    RectificationOrder,
    Report,
    SuspensionProposal,
)
from audits.services import evaluations as evaluation_svc
from audits.services import inspections as svc
from audits.services import orders as order_svc
from audits.services import planning
from certificates import urls as certificates_urls
from certificates import verify_urls
from certificates.models import AuditCase, Hit, Result, Roster, Rule
from certificates.services import cases as case_svc
from examiners.models import Certification
from jobs.models import Job
from registry.identifiers import resident_id
from registry.models import AssessmentBody
from tests import factories
from tests.audits.conftest import SCORES, evaluation_for
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

TODAY = timezone.localdate()
SOON = (TODAY + datetime.timedelta(days=7)).isoformat()
LATER = (TODAY + datetime.timedelta(days=30)).isoformat()
SUPERVISOR_NAME = "督导员甲"

EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 200)
ANY_USER = row(LOGIN, 200, 200, 200, 200, 200, 200, 200)
NOT_FOUND = row(LOGIN, 404, 404, 404, 404, 404, 404, 404)
GET_ON_POST_ONLY = row(LOGIN, 405, 405, 405, 405, 405, 405, 405)
OFFICERS_ONLY = row(LOGIN, 403, 403, 200, 200, 200, 403, 403)
OFFICERS_AND_BUREAU = row(LOGIN, 403, 403, 200, 200, 200, 403, 200)
CENTRE_ONLY = row(LOGIN, 403, 403, 403, 403, 200, 403, 403)
CHECKLIST_READERS = row(LOGIN, 403, 403, 200, 200, 200, 200, 200)
# Who sees which inspection (a body only once reviewed; a supervisor only its own).
SEES_PLANNED_A = row(LOGIN, 404, 404, 200, 404, 200, 404, 200)
SEES_OWN_OPEN_A = row(LOGIN, 404, 404, 200, 404, 200, 200, 200)  # 督导员甲's, not yet reviewed
SEES_OWN_REVIEWED_A = row(LOGIN, 200, 404, 200, 404, 200, 200, 200)  # 督导员甲's, reviewed
SEES_A = row(LOGIN, 200, 404, 200, 404, 200, 404, 200)  # reviewed inspections of others, orders, evaluations
SEES_OPEN_B = row(LOGIN, 404, 404, 404, 200, 200, 404, 200)  # 督导员乙's, assigned
SEES_B = row(LOGIN, 404, 200, 404, 200, 200, 404, 200)
# Run by the assigned supervisor only; seen by the officers and the bureau.
OWN_SUPERVISOR = row(LOGIN, 404, 404, 403, 404, 403, 200, 403)
OWN_SUPERVISOR_POSTS = row(LOGIN, 404, 404, 403, 404, 403, 302, 403)
# Run by an officer of body A (a district officer of 渝中区 or the centre).
OFFICER_OF_OWN_OPEN_A = row(LOGIN, 404, 404, 200, 404, 200, 403, 403)
OFFICER_OF_PLANNED_A = row(LOGIN, 404, 404, 200, 404, 200, 404, 403)
OFFICER_OF_A = row(LOGIN, 403, 404, 200, 404, 200, 404, 403)
OFFICER_OF_A_POSTS = row(LOGIN, 403, 404, 302, 404, 302, 404, 403)
NOBODY_NOW_ON_A = row(LOGIN, 403, 404, 403, 404, 403, 404, 403)  # seen, but the state allows no one
NOBODY_NOW_ON_OWN_A = row(LOGIN, 403, 404, 403, 404, 403, 403, 403)
CENTRE_ON_A = row(LOGIN, 403, 404, 403, 404, 200, 404, 403)
CENTRE_POSTS_ON_A = row(LOGIN, 403, 404, 403, 404, 302, 404, 403)
BODY_ON_A = row(LOGIN, 200, 404, 403, 404, 403, 404, 403)

SCORE_DATA = {f"score_{area}": score for area, score in SCORES.items()}

# Credential audit: rosters, findings and cases are read by the officers, the bureau and the bodies (their
# own); a supervisor is turned away before anything is looked up. Only bodies and the centre import.
READERS = row(LOGIN, 200, 200, 200, 200, 200, 403, 200)
IMPORTERS = row(LOGIN, 200, 200, 403, 403, 200, 403, 403)
READS_A = row(LOGIN, 200, 404, 200, 404, 200, 403, 200)
READS_B = row(LOGIN, 404, 200, 404, 200, 200, 403, 200)
READS_NONE = row(LOGIN, 404, 404, 404, 404, 404, 403, 404)
# Case transitions: the centre's alone; the case is looked up first (no reader check), so the
# supervisor, who sees no case, gets 404.
CENTRE_DECIDES_A = row(LOGIN, 403, 404, 403, 404, 200, 404, 403)
CENTRE_DECIDES_B = row(LOGIN, 404, 403, 404, 403, 200, 404, 403)
NOBODY_NOW_ON_CASE_A = row(LOGIN, 403, 404, 403, 404, 403, 404, 403)
CENTRE_DECIDED_A = row(LOGIN, 403, 404, 403, 404, 302, 404, 403)
CENTRE_DECIDED_B = row(LOGIN, 404, 403, 404, 403, 302, 404, 403)
CASE_REASON = "证书信息与考核记录不符"


@dataclass(frozen=True)
class Upload:
    """A file field in a POST row: the bytes stored in ids[key], sent fresh on every request."""

    key: str
    name: str = "roster.csv"


# (method, url template, expected per role, POST data — its strings are templates too)
MATRIX = [
    # start pages
    ("get", "/audits/", row(LOGIN, 302, 302, 200, 200, 200, 302, 200), None),
    ("get", "/audits/mine/", row(LOGIN, 200, 200, 403, 403, 403, 403, 403), None),
    ("get", "/audits/tasks/", row(LOGIN, 403, 403, 403, 403, 403, 200, 403), None),
    # inspections
    ("get", "/audits/inspections/", OFFICERS_AND_BUREAU, None),
    ("get", "/audits/inspections/?status=assigned&kind=annual&q=DD", OFFICERS_AND_BUREAU, None),
    ("get", "/audits/inspections/new/", OFFICERS_ONLY, None),
    ("get", "/audits/inspections/new/?body={a_body}", OFFICERS_ONLY, None),
    ("get", "/audits/inspections/{i_planned}/", SEES_PLANNED_A, None),
    ("get", "/audits/inspections/{i_assigned}/", SEES_OWN_OPEN_A, None),
    ("get", "/audits/inspections/{i_progress}/", SEES_OWN_OPEN_A, None),
    ("get", "/audits/inspections/{i_submitted}/", SEES_OWN_OPEN_A, None),
    ("get", "/audits/inspections/{i_reviewed}/", SEES_OWN_REVIEWED_A, None),
    ("get", "/audits/inspections/{i_clean}/", SEES_A, None),
    ("get", "/audits/inspections/{ib_assigned}/", SEES_OPEN_B, None),
    ("get", "/audits/inspections/{ib_reviewed}/", SEES_B, None),
    ("get", "/audits/inspections/999999/", NOT_FOUND, None),
    ("get", "/audits/inspections/{i_planned}/assign/", OFFICER_OF_PLANNED_A, None),
    ("get", "/audits/inspections/{i_assigned}/assign/", OFFICER_OF_OWN_OPEN_A, None),
    # not in a state that can be (re)assigned: the officer is sent back to the inspection
    ("get", "/audits/inspections/{i_reviewed}/assign/", row(LOGIN, 403, 404, 302, 404, 302, 403, 403), None),
    ("get", "/audits/inspections/{ib_assigned}/assign/", row(LOGIN, 404, 404, 404, 200, 200, 404, 403), None),
    ("get", "/audits/inspections/{i_progress}/fill/", OWN_SUPERVISOR, None),
    ("get", "/audits/inspections/{i_assigned}/fill/", OWN_SUPERVISOR_POSTS, None),  # not started: back
    ("get", "/audits/inspections/{ib_assigned}/fill/", row(LOGIN, 404, 404, 404, 403, 403, 404, 403), None),
    ("get", "/audits/inspections/{i_progress}/findings/", GET_ON_POST_ONLY, None),
    ("get", "/audits/inspections/{i_progress}/submit/", OWN_SUPERVISOR, None),
    ("get", "/audits/inspections/{i_reviewed}/submit/", row(LOGIN, 403, 404, 403, 404, 403, 302, 403), None),
    ("get", "/audits/inspections/{ib_assigned}/submit/", row(LOGIN, 404, 404, 404, 403, 403, 404, 403), None),
    ("get", "/audits/inspections/{i_assigned}/start/", OWN_SUPERVISOR, None),
    ("get", "/audits/inspections/{ib_assigned}/start/", row(LOGIN, 404, 404, 404, 403, 403, 404, 403), None),
    ("get", "/audits/inspections/{i_progress}/start/", row(LOGIN, 404, 404, 403, 404, 403, 403, 403), None),
    ("get", "/audits/inspections/{i_submitted}/return_for_revision/", OFFICER_OF_OWN_OPEN_A, None),
    ("get", "/audits/inspections/{i_submitted}/review/", OFFICER_OF_OWN_OPEN_A, None),
    ("get", "/audits/inspections/{i_clean}/close/", OFFICER_OF_A, None),
    # an order still open: nobody can close it yet
    ("get", "/audits/inspections/{i_reviewed}/close/", NOBODY_NOW_ON_OWN_A, None),
    ("get", "/audits/inspections/{i_planned}/cancel/", OFFICER_OF_PLANNED_A, None),
    ("get", "/audits/inspections/{i_progress}/cancel/", OFFICER_OF_OWN_OPEN_A, None),
    ("get", "/audits/inspections/{i_planned}/nonsense/", NOT_FOUND, None),
    ("get", "/audits/inspections/{i_planned}/assign_supervisor/", NOT_FOUND, None),
    ("get", "/audits/inspections/999999/start/", NOT_FOUND, None),
    ("get", "/audits/findings/{f_del}/delete/", GET_ON_POST_ONLY, None),
    ("get", "/audits/evidence/{ev_progress}/", SEES_OWN_OPEN_A, None),
    ("get", "/audits/evidence/{ev_reviewed}/", SEES_OWN_REVIEWED_A, None),
    ("get", "/audits/evidence/{ev_b}/", SEES_B, None),
    ("get", "/audits/evidence/999999/", NOT_FOUND, None),
    # random plans (双随机): a district officer sees only their own
    ("get", "/audits/plans/new/", OFFICERS_ONLY, None),
    ("get", "/audits/plans/{plan_c}/", row(LOGIN, 403, 403, 404, 404, 200, 403, 403), None),
    ("get", "/audits/plans/{plan_d}/", row(LOGIN, 403, 403, 200, 404, 200, 403, 403), None),
    ("get", "/audits/plans/999999/", row(LOGIN, 403, 403, 404, 404, 404, 403, 403), None),
    # rectification orders
    ("get", "/audits/orders/", ANY_USER, None),
    ("get", "/audits/orders/?status=overdue&q=ZG", ANY_USER, None),
    ("get", "/audits/orders/{o_issued}/", SEES_OWN_REVIEWED_A, None),
    ("get", "/audits/orders/{o_responded}/", SEES_A, None),
    ("get", "/audits/orders/{ob}/", SEES_B, None),
    ("get", "/audits/orders/999999/", NOT_FOUND, None),
    ("get", "/audits/orders/{o_issued}/respond/", row(LOGIN, 200, 404, 403, 404, 403, 403, 403), None),
    ("get", "/audits/orders/{o_responded}/respond/", row(LOGIN, 302, 404, 403, 404, 403, 404, 403), None),
    ("get", "/audits/orders/{ob}/respond/", row(LOGIN, 404, 200, 404, 403, 403, 404, 403), None),
    ("get", "/audits/orders/{o_responded}/response/", SEES_A, None),
    ("get", "/audits/orders/{o_issued}/response/", NOT_FOUND, None),  # no answer yet, so no file
    ("get", "/audits/orders/{ob}/response/", NOT_FOUND, None),
    ("get", "/audits/orders/{o_responded}/accept_response/", OFFICER_OF_A, None),
    ("get", "/audits/orders/{o_responded2}/reject_response/", OFFICER_OF_A, None),
    ("get", "/audits/orders/{o_issued}/accept_response/", NOBODY_NOW_ON_OWN_A, None),
    ("get", "/audits/orders/{ob}/reject_response/", row(LOGIN, 404, 403, 404, 403, 403, 404, 403), None),
    ("get", "/audits/orders/{o_responded}/respond_later/", NOT_FOUND, None),
    # suspension proposals: officers only, the centre decides
    ("get", "/audits/proposals/", OFFICERS_AND_BUREAU, None),
    ("get", "/audits/proposals/?status=dismissed", OFFICERS_AND_BUREAU, None),
    ("get", "/audits/proposals/{p_a}/", row(LOGIN, 404, 404, 200, 404, 200, 404, 200), None),
    ("get", "/audits/proposals/{p_b}/", row(LOGIN, 404, 404, 404, 200, 200, 404, 200), None),
    ("get", "/audits/proposals/999999/", NOT_FOUND, None),
    (
        "get",
        "/audits/proposals/{p_a}/confirm_suspension/",
        row(LOGIN, 404, 404, 403, 404, 200, 404, 403),
        None,
    ),
    ("get", "/audits/proposals/{p_a}/dismiss_proposal/", row(LOGIN, 404, 404, 403, 404, 200, 404, 403), None),
    ("get", "/audits/proposals/{p_b}/dismiss_proposal/", row(LOGIN, 404, 404, 404, 403, 200, 404, 403), None),
    ("get", "/audits/proposals/{p_a}/nonsense/", NOT_FOUND, None),
    # evaluations
    ("get", "/audits/evaluations/", ANY_USER, None),
    ("get", "/audits/evaluations/?year=nonsense&status=scheduled&q=PG", ANY_USER, None),
    ("get", "/audits/evaluations/schedule/", CENTRE_ONLY, None),
    ("get", "/audits/evaluations/{e_sched}/", SEES_A, None),
    ("get", "/audits/evaluations/{e_graded}/", SEES_A, None),
    ("get", "/audits/evaluations/{e_b}/", SEES_B, None),
    ("get", "/audits/evaluations/999999/", NOT_FOUND, None),
    ("get", "/audits/evaluations/{e_sched}/self-assessment/", BODY_ON_A, None),
    (
        "get",
        "/audits/evaluations/{e_b}/self-assessment/",
        row(LOGIN, 404, 200, 404, 403, 403, 404, 403),
        None,
    ),
    ("get", "/audits/evaluations/{e_self}/scores/", CENTRE_ON_A, None),
    ("get", "/audits/evaluations/{e_b}/scores/", row(LOGIN, 404, 403, 404, 403, 302, 404, 403), None),
    ("get", "/audits/evaluations/{e_self}/document/", SEES_A, None),
    ("get", "/audits/evaluations/{e_sched}/document/", NOT_FOUND, None),  # nothing uploaded yet
    ("get", "/audits/evaluations/{e_scored}/assign_grade/", CENTRE_ON_A, None),
    ("get", "/audits/evaluations/{e_graded}/publish_result/", CENTRE_ON_A, None),
    ("get", "/audits/evaluations/{e_sched}/publish_result/", NOBODY_NOW_ON_A, None),
    ("get", "/audits/evaluations/{e_sched}/submit_self_assessment/", NOT_FOUND, None),
    ("get", "/audits/evaluations/{e_sched}/nonsense/", NOT_FOUND, None),
    # checklists
    ("get", "/audits/checklists/", CHECKLIST_READERS, None),
    ("get", "/audits/checklists/{tpl}/", CHECKLIST_READERS, None),
    ("get", "/audits/checklists/999999/", row(LOGIN, 403, 403, 404, 404, 404, 404, 404), None),
    ("get", "/audits/checklists/{tpl}/revise/", CENTRE_ONLY, None),
    ("get", "/audits/checklists/999999/revise/", row(LOGIN, 403, 403, 403, 403, 404, 403, 403), None),
    # report PDFs: whoever sees the inspection or evaluation
    ("get", "/audits/reports/{r_insp}/pdf/", SEES_OWN_REVIEWED_A, None),
    ("get", "/audits/reports/{r_sub}/pdf/", SEES_OWN_OPEN_A, None),
    ("get", "/audits/reports/{r_eval}/pdf/", SEES_A, None),
    ("get", "/audits/reports/{r_b}/pdf/", SEES_B, None),
    ("get", "/audits/reports/999999/pdf/", NOT_FOUND, None),
    # public verification of a printed report
    ("get", "/reports/verify/", EVERYONE, None),
    ("get", "/reports/verify/?code={r_sub_code}", row(302, 302, 302, 302, 302, 302, 302, 302), None),
    ("get", "/reports/verify/{r_insp_code}/", EVERYONE, None),
    ("get", "/reports/verify/{r_sub_code}/", EVERYONE, None),
    ("get", "/reports/verify/NOSUCHCODE/", row(404, 404, 404, 404, 404, 404, 404, 404), None),
    # credential audit: result rosters
    ("get", "/certificates/rosters/", READERS, None),
    ("get", "/certificates/rosters/?page=2", READERS, None),
    ("get", "/certificates/rosters/upload/", IMPORTERS, None),
    ("get", "/certificates/rosters/template.csv", IMPORTERS, None),
    ("get", "/certificates/rosters/template.xlsx", IMPORTERS, None),
    ("get", "/certificates/rosters/errors/{err_token}/", row(LOGIN, 200, 404, 404, 404, 404, 404, 404), None),
    (
        "get",
        "/certificates/rosters/errors/{err_token_b}/",
        row(LOGIN, 404, 200, 404, 404, 404, 404, 404),
        None,
    ),
    ("get", "/certificates/rosters/errors/{a_user}-nosuchfile/", NOT_FOUND, None),
    ("get", "/certificates/rosters/{ros_a}/", READS_A, None),
    ("get", "/certificates/rosters/{ros_b}/", READS_B, None),
    # a roster of several bodies has no body of its own: only who sees everything sees it
    ("get", "/certificates/rosters/{ros_mixed}/", row(LOGIN, 404, 404, 404, 404, 200, 403, 200), None),
    ("get", "/certificates/rosters/999999/", READS_NONE, None),
    # findings
    ("get", "/certificates/findings/", READERS, None),
    (
        "get",
        "/certificates/findings/?rule=CERT_NO_DUPLICATE&district={a_district}&q=机构&page=2",
        READERS,
        None,
    ),
    ("get", "/certificates/findings/?rule=nonsense&district=x&page=x", READERS, None),
    ("get", "/certificates/findings/?district=99999999999999999999", READERS, None),
    # audit cases
    ("get", "/certificates/cases/", READERS, None),
    ("get", "/certificates/cases/?status=confirmed&rule=UNDER_AGE", READERS, None),
    ("get", "/certificates/cases/new/", CENTRE_ONLY, None),
    ("get", "/certificates/cases/{ca_opened}/", READS_A, None),
    ("get", "/certificates/cases/{ca_investigating}/", READS_A, None),
    ("get", "/certificates/cases/{ca_confirmed}/", READS_A, None),
    ("get", "/certificates/cases/{ca_dismissed}/", READS_A, None),
    ("get", "/certificates/cases/{ca_complaint}/", READS_A, None),
    ("get", "/certificates/cases/{cb_opened}/", READS_B, None),
    ("get", "/certificates/cases/{cb_investigating}/", READS_B, None),
    ("get", "/certificates/cases/{cb_confirmed}/", READS_B, None),
    ("get", "/certificates/cases/{cb_dismissed}/", READS_B, None),
    ("get", "/certificates/cases/999999/", READS_NONE, None),
    ("get", "/certificates/cases/{ca_opened}/investigate/", CENTRE_DECIDES_A, None),
    ("get", "/certificates/cases/{ca_opened}/dismiss/", CENTRE_DECIDES_A, None),
    ("get", "/certificates/cases/{ca_investigating}/confirm/", CENTRE_DECIDES_A, None),
    ("get", "/certificates/cases/{ca_investigating}/dismiss/", CENTRE_DECIDES_A, None),
    ("get", "/certificates/cases/{cb_opened}/investigate/", CENTRE_DECIDES_B, None),
    ("get", "/certificates/cases/{cb_investigating}/confirm/", CENTRE_DECIDES_B, None),
    # not from this state: nobody
    ("get", "/certificates/cases/{ca_opened}/confirm/", NOBODY_NOW_ON_CASE_A, None),
    ("get", "/certificates/cases/{ca_investigating}/investigate/", NOBODY_NOW_ON_CASE_A, None),
    ("get", "/certificates/cases/{ca_confirmed}/dismiss/", NOBODY_NOW_ON_CASE_A, None),
    ("get", "/certificates/cases/{ca_dismissed}/investigate/", NOBODY_NOW_ON_CASE_A, None),
    # not a case action (methods of the model included)
    ("get", "/certificates/cases/{ca_opened}/nonsense/", NOT_FOUND, None),
    ("get", "/certificates/cases/{ca_opened}/delete/", NOT_FOUND, None),
    ("get", "/certificates/cases/{ca_opened}/_decide/", NOT_FOUND, None),
    ("get", "/certificates/cases/999999/investigate/", NOT_FOUND, None),
    # public certificate verification: the same answer for everyone
    ("get", "/verify/", EVERYONE, None),
    ("get", "/verify/?no={cert_issued}&name={name_issued}", EVERYONE, None),
    ("get", "/verify/?no={cert_revoked}&name={name_revoked}", EVERYONE, None),
    ("get", "/verify/?no={cert_issued}&name=%E5%BC%A0%E4%B8%89", row(*[404] * 8), None),  # wrong name
    ("get", "/verify/?no=NOSUCHNUMBER&name={name_issued}", row(*[404] * 8), None),
    ("get", "/verify/?no={cert_issued}", EVERYONE, None),  # half a question: asked for the other half
    # --- POSTs last: each acts on its own record, so one does not move another's out of its state ----------
    (
        "post",
        "/audits/inspections/new/",
        row(LOGIN, 403, 403, 302, 200, 302, 403, 403),  # body A is not among the other district's
        {"kind": "annual", "body": "{a_body}", "planned_for": SOON},
    ),
    (
        "post",
        "/audits/plans/new/",
        row(LOGIN, 403, 403, 302, 302, 302, 403, 403),
        {"count": 1, "planned_for": SOON, "seed": 7},
    ),
    (
        "post",
        "/audits/inspections/{i_planned}/assign/",
        row(LOGIN, 404, 404, 302, 404, 302, 404, 403),
        {"certification": "{cert_o}", "expected_status": "planned"},
    ),
    (
        "post",
        "/audits/inspections/{ib_assigned}/assign/",
        row(LOGIN, 404, 404, 404, 302, 302, 404, 403),
        {"certification": "{cert_s}", "expected_status": "assigned"},
    ),
    (
        "post",
        "/audits/inspections/{ib_assigned}/start/",
        row(LOGIN, 404, 404, 404, 403, 403, 404, 403),
        {"expected_status": "assigned"},
    ),
    (
        "post",
        "/audits/inspections/{i_assigned}/start/",
        OWN_SUPERVISOR_POSTS,
        {"expected_status": "assigned"},
    ),
    (
        "post",
        "/audits/inspections/{i_progress}/findings/",
        OWN_SUPERVISOR_POSTS,
        {"severity": "observation", "description": "消防通道堆放杂物"},
    ),
    ("post", "/audits/findings/{f_del}/delete/", OWN_SUPERVISOR_POSTS, {}),
    ("post", "/audits/findings/{f_b}/delete/", row(LOGIN, 404, 403, 404, 403, 403, 404, 403), {}),
    ("post", "/audits/inspections/{i_progress}/fill/", OWN_SUPERVISOR_POSTS, {"then": "stay"}),
    (
        "post",
        "/audits/inspections/{i_progress}/submit/",
        OWN_SUPERVISOR_POSTS,
        {
            "summary": "总体规范。",
            "signed_name": SUPERVISOR_NAME,
            "pledge": "on",
            "expected_status": "in_progress",
        },
    ),
    (
        "post",
        "/audits/inspections/{i_submitted}/review/",
        row(LOGIN, 404, 404, 302, 404, 302, 403, 403),
        {"reason": "情况属实", "deadline": LATER, "expected_status": "submitted"},
    ),
    (
        "post",
        "/audits/inspections/{i_clean}/close/",
        OFFICER_OF_A_POSTS,
        {"reason": "", "expected_status": "reviewed"},
    ),
    (
        "post",
        "/audits/orders/{o_issued}/respond/",
        row(LOGIN, 302, 404, 403, 404, 403, 403, 403),
        {"response": "已整改完毕，制度已修订。", "expected_status": "issued"},
    ),
    (
        "post",
        "/audits/orders/{ob}/respond/",
        row(LOGIN, 404, 302, 404, 403, 403, 404, 403),
        {"response": "已整改完毕。", "expected_status": "issued"},
    ),
    (
        "post",
        "/audits/orders/{o_responded}/accept_response/",
        OFFICER_OF_A_POSTS,
        {"reason": "", "expected_status": "responded"},
    ),
    (
        "post",
        "/audits/orders/{o_responded2}/reject_response/",
        OFFICER_OF_A_POSTS,
        {"reason": "整改不到位", "expected_status": "responded", "understood": "on"},
    ),
    (
        "post",
        "/audits/proposals/{p_a}/dismiss_proposal/",
        row(LOGIN, 404, 404, 403, 404, 302, 404, 403),
        {"reason": "已整改到位", "expected_status": "proposed"},
    ),
    (
        "post",
        "/audits/evaluations/{e_sched}/self-assessment/",
        row(LOGIN, 302, 404, 403, 404, 403, 404, 403),
        {"text": "本机构年度自评报告。", "expected_status": "scheduled"},
    ),
    (
        "post",
        "/audits/evaluations/{e_self}/scores/",
        CENTRE_POSTS_ON_A,
        {**SCORE_DATA, "experts": "张三、李四", "expected_status": "self_assessed"},
    ),
    (
        "post",
        "/audits/evaluations/{e_scored}/assign_grade/",
        CENTRE_POSTS_ON_A,
        {"expected_status": "scored"},
    ),
    (
        "post",
        "/audits/evaluations/{e_graded}/publish_result/",
        CENTRE_POSTS_ON_A,
        {"expected_status": "graded"},
    ),
    (
        "post",
        "/audits/evaluations/schedule/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403),
        {"year": TODAY.year + 1, "due_on": f"{TODAY.year + 1}-06-30"},
    ),
    (
        "post",
        "/audits/checklists/{tpl}/revise/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403),
        {"title": "年度检查表（修订）", "items": "organisation | 机构设置是否符合备案", "note": "精简检查项"},
    ),
    # credential audit: an importer's upload becomes a job (302 to its page); the job imports only the
    # uploader's own bodies' rows and refuses, storing nothing, another body's file (see
    # test_a_body_administrator_imports_and_sees_only_its_own_bodys_data)
    (
        "post",
        "/certificates/rosters/upload/",
        row(LOGIN, 302, 302, 403, 403, 302, 403, 403),
        {"file": Upload("csv_a")},
    ),
    (
        "post",
        "/certificates/rosters/upload/",
        row(LOGIN, 302, 302, 403, 403, 302, 403, 403),
        {"file": Upload("csv_b")},
    ),
    # the centre's background work: the full audit, the registry export, report PDFs in one zip
    ("get", "/certificates/audit/run/", GET_ON_POST_ONLY, None),
    ("post", "/certificates/audit/run/", row(LOGIN, 403, 403, 403, 403, 302, 403, 403), {}),
    ("get", "/certificates/export/", CENTRE_ONLY, None),
    ("post", "/certificates/export/", row(LOGIN, 403, 403, 403, 403, 302, 403, 403), {"mask_ids": "on"}),
    ("get", "/audits/reports/bundle/", CENTRE_ONLY, None),
    (
        "post",
        "/audits/reports/bundle/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403),
        {"kind": "inspection"},
    ),
    ("post", "/certificates/rosters/upload/", IMPORTERS, {}),  # no file: the form again
    (
        "post",
        "/certificates/cases/new/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403),
        {"body": "{a_body}", "text": "举报：该机构考核现场有替考。"},
    ),
    ("post", "/certificates/cases/{ca_opened}/investigate/", CENTRE_DECIDED_A, {"expected_status": "opened"}),
    (
        "post",
        "/certificates/cases/{ca_investigating}/confirm/",
        CENTRE_DECIDED_A,
        {"reason": CASE_REASON, "expected_status": "investigating", "understood": "on"},
    ),
    (
        "post",
        "/certificates/cases/{ca_complaint}/dismiss/",
        CENTRE_DECIDED_A,
        {"reason": "经核查投诉不实", "expected_status": "opened"},
    ),
    (
        "post",
        "/certificates/cases/{ca_confirmed}/dismiss/",
        NOBODY_NOW_ON_CASE_A,
        {"reason": "重新核查", "expected_status": "confirmed"},
    ),
    ("post", "/certificates/cases/{cb_opened}/investigate/", CENTRE_DECIDED_B, {"expected_status": "opened"}),
    (
        "post",
        "/certificates/cases/{cb_investigating}/dismiss/",
        CENTRE_DECIDED_B,
        {"reason": "数据录入错误，已更正", "expected_status": "investigating"},
    ),
    ("post", "/verify/", EVERYONE, {"no": "{cert_issued_raw}", "name": "{name_issued_raw}"}),
]


def walk(target: str, *, body, cert, officer, findings=("major",)):
    """An inspection of `body` by the supervisor of `cert`, taken through the services to `target`."""
    inspection = factories.inspection(body=body, officer=officer)
    svc.assign_supervisor(inspection=inspection, user=officer, certification=cert)
    if target == "assigned":
        return inspection
    account = cert.person.account
    svc.start_inspection(inspection=inspection, user=account)
    items = list(inspection.template.items.all())
    answers = {item.pk: (AnswerResult.YES, "") for item in items}
    for n, severity in enumerate(findings):
        item = items[n % len(items)]
        answers[item.pk] = (AnswerResult.NO, f"不符合：{item.text}")
        svc.add_finding(
            inspection=inspection,
            user=account,
            severity=severity,
            description=f"发现问题 {n + 1}",
            item_id=item.pk,
            uploads=[factories.png_upload()],
        )
    svc.save_answers(inspection=inspection, user=account, answers=answers)
    if target == "in_progress":
        return inspection
    svc.sign_and_submit(
        inspection=inspection, user=account, signed_name=cert.person.name, summary="总体规范。", pledge=True
    )
    if target == "submitted":
        return inspection
    svc.review_inspection(inspection=inspection, user=officer, note="情况属实")
    assert target == "reviewed", target
    return inspection


def latest_report(**source) -> Report:
    return Report.objects.filter(**source).order_by("-revision").first()


def reviewed_with_order(body, officer):
    """Another supervisor's reviewed inspection of `body` and the rectification order it gave."""
    inspection = factories.inspection_in("reviewed", body=body, officer=officer)
    return inspection, inspection.orders.get()


ROSTER_HEADERS = [
    "证书编号",
    "姓名",
    "证件号码",
    "职业编码",
    "等级",
    "理论成绩",
    "技能成绩",
    "考核日期",
    "发证日期",
    "考评员",
    "评价机构代码",
]


def roster_csv(
    filing_no: str, examiner_no: str, *, first: int, rows: int = 2, occupation="6-31-01-03"
) -> bytes:
    """A small valid roster of one body (by its filing number): passers at level 4, examined 3 days ago."""
    exam = TODAY - datetime.timedelta(days=3)
    issue = TODAY - datetime.timedelta(days=1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ROSTER_HEADERS)
    for n in range(first, first + rows):
        number = f"{filing_no}{issue.year % 100:02d}4{n:06d}"
        born = f"1990{1 + n % 9:02d}{10 + n % 18:02d}"
        row_ = [number, f"上传考生{n}", resident_id(n, born=born), occupation, "四级", 80, 88, exam, issue]
        writer.writerow([*row_, examiner_no, filing_no])
    return out.getvalue().encode("utf-8")


# One case per state for each body: the rule of the hits that open it.
CASE_RULES = {
    "opened": Rule.CERT_NO_DUPLICATE,
    "investigating": Rule.SCORE_FAIL_CERTIFIED,
    "confirmed": Rule.UNDER_AGE,
    "dismissed": Rule.DATE_ORDER,
}


def credential_world(users: dict, body_a, body_b, centre) -> dict:
    """Rosters, results, hits and cases of both bodies, and each body admin's refused-file error CSV."""
    ros_a = factories.roster(user=users["admin_a"], body=body_a, name="A机构成绩.csv")
    ros_b = factories.roster(user=users["admin_b"], body=body_b, name="B机构成绩.csv")
    ros_mixed = factories.roster(user=centre, body=None, name="汇总成绩.csv")
    ids = {}
    for body, roster in ((body_a, ros_a), (body_b, ros_b)):
        for state, rule in CASE_RULES.items():
            result = factories.result(body=body, in_roster=roster)
            Hit.objects.create(
                rule=rule, body=body, result=result, key=str(result.pk), detail=f"{rule}：{state}"
            )
        # a row of the centre's mixed roster, flagged like the opened case's
        result = factories.result(body=body, in_roster=ros_mixed)
        Hit.objects.create(
            rule=CASE_RULES["opened"],
            body=body,
            result=result,
            key=str(result.pk),
            detail="汇总名册中的重复证书",
        )
        factories.result(body=body, in_roster=roster, passed=False)  # a row nothing flagged
    case_svc.assign_open_hits()
    for prefix, body in (("a", body_a), ("b", body_b)):
        cases = {state: AuditCase.objects.get(body=body, rule=rule) for state, rule in CASE_RULES.items()}
        case_svc.investigate(case=cases["investigating"], user=centre)
        case_svc.investigate(case=cases["confirmed"], user=centre)
        case_svc.confirm_case(case=cases["confirmed"], user=centre, reason="未满最低年龄即发证")
        case_svc.dismiss_case(case=cases["dismissed"], user=centre, reason="日期录入错误，已更正")
        ids |= {f"c{prefix}_{state}": case.pk for state, case in cases.items()}
    ids["ca_complaint"] = case_svc.open_complaint(user=centre, body=body_a, text="举报：考评员未到场。").pk

    issued = Hit.objects.get(body=body_a, rule=CASE_RULES["opened"], result__roster=ros_a).result
    revoked = Hit.objects.get(body=body_a, rule=CASE_RULES["confirmed"]).result
    revoked.refresh_from_db()
    assert revoked.status == "revoked"

    examiner_no = factories.certification(role="examiner", grade="senior_examiner").certificate_no
    tokens = {}
    for who, body in (("admin_a", body_a), ("admin_b", body_b)):
        client = Client()
        client.force_login(users[who])
        bad = roster_csv(body.filing_no, examiner_no, first=800, occupation="9-99-99-99")
        response = client.post("/certificates/rosters/upload/", {"file": SimpleUploadedFile("bad.csv", bad)})
        assert response.status_code == 302, response.status_code
        job = Job.objects.filter(owner=users[who]).latest("pk")
        assert job.status == "failed", job.error
        tokens[who] = job.result_url.rstrip("/").rsplit("/", 1)[1]  # the refused file's problems
    assert not Roster.objects.exclude(pk__in=[ros_a.pk, ros_b.pk, ros_mixed.pk]).exists()
    return ids | {
        "b_body": body_b.pk,
        "a_district": body_a.district_id,
        "a_user": users["admin_a"].pk,
        "ros_a": ros_a.pk,
        "ros_b": ros_b.pk,
        "ros_mixed": ros_mixed.pk,
        "err_token": tokens["admin_a"],
        "err_token_b": tokens["admin_b"],
        "csv_a": roster_csv(body_a.filing_no, examiner_no, first=900),
        "csv_b": roster_csv(body_b.filing_no, examiner_no, first=950),
        "cert_issued": issued.certificate_no,
        "name_issued": quote(issued.name),
        "cert_issued_raw": issued.certificate_no,
        "name_issued_raw": issued.name,
        "cert_revoked": revoked.certificate_no,
        "name_revoked": quote(revoked.name),
    }


@pytest.fixture
def world():
    cache.clear()  # /verify/ counts look-ups per client address in the cache
    base = base_world()
    users, body_a, body_b = base["users"], base["body_a"], base["body_b"]
    admin_a = users["admin_a"]
    planner = factories.centre_officer()  # the matrix centre officer's colleague
    # Random plans drawn while no supervisor is certified: their inspections stay unassigned.
    plan_c = planning.plan_random(user=planner, criteria={}, count=1, planned_for=TODAY, seed=1)
    plan_d = planning.plan_random(
        user=users["district_same"], criteria={}, count=1, planned_for=TODAY, seed=1
    )

    cert_s = factories.supervisor(account=users["supervisor"], name=SUPERVISOR_NAME)
    cert_o = factories.supervisor(name="督导员乙")

    i_planned = factories.inspection(body=body_a, officer=planner)
    i_assigned = walk("assigned", body=body_a, cert=cert_s, officer=planner)
    i_progress = walk("in_progress", body=body_a, cert=cert_s, officer=planner, findings=("minor",))
    f_keep = i_progress.findings.get()
    f_del = svc.add_finding(
        inspection=i_progress, user=users["supervisor"], severity="observation", description="记录待删"
    )
    i_submitted = walk("submitted", body=body_a, cert=cert_s, officer=planner)
    i_reviewed = walk("reviewed", body=body_a, cert=cert_s, officer=planner)
    o_issued = i_reviewed.orders.get()
    i_clean = factories.inspection_in("reviewed", body=body_a, officer=planner, findings=("observation",))
    _i, o_responded = reviewed_with_order(body_a, planner)
    order_svc.respond_to_order(
        order=o_responded, user=admin_a, response="已整改。", upload=factories.pdf_upload("response.pdf")
    )
    _i, o_responded2 = reviewed_with_order(body_a, planner)
    order_svc.respond_to_order(order=o_responded2, user=admin_a, response="已整改。")
    _i, o_rejected = reviewed_with_order(body_a, planner)
    order_svc.respond_to_order(order=o_rejected, user=admin_a, response="已整改。")
    order_svc.decide_order(order=o_rejected, user=planner, accept=False, note="整改未到位")
    p_a = o_rejected.proposals.get()

    ib_assigned = walk("assigned", body=body_b, cert=cert_o, officer=planner)
    ib_reviewed, ob = reviewed_with_order(body_b, planner)
    p_b = order_svc.propose_suspension(body=body_b, reason=ProposalReason.ORDER_OVERDUE, order=ob)
    f_b = ib_reviewed.findings.first()

    year = TODAY.year
    e_sched = evaluation_for(body_a, officer=planner, year=year)
    e_b = evaluation_for(body_b, officer=planner, year=year)
    e_self, e_scored, e_graded = (evaluation_for(body_a, officer=planner, year=year - n) for n in (1, 2, 3))
    for evaluation in (e_self, e_scored, e_graded):
        evaluation_svc.submit_self_assessment(
            evaluation=evaluation, user=admin_a, text="自评报告。", upload=factories.pdf_upload("self.pdf")
        )
    for evaluation in (e_scored, e_graded):
        evaluation_svc.record_scores(evaluation=evaluation, user=planner, scores=SCORES, experts="王五、赵六")
    evaluation_svc.grade_evaluation(evaluation=e_graded, user=factories.centre_officer())

    r_sub = latest_report(inspection=i_submitted)
    r_insp = latest_report(inspection=i_reviewed)
    ids = {
        "a_body": body_a.pk,
        "cert_s": cert_s.pk,
        "cert_o": cert_o.pk,
        "i_planned": i_planned.pk,
        "i_assigned": i_assigned.pk,
        "i_progress": i_progress.pk,
        "i_submitted": i_submitted.pk,
        "i_reviewed": i_reviewed.pk,
        "i_clean": i_clean.pk,
        "ib_assigned": ib_assigned.pk,
        "ib_reviewed": ib_reviewed.pk,
        "f_del": f_del.pk,
        "f_b": f_b.pk,
        "ev_progress": Evidence.objects.get(finding=f_keep).pk,
        "ev_reviewed": Evidence.objects.filter(finding__inspection=i_reviewed).first().pk,
        "ev_b": Evidence.objects.filter(finding=f_b).first().pk,
        "plan_c": plan_c.pk,
        "plan_d": plan_d.pk,
        "o_issued": o_issued.pk,
        "o_responded": o_responded.pk,
        "o_responded2": o_responded2.pk,
        "ob": ob.pk,
        "p_a": p_a.pk,
        "p_b": p_b.pk,
        "e_sched": e_sched.pk,
        "e_self": e_self.pk,
        "e_scored": e_scored.pk,
        "e_graded": e_graded.pk,
        "e_b": e_b.pk,
        "tpl": i_planned.template_id,
        "r_sub": r_sub.pk,
        "r_sub_code": r_sub.code,
        "r_insp": r_insp.pk,
        "r_insp_code": r_insp.code,
        "r_eval": latest_report(evaluation=e_graded).pk,
        "r_b": latest_report(inspection=ib_reviewed).pk,
        **credential_world(users, body_a, body_b, planner),
    }
    return users, ids


def with_ids(matrix: list, ids: dict) -> list:
    """The matrix with the ids filled into its POST data as well as its URLs."""

    def fill(value):
        if isinstance(value, Upload):
            return SimpleUploadedFile(value.name, ids[value.key], content_type="text/csv")
        return value.format(**ids) if isinstance(value, str) else value

    return [
        (m, url, expected, {k: fill(v) for k, v in (data or {}).items()}) for m, url, expected, data in matrix
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, world, role):
    """One role against every URL; a failure lists every mismatching URL at once."""
    users, ids = world
    assert mismatches(client, users, role, with_ids(MATRIX, ids), ids) == []


def routes(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if hasattr(entry, "url_patterns"):
            yield from routes(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


@pytest.mark.django_db
def test_matrix_covers_every_audits_url(world):
    """Every route of audits/urls.py, audits/public_urls.py and audits/verify_urls.py, as mounted, is in
    the matrix."""
    _users, ids = world
    covered = {resolve(url.format(**ids).split("?")[0]).route for _m, url, _e, _d in MATRIX}
    ours = {f"audits/{p.pattern}" for p in audits_urls.urlpatterns}
    ours |= {f"reports/{p.pattern}" for p in public_urls.urlpatterns}
    ours |= {f"verify/{p.pattern}" for p in verify_urls.urlpatterns}
    ours |= {f"certificates/{p.pattern}" for p in certificates_urls.urlpatterns}
    assert ours <= set(routes(get_resolver()))  # mounted where the matrix expects them
    assert ours - covered == set()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_audits_url_sends_the_anonymous_to_the_login_page(client, world, method):
    """Only the public verification pages answer the anonymous visitor; the rest ask them to sign in."""
    _users, ids = world
    for m, url, expected, _data in MATRIX:
        if m == method and url.startswith(("/audits/", "/certificates/")):
            response = getattr(client, method)(url.format(**ids))
            assert (response.status_code, expected["anon"]) == (LOGIN, LOGIN), url
            assert response.url.startswith("/accounts/login/?next=/" + url.split("/")[1] + "/"), url


def listed(response, key="page") -> set[int]:
    page = response.context[key]
    return {i.pk for i in getattr(page, "object_list", page)}


@pytest.mark.django_db
def test_the_supervisor_lists_only_the_inspections_assigned_to_them(client, world):
    users, ids = world
    own = {ids[k] for k in ("i_assigned", "i_progress", "i_submitted", "i_reviewed")}
    client.force_login(users["supervisor"])
    response = client.get("/audits/tasks/")
    assert response.status_code == 200
    assert listed(response, "todo") == {ids["i_assigned"], ids["i_progress"]}
    assert listed(response, "done") == {ids["i_submitted"], ids["i_reviewed"]}
    numbers = dict(Inspection.objects.values_list("pk", "number"))
    page = response.content.decode()
    assert [n for pk, n in numbers.items() if n in page and pk not in own] == []
    # the officers' list is not theirs; nor are other supervisors' inspections
    assert client.get("/audits/inspections/").status_code == 403
    assert client.get(f"/audits/inspections/{ids['ib_assigned']}/").status_code == 404


@pytest.mark.django_db
def test_the_inspection_list_holds_only_what_the_role_may_see(client, world):
    users, ids = world
    of_a = set(Inspection.objects.filter(body_id=ids["a_body"]).values_list("pk", flat=True))
    everything = set(Inspection.objects.values_list("pk", flat=True))
    assert ids["ib_assigned"] in everything - of_a
    expected = {
        "district_same": of_a,
        "district_other": everything - of_a,
        "centre": everything,
        "bureau": everything,
    }
    for role, pks in expected.items():
        client.force_login(users[role])
        response = client.get("/audits/inspections/")
        assert response.status_code == 200, role
        assert listed(response) == pks, role
    # a body sees its own inspections once reviewed, on its own page
    client.force_login(users["admin_a"])
    response = client.get("/audits/mine/")
    reviewed = set(
        Inspection.objects.filter(body_id=ids["a_body"], status__in=["reviewed", "closed"]).values_list(
            "pk", flat=True
        )
    )
    assert listed(response, "inspections") == reviewed
    assert ids["i_reviewed"] in reviewed and ids["i_submitted"] not in reviewed


@pytest.mark.django_db
def test_a_body_administrator_imports_and_sees_only_its_own_bodys_data(client, world):
    users, ids = world
    body_a = AssessmentBody.objects.get(pk=ids["a_body"])
    body_b = AssessmentBody.objects.get(pk=ids["b_body"])
    client.force_login(users["admin_a"])

    # body B's rows are refused whole; body A's are stored
    refused = client.post(
        "/certificates/rosters/upload/", {"file": SimpleUploadedFile("b.csv", ids["csv_b"])}
    )
    assert Job.objects.filter(owner=users["admin_a"]).latest("pk").status == "failed"
    assert body_b.filing_no in client.get(refused.url).content.decode()  # the refused cell, listed
    mixed = ids["csv_a"] + ids["csv_b"].split(b"\r\n", 1)[1]  # A's rows and B's in one file
    refused = client.post("/certificates/rosters/upload/", {"file": SimpleUploadedFile("ab.csv", mixed)})
    assert Job.objects.filter(owner=users["admin_a"]).latest("pk").status == "failed"
    assert not Result.objects.filter(name__startswith="上传考生").exists()
    assert not Roster.objects.filter(original_name__in=["b.csv", "ab.csv"]).exists()
    response = client.post(
        "/certificates/rosters/upload/", {"file": SimpleUploadedFile("a.csv", ids["csv_a"])}
    )
    assert response.status_code == 302
    uploaded = Roster.objects.get(original_name="a.csv")
    assert (uploaded.body, uploaded.uploaded_by, uploaded.rows_stored) == (
        body_a,
        users["admin_a"],
        UPLOADED_ROWS,
    )
    assert set(uploaded.results.values_list("body", flat=True)) == {body_a.pk}

    b_certificates = [
        n for n in Result.objects.filter(body=body_b).values_list("certificate_no", flat=True) if n
    ]
    b_cases = list(AuditCase.objects.filter(body=body_b).values_list("number", flat=True))
    a_cases = list(AuditCase.objects.filter(body=body_a).values_list("number", flat=True))
    a_flagged = list(
        Hit.objects.filter(body=body_a, result__isnull=False).values_list("result__certificate_no", flat=True)
    )
    assert b_certificates and b_cases and a_cases and a_flagged
    b_marks = [body_b.name, body_b.filing_no, "B机构成绩.csv", "汇总成绩.csv", *b_certificates, *b_cases]

    pages = {
        "/certificates/rosters/": {"A机构成绩.csv", "a.csv", body_a.name},
        "/certificates/findings/": {body_a.name, body_a.filing_no, *a_flagged},
        "/certificates/cases/": {body_a.name, *a_cases},
    }
    for url, own in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert [mark for mark in own if mark not in page] == [], url
        assert [mark for mark in b_marks if mark in page] == [], url
    assert listed(client.get("/certificates/rosters/")) == {ids["ros_a"], uploaded.pk}
    assert listed(client.get("/certificates/cases/")) == set(
        AuditCase.objects.filter(body=body_a).values_list("pk", flat=True)
    )
    assert listed(client.get("/certificates/findings/"), "hits") == set(
        Hit.objects.filter(body=body_a).values_list("pk", flat=True)
    )

    # body B's records are not there for admin_a; they are for admin_b
    b_pages = [f"/certificates/rosters/{ids['ros_b']}/", f"/certificates/rosters/{ids['ros_mixed']}/"]
    b_pages += [f"/certificates/cases/{ids[f'cb_{state}']}/" for state in CASE_RULES]
    b_pages += [
        f"/certificates/cases/{ids['cb_opened']}/investigate/",
        f"/certificates/rosters/errors/{ids['err_token_b']}/",
    ]
    assert {url: client.get(url).status_code for url in b_pages} == dict.fromkeys(b_pages, 404)
    # nor can its findings be asked for by name or district
    other = client.get("/certificates/findings/", {"q": body_b.name, "district": body_b.district_id})
    assert other.context["total"] == 0
    client.force_login(users["admin_b"])
    own_b = [b_pages[0], *b_pages[2:-2]]
    assert {url: client.get(url).status_code for url in own_b} == dict.fromkeys(own_b, 200)


def states(ids: dict) -> dict:
    """What the POST rows act on, as it stands."""

    def status(model, key):
        return model.objects.get(pk=ids[key]).status

    return {
        "inspections": Inspection.objects.count(),
        "plans": RandomPlan.objects.count(),
        "i_planned": (
            status(Inspection, "i_planned"),
            Inspection.objects.get(pk=ids["i_planned"]).supervisor_id,
        ),
        "ib_assigned": Inspection.objects.get(pk=ids["ib_assigned"]).supervisor_certification_id,
        "i_assigned": status(Inspection, "i_assigned"),
        "i_progress": (
            status(Inspection, "i_progress"),
            Finding.objects.filter(inspection=ids["i_progress"]).count(),
        ),
        "f_del": Finding.objects.filter(pk=ids["f_del"]).exists(),
        "i_submitted": status(Inspection, "i_submitted"),
        "i_clean": status(Inspection, "i_clean"),
        "o_issued": status(RectificationOrder, "o_issued"),
        "ob": status(RectificationOrder, "ob"),
        "o_responded": status(RectificationOrder, "o_responded"),
        "o_responded2": status(RectificationOrder, "o_responded2"),
        "p_a": status(SuspensionProposal, "p_a"),
        "e_sched": status(Evaluation, "e_sched"),
        "e_self": status(Evaluation, "e_self"),
        "e_scored": status(Evaluation, "e_scored"),
        "e_graded": status(Evaluation, "e_graded"),
        "next_year": Evaluation.objects.filter(year=TODAY.year + 1).count(),
        "checklist_versions": ChecklistTemplate.objects.filter(
            code=ChecklistTemplate.objects.get(pk=ids["tpl"]).code
        ).count(),
        "rosters_a": Roster.objects.filter(body_id=ids["a_body"]).count(),
        "rosters_b": Roster.objects.filter(body_id=ids["b_body"]).count(),
        "results": Result.objects.count(),
        "complaints": AuditCase.objects.filter(rule="").count(),
        "revoked": Result.objects.filter(status="revoked").count(),
        **{key: status(AuditCase, key) for key in CASES_POSTED_ON},
    }


CASES_POSTED_ON = (
    "ca_opened",
    "ca_investigating",
    "ca_complaint",
    "ca_confirmed",
    "cb_opened",
    "cb_investigating",
)
UPLOADED_ROWS = 2  # in each of csv_a and csv_b


OFFICER_OF_A_DID = {
    "inspections": +2,  # one planned, one drawn
    "plans": +1,
    "i_planned": ("assigned", "cert_o"),
    "i_submitted": "reviewed",
    "i_clean": "closed",
    "o_responded": "accepted",
    "o_responded2": "rejected",
}
# The POST rows that redirect do what they ask (a 302 is not a refusal sent back with a message); the
# refused ones change nothing.
DONE_BY = {
    "admin_a": {
        "o_issued": "responded",
        "e_sched": "self_assessed",
        "rosters_a": +1,
        "results": +UPLOADED_ROWS,
    },
    "admin_b": {"ob": "responded", "rosters_b": +1, "results": +UPLOADED_ROWS},
    "district_same": OFFICER_OF_A_DID,
    "district_other": {"inspections": +1, "plans": +1, "ib_assigned": "cert_s"},
    "centre": {
        **OFFICER_OF_A_DID,
        "ib_assigned": "cert_s",
        "p_a": "dismissed",
        "e_self": "scored",
        "e_scored": "graded",
        "e_graded": "published",
        "next_year": +2,
        "checklist_versions": +1,
        "rosters_a": +1,
        "rosters_b": +1,
        "results": +2 * UPLOADED_ROWS,
        "complaints": +1,
        "revoked": +1,  # the one issued certificate among ca_investigating's hits
        "ca_opened": "investigating",
        "ca_investigating": "confirmed",
        "ca_complaint": "dismissed",
        "cb_opened": "investigating",
        "cb_investigating": "dismissed",
    },
    "supervisor": {"i_assigned": "in_progress", "i_progress": ("submitted", +0), "f_del": False},
    "bureau": {},
    "anon": {},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_posts_that_redirect_did_their_work(client, world, role):
    users, ids = world
    posts = [r for r in with_ids(MATRIX, ids) if r[0] == "post"]
    before = states(ids)
    assert mismatches(client, users, role, posts, ids) == []
    after = states(ids)
    expected = dict(before)
    for key, value in DONE_BY[role].items():
        if isinstance(value, int) and not isinstance(value, bool):
            value = before[key] + value
        elif key == "i_planned":
            value = (value[0], Certification.objects.get(pk=ids[value[1]]).person_id)
        elif key == "ib_assigned":
            value = ids[value]
        elif key == "i_progress":
            value = (value[0], before[key][1] + value[1])
        expected[key] = value
    assert after == expected

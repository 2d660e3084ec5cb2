"""Demo supervision data: quality supervisors who sign in, a revised checklist, inspections of every kind
in every state with findings and photo evidence, rectification orders and suspension proposals in every
state, and two years of periodic evaluations (last year's all published, this year's at every step).

Built in parts, one module per sub-domain, on one builder object (so that all draw on one random
sequence): demo.supervisors, demo.inspections (photos from demo.photos), demo.rectification and
demo.evaluations, on the dates and backdating of demo.supervision. This module holds the plan: which
body is inspected when, and in what order the parts run.
"""

import datetime
import itertools

from django.contrib.auth.models import User

from audits.models import (
    ChecklistTemplate,
    Evaluation,
    Inspection,
    InspectionKind,
    InspectionStatus,
    RandomPlan,
    RectificationOrder,
    SuspensionProposal,
)
from audits.services import inspections, orders, planning
from audits.services.checklists import current_template, revise_template
from demo.evaluations import Evaluations
from demo.inspections import Inspections, Visit
from demo.supervisors import Supervisors
from examiners.models import AssessmentSession
from registry.models import AssessmentBody, BodyStatus


class _Builder(Supervisors, Inspections, Evaluations):
    # --- the whole demo --------------------------------------------------------------------------------
    def build(self) -> dict:
        s1, s2, s3, s4 = self.supervisors()
        self.users.update({u.username: u for u in User.objects.filter(username__startswith="district_")})
        org01 = AssessmentBody.objects.filter(applications__applicant__username="org01").distinct().get()
        sessions = list(AssessmentSession.objects.order_by("date", "pk"))
        drawn = [s for s in sessions if s.draws.exists()]
        past_a, past_b, today_c = drawn[1], drawn[2], drawn[3]
        future = [s for s in sessions if s not in (past_a, past_b, today_c)]
        session_bodies = {s.body_id for s in sessions}
        inspectable = list(AssessmentBody.objects.filter(status__in=inspections.INSPECTABLE).order_by("pk"))
        free = [
            b
            for b in inspectable
            if b.status == BodyStatus.ACTIVE and b.pk not in session_bodies and b.pk != org01.pk
        ]
        # F: a critical finding, its order rejected, the proposal dismissed; G: order rejected, proposal
        # waiting; H: order overdue, proposal waiting.
        recusal_body, rejected_body, overdue_body = free[0], free[1], free[2]
        reserved = {org01.pk, recusal_body.pk, rejected_body.pk, overdue_body.pk}
        failed, basic = self.last_year(prefer_not=session_bodies, never=reserved)
        reserved |= {failed.pk, basic.pk}
        pool = [b for b in inspectable if b.pk not in reserved and not b.rectifying_for_integrity]
        self.rng.shuffle(pool)
        others = itertools.cycle(pool)  # a body may be inspected again if the demo runs out of them
        yuzhong = self.users["district_yuzhong"]
        yuzhong_body = (
            AssessmentBody.objects.filter(district=yuzhong.profile.district, status=BodyStatus.ACTIVE)
            .exclude(pk__in=reserved)
            .order_by("-pk")
            .first()
        )
        district_planner = "district_yuzhong" if yuzhong_body is not None else "centre1"
        yuzhong_body = yuzhong_body or next(others)
        annual, special, on_site = InspectionKind.ANNUAL, InspectionKind.SPECIAL, InspectionKind.ON_SITE
        closed, reviewed, submitted = (
            InspectionStatus.CLOSED,
            InspectionStatus.REVIEWED,
            InspectionStatus.SUBMITTED,
        )
        in_progress, assigned, planned = (
            InspectionStatus.IN_PROGRESS,
            InspectionStatus.ASSIGNED,
            InspectionStatus.PLANNED,
        )
        cancelled = InspectionStatus.CANCELLED
        # Before the on-site checklist was revised (these keep version 1).
        earlier = [
            Visit(annual, next(others), -96, closed, s1, findings=("systems",), reviewed=-92, closed=-90),
            Visit(
                annual,
                next(others),
                -70,
                cancelled,
                cancelled=-72,
                reason="机构申请调整备案职业范围，年度检查并入下季度专项检查一并进行。",
            ),
            Visit(
                special,
                next(others),
                -82,
                closed,
                s2,
                topic="证书发放与信息上传专项检查",
                findings=("scoring_edit", "upload"),
                reviewed=-78,
                responded=-52,
                order="accepted",
                decided=-48,
                closed=-47,
            ),
            Visit(annual, next(others), -75, closed, s2, findings=("staff",), reviewed=-71, closed=-70),
            Visit(annual, next(others), -66, closed, s1, reviewed=-63, closed=-62),
            Visit(
                special,
                recusal_body,
                -60,
                reviewed,  # not closed: an inspection whose order was rejected stays open on the books
                s1,
                topic="考评人员回避制度执行情况专项检查",
                findings=("archive", "recusal"),
                reviewed=-56,
                responded=-33,
                order="rejected",
                decided=-27,
                dismissed=-22,
            ),
            Visit(
                annual, overdue_body, -50, reviewed, s2, findings=("filing_info", "venue_video"), reviewed=-46
            ),
            Visit(
                on_site,
                past_a.body,
                -40,
                closed,
                s1,
                session=past_a,
                findings=("rules", "too_few"),
                reviewed=-37,
                responded=-22,
                order="accepted",
                decided=-19,
                closed=-18,
            ),
            Visit(
                annual,
                rejected_body,
                -38,
                reviewed,
                s1,
                findings=("cert_data",),
                reviewed=-34,
                responded=-9,
                order="rejected",
                decided=-6,
            ),
            Visit(annual, next(others), -33, closed, s2, findings=("systems",), reviewed=-30, closed=-29),
        ]
        later = [
            Visit(
                special,
                next(others),
                -23,
                reviewed,
                s2,
                topic="考场视频监控专项检查",
                findings=("video_gap", "camera_angle"),
                reviewed=-20,
                responded=-2,
            ),
            Visit(annual, org01, -14, reviewed, s1, findings=("staff_short",), submitted=-13, reviewed=-9),
            Visit(
                on_site,
                past_b.body,
                -12,
                reviewed,
                s2,
                session=past_b,
                findings=("rules", "phones"),
                reviewed=-10,
            ),
            Visit(
                special,
                next(others),
                -5,
                in_progress,
                s2,
                topic="试卷保密管理专项检查",
                findings=("papers",),
                submitted=-4,
                returned=-2,
                reason="第9项“试卷领取、启封、回收”判为不符合，但未附启封记录照片；请补充核实后重新签名提交。",
            ),
            Visit(annual, next(others), -4, submitted, s1, findings=("systems", "filing_info"), submitted=-3),
            Visit(
                special,
                next(others),
                -3,
                submitted,
                s3,
                topic="证书发放管理专项检查",
                findings=("scoring_edit", "upload"),
                submitted=-2,
            ),
            Visit(annual, next(others), -2, submitted, s3, submitted=-1),
            Visit(annual, next(others), -1, in_progress, s1, answered=0.6),
            Visit(
                on_site,
                today_c.body,
                0,
                in_progress,
                s1,
                session=today_c,
                findings=("identity",),
                answered=0.5,
            ),
            Visit(annual, next(others), 0, in_progress, s3, answered=0.3),
            Visit(special, next(others), 5, assigned, s1, topic="考务档案管理专项检查"),
            Visit(
                on_site, future[1].body, (future[1].date - self.today).days, assigned, s1, session=future[1]
            ),
            Visit(annual, next(others), 9, assigned, s2),
            Visit(
                on_site, future[2].body, (future[2].date - self.today).days, assigned, s3, session=future[2]
            ),
            Visit(
                on_site,
                future[3].body,
                (future[3].date - self.today).days,
                cancelled,
                s4,
                session=future[3],
                cancelled=-1,
                reason="机构调整认定计划，该批次考试延期举行，另行安排现场督导。",
            ),
            Visit(on_site, future[4].body, (future[4].date - self.today).days, planned, session=future[4]),
            Visit(annual, next(others), 30, planned),
            Visit(
                special, yuzhong_body, 21, planned, topic="考评员配备情况专项检查", planner=district_planner
            ),
        ]
        # The checklists' first versions date from before the first inspection (the migration made them).
        ChecklistTemplate.objects.filter(version=1).update(created_at=self.at(-180, 9))
        for visit in sorted(earlier, key=lambda v: v.day):
            self.inspect(visit)
        # The on-site checklist revised once; what was planned before keeps version 1.
        first = current_template("on-site")
        items = [(i.area, i.text) for i in first.items.all()]
        items.insert(5, ("考场管理", "考生随身物品检查到位，手机等通讯工具统一封存，考场内无违规电子设备"))
        items = [
            (area, text + "；电子评分记录同步留存备查" if text.startswith("实操评分记录表") else text)
            for area, text in items
        ]
        revised = revise_template(
            template=first,
            user=self.centre1,
            title=first.title,
            items=items,
            note="新增第6项考生随身物品检查；第12项增加电子评分记录留存要求（依据本年度全市认定质量督导工作要点）。",
        )
        ChecklistTemplate.objects.filter(pk=revised.pk).update(created_at=self.at(-25, 16, 30))
        for visit in sorted(later, key=lambda v: v.day):
            self.inspect(visit)
        # 双随机: six bodies across the city, a supervisor for each within recusal and load.
        planning.plan_random(user=self.centre1, criteria={}, count=6, planned_for=self.day(14), seed=20260601)
        self.this_year()
        # The nightly check: the unanswered order past its deadline proposes suspension (the night after).
        for proposal in orders.flag_overdue_orders():
            deadline = proposal.order.deadline
            self.stamp(proposal, proposed_at=self.at(deadline + datetime.timedelta(days=1), 1, 0))
        return {
            "inspections": Inspection.objects.count(),
            "orders": RectificationOrder.objects.count(),
            "proposals": SuspensionProposal.objects.count(),
            "evaluations": Evaluation.objects.count(),
            "random_plans": RandomPlan.objects.count(),
            "photos": self.counts["photos"],
        }


def build_audits_demo(seed: int = 2022) -> dict:
    """Build the audits demo on top of the registry, examiners and integrity demos."""
    return _Builder(seed).build()

"""Demo periodic evaluations: last year's of every body filed by its end, all published (a 不合格 body
suspended, a 基本合格 one put into rectification and completing it); this year's at every step."""

import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import Evaluation, Grade, SuspensionProposal, grade_for, weighted_total
from audits.services import evaluations, orders
from common.pdf_samples import minimal_pdf
from demo.names import person_name
from demo.supervision import SupervisionDemo
from registry import services as registry
from registry.models import AssessmentBody, BodyStatus


class Evaluations(SupervisionDemo):
    def scores(self, grade: str) -> dict[str, int]:
        low, high = {
            Grade.EXCELLENT: (90, 97),
            Grade.QUALIFIED: (77, 88),
            Grade.BASICALLY_QUALIFIED: (63, 72),
            Grade.UNQUALIFIED: (46, 56),
        }[grade]
        while True:
            base = self.rng.randint(low, high)
            scores = {
                a: max(0, min(100, base + self.rng.randint(-4, 4))) for a in settings.EVALUATION_AREA_WEIGHTS
            }
            if grade_for(weighted_total(scores)) == grade:
                return scores

    def self_assessment(self, evaluation: Evaluation) -> str:
        sessions = self.rng.randint(4, 18)
        people = sessions * self.rng.randint(25, 60)
        passed = int(people * self.rng.uniform(0.72, 0.9))
        issue = self.rng.choice(
            [
                "部分批次考务档案归档不够及时",
                "考评员队伍中高级考评员比例偏低",
                "视频监控录像保存期限临近容量上限",
                "证书数据报送偶有滞后",
            ]
        )
        return (
            f"{evaluation.year}年度，本机构共组织职业技能等级认定{sessions}批次，参加认定{people}人次，"
            f"取得证书{passed}人。认定工作严格执行考评人员随机抽取和回避制度，考场视频监控全覆盖，"
            f"考务档案按批次归档，证书信息按规定上传全国联网查询系统。存在的不足：{issue}。"
            "下一步将完善内部质量督导，加强考评人员培训，确保认定质量。"
        )

    def evaluate(self, evaluation: Evaluation, state: str, grade: str, days: dict) -> None:
        """Walk one evaluation to `state`; `days` gives the moment of each step."""
        if state == "scheduled":
            return
        evaluations.submit_self_assessment(
            evaluation=evaluation,
            user=self.admin(evaluation.body),
            text=self.self_assessment(evaluation),
            upload=SimpleUploadedFile(
                f"{evaluation.year}年度自评报告.pdf",
                minimal_pdf(f"Self-assessment {evaluation.year}"),
                "application/pdf",
            )
            if self.rng.random() < 0.6
            else None,
        )
        self.stamp(evaluation, days["self"], self_assessed_at=days["self"])
        if state == "self_assessed":
            return
        evaluations.record_scores(
            evaluation=evaluation,
            user=self.centre1,
            scores=self.scores(grade),
            experts="、".join(person_name(self.rng) for _ in range(3)),
        )
        self.stamp(evaluation, days["scored"], scored_at=days["scored"])
        if state == "scored":
            return
        evaluation = Evaluation.objects.get(pk=evaluation.pk)
        evaluations.grade_evaluation(evaluation=evaluation, user=self.centre2)
        self.stamp(evaluation, days["graded"], graded_at=days["graded"])
        self.refreeze(evaluation, days["graded"])
        if state == "graded":
            return
        evaluation = Evaluation.objects.get(pk=evaluation.pk)
        body_status = evaluation.body.status
        evaluations.publish_evaluation(evaluation=evaluation, user=self.centre2)
        published = days["published"]
        self.stamp(evaluation, published, published_at=published)
        body = AssessmentBody.objects.get(pk=evaluation.body_id)
        if body.status != body_status:  # 基本合格: put into rectification on publication
            self.stamp(
                body,
                published,
                rectification_deadline=timezone.localtime(published).date()
                + datetime.timedelta(days=settings.RECTIFICATION_DEFAULT_DAYS),
            )
        proposal = evaluation.proposals.first()
        if proposal is not None:  # 不合格: suspension proposed on publication
            self.stamp(proposal, proposed_at=published)

    def last_year(self, *, prefer_not: set[int], never: set[int]) -> tuple[AssessmentBody, AssessmentBody]:
        """Last year's evaluation of every body filed by its end: all published. One 不合格 (the centre
        suspends the body), two 基本合格 (one put into rectification, which it later completed)."""
        year = self.year - 1

        def when(month: int, day: int, latest: int, hour: int = 10) -> datetime.datetime:
            return self.at(min(datetime.date(self.year, month, day), self.day(-latest)), hour)

        bodies = AssessmentBody.objects.filter(
            status__in=evaluations.EVALUATED, valid_from__lte=datetime.date(year, 12, 31)
        ).order_by("pk")
        made = evaluations.schedule_evaluations(
            user=self.centre1,
            year=year,
            due_on=min(datetime.date(self.year, 2, 28), self.day(-50)),
            bodies=bodies,
        )
        scheduled = when(1, 8, 60)
        # Active bodies with nothing else going on in the demo (no sessions) first.
        active = [e.body for e in made if e.body.status == BodyStatus.ACTIVE and e.body_id not in never]
        free = [b for b in active if b.pk not in prefer_not] + [b for b in active if b.pk in prefer_not]
        failed, basic = free[1], free[0]
        # The other 基本合格 is a body already sanctioned since, if there is one (no further effect).
        other_basic = next((e.body for e in made if e.body.status != BodyStatus.ACTIVE), free[2])
        for evaluation in made:
            self.stamp(evaluation, scheduled_at=scheduled, status_since=scheduled)
            if evaluation.body_id == failed.pk:
                grade = Grade.UNQUALIFIED
            elif evaluation.body_id in (basic.pk, other_basic.pk):
                grade = Grade.BASICALLY_QUALIFIED
            else:
                grade = Grade.EXCELLENT if self.rng.random() < 0.35 else Grade.QUALIFIED
            days = {
                "self": when(2, self.rng.randint(10, 26), 50, self.rng.randint(9, 17)),
                "scored": when(3, self.rng.randint(9, 20), 40, self.rng.randint(9, 17)),
                "graded": when(3, 24, 35, 15),
                "published": when(3, 31, 30, 9),
            }
            self.evaluate(evaluation, "published", grade, days)
        # The centre decides the 不合格 body's proposal: suspended through the registry.
        proposal = SuspensionProposal.objects.get(evaluation__year=year, evaluation__body=failed)
        orders.decide_proposal(
            proposal=proposal,
            user=self.centre2,
            suspend=True,
            reason=f"{year}年度评估不合格（{proposal.evaluation.total}分），暂停职业技能等级认定资格；"
            "整改完成并经复评合格后，可申请恢复。",
        )
        decided = when(4, 10, 25, 16)
        self.stamp(proposal, decided, decided_at=decided)
        self.stamp(AssessmentBody.objects.get(pk=failed.pk), decided)
        # The 基本合格 body completed its rectification.
        body = AssessmentBody.objects.get(pk=basic.pk)
        registry.act_on_body(body=body, user=self.centre1, action="accept_rectification")
        self.stamp(body, when(4, 25, 10, 11))
        return failed, basic

    def this_year(self) -> None:
        """This year's evaluations, scheduled six weeks ago, at every step; suspended bodies have not
        assessed themselves, and one 基本合格 grade waits for publication (and its consequence)."""
        made = evaluations.schedule_evaluations(user=self.centre1, year=self.year, due_on=self.day(17))
        scheduled = self.at(-45, 9, 30)
        for evaluation in made:
            self.stamp(evaluation, scheduled_at=scheduled, status_since=scheduled)
        ready = [e for e in made if e.body.status != BodyStatus.SUSPENDED]
        self.rng.shuffle(ready)
        plan = ["published"] * 4 + ["graded"] * 3 + ["scored"] * 3 + ["self_assessed"] * 4
        basic_given = False
        for evaluation, state in zip(ready, plan, strict=False):  # the rest stay scheduled
            grade = Grade.EXCELLENT if self.rng.random() < 0.4 else Grade.QUALIFIED
            if state == "graded" and not basic_given:
                grade, basic_given = Grade.BASICALLY_QUALIFIED, True
            days = {
                "self": self.at(-self.rng.randint(20, 40), self.rng.randint(9, 17)),
                "scored": self.at(-self.rng.randint(8, 15), self.rng.randint(9, 17)),
                "graded": self.at(-self.rng.randint(4, 6), 15),
                "published": self.at(-2, 9),
            }
            self.evaluate(evaluation, state, grade, days)

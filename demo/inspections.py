"""Demo inspections of every kind in every state: planned, assigned, carried out on the day with
answers, findings and photo evidence, signed, returned, reviewed (a reviewed one with findings issues
a rectification order, settled by demo.rectification) and closed."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import (
    Answer,
    AnswerResult,
    ChecklistTemplate,
    Evidence,
    Finding,
    Inspection,
    InspectionStatus,
)
from audits.services import inspections
from common.pdf_samples import minimal_pdf
from demo.photos import demo_photo
from demo.rectification import Rectification
from examiners.models import AssessmentSession, Certification, Draw
from registry.models import AssessmentBody

# Findings by key: (a phrase of the checklist item it is about, severity, description). The phrase finds
# the item in whichever version of the checklist the inspection uses.
FINDINGS = {
    # on-site checklist
    "identity": ("人证一致", "minor", "1名考生身份证件照片与本人差异较大，现场未进行二次核验即允许入场。"),
    "rules": (
        "考场规则",
        "observation",
        "考场规则张贴在侧门，考生入场路线上看不到，建议移至主入口并在开考前宣读。",
    ),
    "video_gap": (
        "视频监控",
        "minor",
        "2号实操考场监控录像存在约15分钟断档，机构称系硬盘录像机重启所致，已要求检修。",
    ),
    "camera_angle": (
        "视频监控",
        "major",
        "3号实操考场摄像头朝向偏离，画面看不到考生操作台，录像不能用于评分复核；该考场已组织考核2批次。",
    ),
    "too_few": (
        "不少于 3 名",
        "major",
        "第2实操考场仅安排2名考评员开展评分，不符合每个考场不少于3名考评员的规定。",
    ),
    "recusal": (
        "回避制度",
        "critical",
        "考评员王某系本机构在职员工，参与了本机构12名考生的实操评分，未执行回避制度，相关成绩无效。",
    ),
    "papers": (
        "试卷（题库组卷）",
        "minor",
        "试卷启封记录只有1名考务人员签字，不符合双人启封、双人签字的要求。",
    ),
    "scoring_edit": (
        "评分记录表",
        "minor",
        "抽查实操评分记录表30份，其中3份有涂改，涂改处无考评员签字确认。",
    ),
    "archive": ("考务档案", "major", "上一批次考务档案缺少考生签到表和6份实操评分表，未按规定整理归档。"),
    "upload": (
        "全国联网",
        "major",
        "本年度第二批次86本证书信息未上传全国联网查询系统，滞后超过60日，持证人无法在线查询。",
    ),
    "fees": ("收费项目", "observation", "收费公示牌未标注收费依据文号，建议补充并同步在机构网站公示。"),
    "phones": ("随身物品", "minor", "考场入口未设置通讯工具存放点，巡查时发现2名考生将手机带入考场。"),
    # annual checklist
    "filing_info": ("备案信息", "minor", "机构联系电话和考务负责人已变更，未按规定申报备案信息变更。"),
    "systems": ("制度健全", "observation", "安全管理制度未明确应急疏散演练的频次和记录要求，建议完善。"),
    "venue_video": (
        "视频监控覆盖",
        "major",
        "新启用的实训楼3层考场未安装视频监控，已在该考场组织认定考试2批次，共76人。",
    ),
    "cert_data": (
        "证书数据",
        "major",
        "第三季度证书数据未按时报送；抽查5份纸质档案，其中2份与系统中的等级、职业信息不一致。",
    ),
    "staff": ("有效证件", "minor", "考评员名单中有2人的考评员证已过有效期，仍列在可抽取名单中。"),
    "staff_short": (
        "有效证件",
        "major",
        "4名考评员证书已过期仍参与考评，在岗有效考评员数量低于备案范围要求。",
    ),
}

# Which kind of scene a finding's photo shows, by the area of its checklist item.
SCENE_FOR_AREA = {
    "考生身份": "room",
    "考场管理": "room",
    "考评人员": "room",
    "试卷安全": "archive",
    "评分记录": "archive",
    "档案管理": "archive",
    "证书管理": "archive",
    "管理制度": "archive",
    "组织机构": "board",
    "结果公示": "board",
    "收费与公开": "board",
    "基础条件": "workshop",
    "人员队伍": "board",
}

SUMMARIES = {
    "none": "本次检查未发现不符合项，机构考务组织规范，档案齐全。",
    "observation": "总体符合要求，提出改进建议，请机构自行完善。",
    "minor": "发现一般性问题，已当场指出，请机构立即纠正并在下次检查时核验。",
    "major": "发现较严重问题，建议下达整改通知，限期整改并书面报告整改情况。",
    "critical": "发现严重违规问题，建议下达整改通知并记入机构诚信档案，视整改情况研究是否暂停认定资格。",
}


@dataclass
class Visit:
    """One demo inspection: what it is, and the days (from today) on which each step happened."""

    kind: str
    body: AssessmentBody
    day: int  # planned for
    state: str  # where it ends
    supervisor: Certification | None = None
    session: AssessmentSession | None = None
    topic: str = ""
    findings: tuple[str, ...] = ()
    planner: str = "centre1"
    submitted: int | None = None
    returned: int | None = None
    reviewed: int | None = None
    responded: int | None = None
    decided: int | None = None  # the order's decision
    order: str = ""  # accepted / rejected (issued and responded follow from the days given)
    dismissed: int | None = None  # the day a rejected order's suspension proposal was dismissed
    closed: int | None = None
    cancelled: int | None = None
    reason: str = ""
    answered: float = 1.0  # share of the checklist answered (for one in progress)


class Inspections(Rectification):
    # --- sessions --------------------------------------------------------------------------------------
    def move_session(self, session: AssessmentSession, offset: int) -> None:
        """Hold one of the examiners demo's sessions on another day (planned a month before, drawn ten
        days before), so that on-site supervision can have happened already."""
        AssessmentSession.objects.filter(pk=session.pk).update(
            date=self.day(offset), created_at=self.at(offset - 30, 11)
        )
        Draw.objects.filter(session=session).update(drawn_at=self.at(offset - 10, 15))
        session.date = self.day(offset)

    # --- inspections -----------------------------------------------------------------------------------
    def upload_photos(self, key: str, template: ChecklistTemplate, offset: int, count: int) -> list:
        phrase, _severity, description = FINDINGS[key]
        item = template.items.filter(text__contains=phrase).first()
        scene = "camera" if "监控" in description else SCENE_FOR_AREA.get(item.area if item else "", "room")
        uploads = []
        for n in range(count):
            moment = self.at(offset, 9 + n, 10 + self.rng.randint(0, 49))
            name = f"IMG_{timezone.localtime(moment):%Y%m%d_%H%M}{self.rng.randint(0, 59):02d}.jpg"
            uploads.append(SimpleUploadedFile(name, demo_photo(self.rng, scene), content_type="image/jpeg"))
            self.counts["photos"] += 1
        return uploads

    def fill(self, inspection: Inspection, user: User, visit: Visit) -> None:
        """The supervisor's answers and findings, on the day of the visit."""
        template = inspection.template
        items = list(template.items.all())
        keyed = {}
        for key in visit.findings:
            phrase, severity, description = FINDINGS[key]
            item = next(i for i in items if phrase in i.text)
            keyed[item.pk] = (key, severity, description)
        answered = items[: max(1, round(len(items) * visit.answered))] if visit.answered < 1 else items
        answers = {}
        for item in answered:
            if item.pk in keyed:
                answers[item.pk] = (AnswerResult.NO, keyed[item.pk][2][:120])
            elif "二级、一级" in item.text and visit.session is None:
                answers[item.pk] = (AnswerResult.NOT_APPLICABLE, "本次检查不涉及二级、一级综合评审。")
            elif "二级、一级" in item.text and visit.session.level > 2:
                answers[item.pk] = (AnswerResult.NOT_APPLICABLE, "本批次为三级及以下，不涉及综合评审。")
            else:
                answers[item.pk] = (AnswerResult.YES, "")
        for item in items:  # a finding's item is answered even when the rest is not yet
            if item.pk in keyed and item.pk not in answers:
                answers[item.pk] = (AnswerResult.NO, keyed[item.pk][2][:120])
        inspections.save_answers(inspection=inspection, user=user, answers=answers)
        Answer.objects.filter(inspection=inspection).update(answered_at=self.at(visit.day, 11, 20))
        for item_id, (key, severity, description) in keyed.items():
            photos = {"observation": 1, "minor": 1, "major": 2, "critical": 2}[severity]
            uploads = self.upload_photos(key, template, visit.day, photos)
            if key == "recusal":  # the scoring sheets the examiner signed, scanned
                uploads.append(
                    SimpleUploadedFile(
                        "实操评分记录表（复印件）.pdf",
                        minimal_pdf("Scoring record sheets - copy"),
                        content_type="application/pdf",
                    )
                )
            finding = inspections.add_finding(
                inspection=inspection,
                user=user,
                severity=severity,
                description=description,
                item_id=item_id,
                uploads=uploads,
            )
            moment = self.at(visit.day, 11, 40)
            Finding.objects.filter(pk=finding.pk).update(created_at=moment)
            Evidence.objects.filter(finding=finding).update(uploaded_at=moment)

    def inspect(self, visit: Visit) -> Inspection:
        planner = self.users[visit.planner]
        planned_on = visit.day - 14 if visit.day <= 0 else -self.rng.randint(2, 9)
        inspection = inspections.plan_inspection(
            user=planner,
            body=visit.body,
            kind=visit.kind,
            planned_for=max(self.day(visit.day), self.today),
            session=visit.session,
            topic=visit.topic,
        )
        if visit.session is not None and visit.session.date != self.day(visit.day):
            self.move_session(visit.session, visit.day)
        self.stamp(
            inspection,
            planned_for=self.day(visit.day),
            planned_at=self.at(planned_on, 15, 20),
            status_since=self.at(planned_on, 15, 20),
        )
        if visit.supervisor is not None:
            inspections.assign_supervisor(
                inspection=inspection, user=self.centre1, certification=visit.supervisor
            )
            self.stamp(inspection, self.at(planned_on + 1, 9, 40))
        if visit.cancelled is not None:
            inspections.cancel_inspection(inspection=inspection, user=self.centre1, reason=visit.reason)
            self.stamp(inspection, self.at(visit.cancelled, 14, 5))
            return inspection
        if visit.state in (InspectionStatus.PLANNED, InspectionStatus.ASSIGNED):
            return inspection
        user = self.account(visit.supervisor)
        inspections.start_inspection(inspection=inspection, user=user)
        started = self.at(visit.day, 8, 40)
        self.stamp(inspection, started, started_at=started)
        self.fill(inspection, user, visit)
        if visit.state == InspectionStatus.IN_PROGRESS and visit.returned is None:
            return inspection
        worst = max(
            (FINDINGS[k][1] for k in visit.findings),
            key=["observation", "minor", "major", "critical"].index,
            default="none",
        )
        inspections.sign_and_submit(
            inspection=inspection,
            user=user,
            signed_name=visit.supervisor.person.name,
            summary=SUMMARIES[worst],
            pledge=True,
        )
        submitted = self.at(visit.submitted if visit.submitted is not None else visit.day, 17, 10)
        self.stamp(inspection, submitted, signed_at=submitted, submitted_at=submitted)
        self.refreeze(inspection, submitted)
        if visit.returned is not None:
            inspections.return_inspection(inspection=inspection, user=self.centre1, reason=visit.reason)
            self.stamp(inspection, self.at(visit.returned, 10, 15))
            return inspection
        if visit.state == InspectionStatus.SUBMITTED:
            return inspection
        inspection = Inspection.objects.get(pk=inspection.pk)
        inspections.review_inspection(
            inspection=inspection,
            user=self.centre1,
            note="记录完整，证据充分，同意督导意见。" if visit.findings else "记录完整，同意。",
        )
        reviewed = self.at(visit.reviewed, 10, 30)
        self.stamp(inspection, reviewed, reviewed_at=reviewed)
        order = inspection.orders.first()
        if order is not None:
            self.stamp(
                order,
                issued_at=reviewed,
                status_since=reviewed,
                deadline=self.day(visit.reviewed + settings.RECTIFICATION_DEFAULT_DAYS),
            )
        self.refreeze(inspection, reviewed)
        if order is not None and visit.responded is not None:
            self.settle(order, visit)
        if visit.closed is not None:
            inspections.close_inspection(
                inspection=inspection, user=self.centre1, note="整改到位，予以结案。"
            )
            self.stamp(inspection, self.at(visit.closed, 16, 0))
        return inspection

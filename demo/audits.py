"""Demo supervision data: quality supervisors who sign in, a revised checklist, inspections of every kind
in every state with findings and photo evidence, rectification orders and suspension proposals in every
state, and two years of periodic evaluations (last year's all published, this year's at every step).

Everything is done through the services, so that each record carries its real history (state logs,
reports, integrity entries, body sanctions). The services refuse past dates and stamp "now"; to give
the history realistic dates, each step is backdated right after it runs with queryset .update() of its
own dates and timestamps and of its newest state-log line (`_Builder.stamp`), and a report issued by a
step is re-frozen from the backdated record. Integrity entries keep their real recording time: it is
part of their hash chain.
"""

import datetime
import io
import itertools
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_fsm_log.models import StateLog
from PIL import Image, ImageDraw

from accounts.roles import Role as AccountRole
from accounts.services import create_user
from audits.models import (
    Answer,
    AnswerResult,
    ChecklistTemplate,
    Evaluation,
    Evidence,
    Finding,
    Grade,
    Inspection,
    InspectionKind,
    InspectionStatus,
    RandomPlan,
    RectificationOrder,
    Report,
    SuspensionProposal,
    grade_for,
    weighted_total,
)
from audits.reports.content import evaluation_content, inspection_content
from audits.reports.issue import content_hash
from audits.services import evaluations, inspections, orders, planning
from audits.services.checklists import current_template, revise_template
from common.pdf_samples import minimal_pdf
from demo.names import person_name
from examiners import services as examiners
from examiners.models import (
    AssessmentSession,
    Certification,
    CertificationStatus,
    Draw,
    Person,
    Relation,
    Role,
)
from registry import services as registry
from registry.identifiers import resident_id
from registry.models import AssessmentBody, BodyStatus

SUPERVISOR_ACCOUNTS = ["supervisor1", "supervisor2", "supervisor3", "supervisor4"]

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


def demo_photo(rng: random.Random, scene: str) -> bytes:
    """A small, text-free photo-like JPEG: an exam room, archive shelves, a camera on a wall, a notice
    board or a workshop, in colours and layout varied by `rng`."""
    w, h = 800, 600
    shade = rng.randint(-12, 12)

    def tone(r, g, b):
        return tuple(max(0, min(255, c + shade)) for c in (r, g, b))

    wall = tone(*rng.choice([(226, 222, 210), (214, 222, 226), (232, 226, 214), (220, 216, 206)]))
    floor = tone(*rng.choice([(150, 140, 124), (124, 128, 134), (170, 158, 138), (110, 118, 112)]))
    image = Image.new("RGB", (w, h), wall)
    draw = ImageDraw.Draw(image)
    horizon = int(h * rng.uniform(0.56, 0.66))
    draw.rectangle([0, horizon, w, h], fill=floor)
    for x in range(-w, 2 * w, 110):  # floor tiles running away from the camera
        draw.line([(w / 2 + (x - w / 2) * 0.25, horizon), (x, h)], fill=tuple(c - 18 for c in floor), width=2)
    draw.rectangle([0, 0, w, 28], fill=tuple(c - 25 for c in wall))  # ceiling edge
    if scene in ("room", "workshop"):
        # a window with sky, then rows of work places
        wx = rng.randint(40, w - 260)
        draw.rectangle([wx, 70, wx + 220, horizon - 120], fill=(176, 206, 232), outline=(90, 90, 90), width=6)
        draw.line([(wx + 110, 70), (wx + 110, horizon - 120)], fill=(90, 90, 90), width=5)
        rows = 3 if scene == "room" else 2
        for row in range(rows):
            y = horizon + 30 + row * 70
            depth = 1 - row * 0.18
            for col in range(4):
                x = 40 + col * 190 + rng.randint(-8, 8)
                width = int(150 * (1.2 - depth * 0.2))
                if scene == "room":
                    draw.rectangle([x, y, x + width, y + 18], fill=(160, 118, 78))  # desk
                    draw.rectangle([x + 40, y - 58, x + 110, y - 8], fill=(38, 40, 46))  # monitor
                    draw.rectangle([x + 70, y - 8, x + 80, y], fill=(60, 60, 60))
                else:
                    colour = rng.choice([(70, 110, 150), (200, 160, 40), (90, 130, 90)])
                    draw.rectangle([x, y - 70, x + width, y + 20], fill=colour)  # a machine
                    draw.ellipse([x + 20, y - 55, x + 60, y - 15], fill=(200, 200, 200))
                    draw.rectangle(
                        [x - 10, y + 24, x + width + 10, y + 30], fill=(230, 200, 30)
                    )  # safety line
        # a dome camera in the corner
        draw.ellipse([w - 110, 34, w - 60, 84], fill=(245, 245, 245), outline=(120, 120, 120), width=3)
        draw.ellipse([w - 94, 52, w - 76, 70], fill=(30, 30, 30))
    elif scene == "archive":
        # shelves of coloured binders and file boxes
        for shelf in range(4):
            y = 70 + shelf * ((horizon - 40) // 4)
            draw.rectangle([60, y + 90, w - 60, y + 100], fill=(120, 96, 70))
            x = 70
            while x < w - 100:
                width = rng.randint(22, 44)
                colour = rng.choice(
                    [(40, 80, 150), (170, 40, 40), (230, 190, 60), (60, 120, 80), (200, 200, 190)]
                )
                top = y + rng.randint(0, 20)
                draw.rectangle([x, top, x + width, y + 90], fill=colour, outline=(30, 30, 30))
                draw.rectangle(
                    [x + 6, top + 12, x + width - 6, top + 24], fill=(240, 240, 230)
                )  # label, blank
                x += width + rng.randint(1, 5)
        if rng.random() < 0.5:  # an open file box on the floor
            draw.polygon([(300, h - 60), (520, h - 60), (500, h - 150), (320, h - 150)], fill=(200, 170, 120))
    elif scene == "camera":
        # a wall-mounted bullet camera with its cable run
        cx, cy = rng.randint(250, 550), rng.randint(140, 260)
        draw.rectangle([cx - 6, 0, cx + 6, cy - 20], fill=(200, 200, 200))
        draw.rectangle([cx - 30, cy - 30, cx + 30, cy - 10], fill=(210, 210, 210), outline=(120, 120, 120))
        draw.polygon(
            [(cx - 20, cy - 10), (cx + 120, cy + 20), (cx + 110, cy + 70), (cx - 30, cy + 30)],
            fill=(236, 236, 236),
        )
        draw.ellipse([cx + 96, cy + 24, cx + 126, cy + 62], fill=(25, 25, 30))
        draw.ellipse([cx + 104, cy + 34, cx + 116, cy + 50], fill=(70, 90, 140))
    else:  # board: a notice board with sheets of paper, text-free
        draw.rectangle([120, 60, w - 120, horizon - 40], fill=(120, 86, 56))
        draw.rectangle([134, 74, w - 134, horizon - 54], fill=(196, 160, 110))
        for _ in range(rng.randint(4, 7)):
            x, y = rng.randint(150, w - 300), rng.randint(90, horizon - 220)
            draw.rectangle([x, y, x + 130, y + 170], fill=(248, 248, 244), outline=(180, 180, 180))
            for line in range(6):
                draw.line(
                    [(x + 14, y + 24 + line * 22), (x + 116, y + 24 + line * 22)],
                    fill=(150, 150, 150),
                    width=3,
                )
            draw.ellipse([x + 58, y - 6, x + 72, y + 8], fill=(200, 40, 40))  # pin
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


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


class _Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.year = self.today.year
        self.users = {u.username: u for u in User.objects.filter(username__startswith="centre")}
        self.centre1, self.centre2 = self.users["centre1"], self.users["centre2"]
        self.counts = {"photos": 0}

    # --- dates and backdating -------------------------------------------------------------------------
    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def at(self, offset: int | datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """A moment on a day (days from today, or a date), never later than now."""
        day = offset if isinstance(offset, datetime.date) else self.day(offset)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(moment, self.now)

    def stamp(self, obj, moment: datetime.datetime | None = None, **fields) -> None:
        """Backdate what a step just recorded: its fields (in the database and on `obj`, so that a later
        save does not undo it) and, given `moment`, the newest state-log line and status_since."""
        if moment is not None:
            if hasattr(obj, "status_since"):
                fields.setdefault("status_since", moment)
            line = StateLog.objects.for_(obj).order_by("-pk").first()
            if line is not None:
                StateLog.objects.filter(pk=line.pk).update(timestamp=moment)
        if fields:
            type(obj).objects.filter(pk=obj.pk).update(**fields)
            for name, value in fields.items():
                setattr(obj, name, value)

    def refreeze(self, source: Inspection | Evaluation, moment: datetime.datetime) -> None:
        """Re-freeze the report a step just issued from the backdated record (content, hash, date)."""
        report = source.reports.order_by("-revision").first()
        source = type(source).objects.get(pk=source.pk)
        content = inspection_content(source) if isinstance(source, Inspection) else evaluation_content(source)
        Report.objects.filter(pk=report.pk).update(
            content=content,
            content_sha256=content_hash(content),
            issued_on=timezone.localtime(moment).date(),
            issued_at=moment,
        )

    # --- people ---------------------------------------------------------------------------------------
    def admin(self, body: AssessmentBody) -> User:
        return body.applications.order_by("pk").first().applicant

    def certify_supervisor(
        self, name: str, id_number: str, exam_day: datetime.date, employer: str
    ) -> Certification:
        """A supervisor of an earlier round: recommended, trained and certified through the services, then
        dated to when that happened."""
        body = AssessmentBody.objects.filter(status=BodyStatus.ACTIVE, kind="college").order_by("pk").first()
        certification = examiners.recommend(
            user=self.admin(body),
            body=body,
            name=name,
            id_number=id_number,
            role=Role.SUPERVISOR,
            track="offline",
            phone=f"1{self.rng.randint(3000000000, 9999999999)}",
            employer=employer,
            employed_by_body=False,
        )
        examiners.act_on_certification(certification=certification, user=self.centre1, action="accept")
        examiners.record_result(
            certification=certification,
            user=self.centre1,
            training_hours=32,
            exam_score=self.rng.randint(80, 95),
            exam_date=exam_day,
        )
        recommended = self.at(exam_day - datetime.timedelta(days=75), 9, 30)
        Person.objects.filter(pk=certification.person_id).update(created_at=recommended)
        for transition, days, hour in (("accept", 60, 10), ("record_exam", 0, 16), ("certify", 0, 17)):
            StateLog.objects.for_(certification).filter(transition=transition).update(
                timestamp=self.at(exam_day - datetime.timedelta(days=days), hour)
            )
        self.stamp(certification, recommended_at=recommended, status_since=self.at(exam_day, 17))
        return certification

    def supervisors(self) -> list[Certification]:
        """刘洋 (supervisor1) and three colleagues, each certified and signing in with their own account.
        刘洋 and supervisor2 were certified in an earlier round (they did last months' inspections);
        supervisor3 and supervisor4 are recent supervisors of the examiners demo."""
        first = self.day(-600)
        liu = Certification.objects.filter(
            role=Role.SUPERVISOR,
            status=CertificationStatus.CERTIFIED,
            person__name="刘洋",
            valid_from__lte=first,
        ).first() or self.certify_supervisor(
            "刘洋", resident_id(701, born="19830416"), first, "重庆电子工程职业学院"
        )
        second = self.certify_supervisor(
            person_name(self.rng), resident_id(702, born="19850923"), self.day(-480), "重庆市职业技能鉴定协会"
        )
        related = Relation.objects.values_list("person_id", flat=True)
        recent = list(
            Certification.objects.filter(
                role=Role.SUPERVISOR,
                status=CertificationStatus.CERTIFIED,
                person__employer_body__isnull=True,
                person__account__isnull=True,
                valid_from__lte=self.day(-10),
            )
            .exclude(person_id__in=related)
            .exclude(pk__in=[liu.pk, second.pk])
            .select_related("person")
            .order_by("valid_from", "pk")[:2]
        )
        chosen = [liu, second, *recent]
        password = User.objects.get(username="centre1").password  # the demo password, hashed once already
        for username, certification in zip(SUPERVISOR_ACCOUNTS, chosen, strict=True):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_user(
                    username=username,
                    password=None,
                    roles=[AccountRole.SUPERVISOR],
                    display_name=f"{certification.person.name}（质量督导员）",
                )
                User.objects.filter(pk=user.pk).update(password=password)
            Person.objects.filter(pk=certification.person_id).update(account=user)
            self.users[username] = user
        return [Certification.objects.select_related("person").get(pk=c.pk) for c in chosen]

    def account(self, certification: Certification) -> User:
        return User.objects.get(person__pk=certification.person_id)

    # --- sessions -------------------------------------------------------------------------------------
    def move_session(self, session: AssessmentSession, offset: int) -> None:
        """Hold one of the examiners demo's sessions on another day (planned a month before, drawn ten
        days before), so that on-site supervision can have happened already."""
        AssessmentSession.objects.filter(pk=session.pk).update(
            date=self.day(offset), created_at=self.at(offset - 30, 11)
        )
        Draw.objects.filter(session=session).update(drawn_at=self.at(offset - 10, 15))
        session.date = self.day(offset)

    # --- inspections ----------------------------------------------------------------------------------
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

    def settle(self, order: RectificationOrder, visit: Visit) -> None:
        """The body's response to an order, the officer's decision, and what a rejection leads to."""
        order = RectificationOrder.objects.get(pk=order.pk)
        orders.respond_to_order(
            order=order,
            user=self.admin(order.body),
            response="已对照整改通知逐项整改：补齐相关记录并重新归档，组织考务人员和考评员专题培训，"
            "修订考务管理制度，明确责任人。整改报告及佐证材料见附件。",
            upload=SimpleUploadedFile(
                "整改报告.pdf", minimal_pdf(f"Rectification report {order.number}"), "application/pdf"
            ),
        )
        responded = self.at(visit.responded, 15, 30)
        self.stamp(order, responded, responded_at=responded)
        if not visit.order:
            return
        accept = visit.order == "accepted"
        orders.decide_order(
            order=order,
            user=self.centre1,
            accept=accept,
            note="经复查，整改到位。"
            if accept
            else "整改报告未说明涉事人员的处理结果，相关记录未见补正，不予认可。",
        )
        decided = self.at(visit.decided, 11, 0)
        self.stamp(order, decided, decided_at=decided)
        if accept:
            return
        proposal = order.proposals.get()
        self.stamp(proposal, proposed_at=decided)
        if visit.dismissed is not None:
            orders.decide_proposal(
                proposal=proposal,
                user=self.centre2,
                suspend=False,
                reason="机构已停止涉事人员考评工作，对相关考生重新组织评分并补正记录，经复查问题已纠正，"
                "不予暂停，列为下一年度重点督导对象。",
            )
            moment = self.at(visit.dismissed, 16, 20)
            self.stamp(proposal, moment, decided_at=moment)

    # --- evaluations ----------------------------------------------------------------------------------
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

    # --- the whole demo -------------------------------------------------------------------------------
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
                closed,
                s1,
                topic="考评人员回避制度执行情况专项检查",
                findings=("archive", "recusal"),
                reviewed=-56,
                responded=-33,
                order="rejected",
                decided=-27,
                dismissed=-22,
                closed=-21,
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

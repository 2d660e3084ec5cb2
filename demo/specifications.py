"""Demo special-ability specifications (专项职业能力考核规范): six experts' accounts and twenty
specifications in every state of their development — published in earlier years and in this one (the
dashboard's "new specifications" count), one retired, one revised with its new version under argument,
one filed with the ministry, reviews with some and with all votes in, arguments with some and with all
opinions in, fresh proposals (one flagged as overlapping the 大典), one returned and two rejected.

Built through the services with each step's effective day (`on=`); then each step's recording moment is
moved to that day too (demo.history), and the opinions', votes' and appointments' own times with it.
"""

import datetime
import random

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_fsm_log.models import StateLog

from accounts.roles import Role
from accounts.services import create_user
from common.pdf_samples import minimal_pdf
from demo.history import backdate_log
from registry.models import AssessmentBody, BodyStatus, Occupation
from specifications import services
from specifications.models import ExpertAppointment, Opinion, SpecificationVersion, Vote
from specifications.services import Content, Unit

EXPERTS = [
    ("expert1", "周建华（重庆商务职业学院教授）"),
    ("expert2", "谭晓梅（重庆市餐饮行业协会高级技师）"),
    ("expert3", "冉光明（西南大学园艺学院副教授）"),
    ("expert4", "向丽君（重庆市非遗保护中心研究员）"),
    ("expert5", "黄志刚（重庆城市技师学院高级讲师）"),
    ("expert6", "何静（重庆市职业技能鉴定指导中心专家库）"),
]

# name, proposing body (a demo body's name; None: the centre), related occupations, the state to reach,
# and when (see Specifications.schedule).
PLAN = [
    ("蜀绣", None, ["6-09-03-11"], "published", "2 years ago"),
    ("竹编工艺（梁平竹帘）", None, ["5-05-06-05", "6-09-03-17"], "revised", "last year"),
    ("合川桃片制作", "重庆市巴渝职业技能培训学校", ["6-02-01-01"], "retired", "2 years ago"),
    ("中式面点制作（重庆小面）", "重庆朝天门餐饮管理有限公司", ["4-03-02-02"], "published", "this year"),
    ("火锅底料制作", "重庆朝天门餐饮管理有限公司", ["4-03-02-01"], "published", "this year"),
    ("榨菜腌制加工", "重庆市九龙坡区新技能培训学校", ["6-02-05-08"], "published", "this year"),
    ("柑橘嫁接", None, ["5-01-02-02"], "published", "this year"),
    ("家政服务（母婴护理）", "重庆市渝中区家政服务职业培训中心", ["4-10-01-06"], "published", "this year"),
    ("渝派江湖菜烹饪", "重庆市沙坪坝区技能人才评价中心", ["4-03-02-01"], "published", "this year"),
    ("电商直播销售", "重庆市渝北区数字技能培训中心", ["4-01-06-02"], "filed_with_ministry", "recent"),
    ("无人机植保作业", None, ["5-05-02-01", "4-02-04-06"], "voting", "recent"),
    ("土家织锦（西兰卡普）", "重庆市九龙坡职业教育中心", ["6-09-03-17"], "voted", "recent"),
    ("民宿管家服务", None, ["4-14-06-02"], "arguing", "recent"),
    ("老年助浴服务", "重庆市江北区养老护理职业培训学校", ["4-10-01-05"], "argued", "recent"),
    ("江津花椒采收加工", None, ["5-05-06-01"], "proposed", "recent"),
    ("汽车美容装饰", "重庆市江北区职业技术学校", ["4-12-01-01"], "proposed", "recent"),
    ("冷链物流配送", "重庆市沙坪坝区技工学校", ["4-02-06-03"], "appointed", "recent"),
    ("网约配送安全骑行", "重庆市渝北区数字技能培训中心", ["4-10-08-01"], "returned", "recent"),
    ("茶艺", "重庆市巴渝职业技能培训学校", ["4-03-02-07"], "rejected", "recent"),
    ("城市轨道交通乘客服务", None, ["4-02-01-07"], "failed", "recent"),
]

OPINIONS = [
    ("agree", "该项目市场需求旺盛，能力单元划分合理，同意开发。"),
    ("agree_with_changes", "建议细化技能要求中的操作规范，并补充安全防护内容后开发。"),
    ("agree", "与《职业分类大典》现有职业无重叠，考核方式可行，同意。"),
    ("agree_with_changes", "考核时长偏短，建议增加 30 分钟实际操作时间。"),
    ("disagree", "与现有职业的工作内容重叠较多，建议并入相应职业标准。"),
]
VOTE_COMMENTS = {
    True: "规范内容完整，考核要求可操作，同意通过。",
    False: "能力单元与现有职业重叠，不同意通过。",
}


def content(name: str, occupations: list, rng: random.Random) -> Content:
    """A plausible specification of `name`: three ability units, practical assessment."""
    units = [
        Unit(
            "准备工作",
            f"{name}所需原料、工具和场地的准备与检查",
            "能按工艺要求准备并检查原料、工具和设备",
            "原料与工具的性能、规格及安全使用知识",
        ),
        Unit(
            "核心操作",
            f"按工艺流程完成{name}的主要操作",
            "能独立完成主要操作，质量符合规范要求",
            f"{name}的工艺流程、质量标准和常见问题的处理",
        ),
        Unit(
            "质量检验与安全",
            "成品或服务质量的自检，作业现场的安全与卫生",
            "能按标准自检并记录，能落实安全与卫生措施",
            "质量检验方法、安全生产和卫生管理规定",
        ),
    ]
    return Content(
        necessity=(
            f"{name}是重庆地方特色产业的重要岗位技能，从业人员多但缺乏统一的能力评价标准。"
            "开发本规范有利于规范从业行为、提升就业质量，服务乡村振兴和城市服务业发展。"
        ),
        audience=f"从事或准备从事{name}相关工作的城乡劳动者",
        panel_size=rng.choice([3, 3, 5]),
        method=rng.choice(["实际操作", "实际操作与现场问答", "实际操作与笔试"]),
        duration_minutes=rng.choice([90, 120, 150, 180]),
        site_and_equipment="标准实训场地一处，配备相应工位、工具设备及视频监控",
        units=units,
        occupations=occupations,
    )


class Specifications:
    def __init__(self, seed: int = 13):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.centre = User.objects.get(username="centre1")
        self.experts: list[User] = []
        self.counts = {"specifications": 0, "versions": 0}

    # --- dates -----------------------------------------------------------------------------------------
    def moment(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), self.now)

    def schedule(self, when: str, index: int) -> datetime.date:
        """The day the specification ends its walk: published in that period, or (recent) a step lately."""
        jan1 = datetime.date(self.today.year, 1, 1)
        if when == "this year":
            span = (self.today - jan1).days
            return min(jan1 + datetime.timedelta(days=span * (index - 2) // 7), self.today)
        if when == "last year":
            return datetime.date(self.today.year - 1, 4, 18)
        if when == "2 years ago":
            return datetime.date(self.today.year - 2, 3 + index, 10 + index)
        return self.today - datetime.timedelta(days=2 + 3 * (len(PLAN) - 1 - index))  # codes in date order

    def received(self, version: SpecificationVersion, day: datetime.date) -> None:
        """The proposal came in on `day` (in the database and on the object, which later steps save)."""
        version.proposed_at = self.moment(day, 9)
        SpecificationVersion.objects.filter(pk=version.pk).update(proposed_at=version.proposed_at)

    def dated(self, version: SpecificationVersion, day: datetime.date) -> None:
        """The step just logged on `version` was recorded on its effective day."""
        line = StateLog.objects.for_(version).order_by("-pk").first()
        backdate_log(line.pk, self.moment(day))

    # --- people ----------------------------------------------------------------------------------------
    def accounts(self) -> None:
        password = self.centre.password  # the demo password, hashed once already
        for username, name in EXPERTS:
            user = create_user(username=username, password=None, roles=[Role.EXPERT], display_name=name)
            User.objects.filter(pk=user.pk).update(password=password)
            self.experts.append(user)

    def proposer(self, body_name: str | None) -> tuple[User, AssessmentBody | None]:
        # A body in force proposes; should the registry demo change, the centre proposes instead.
        bodies = AssessmentBody.objects.filter(
            name=body_name, status__in=[BodyStatus.ACTIVE, BodyStatus.RECTIFYING]
        )
        body = bodies.first() if body_name else None
        if body is None:
            return self.centre, None
        return body.applications.order_by("pk").first().applicant, body

    # --- the walk --------------------------------------------------------------------------------------
    def build(self) -> dict:
        self.accounts()
        for index, (name, body_name, codes, target, when) in enumerate(PLAN):
            end = self.schedule(when, index)
            occupations = list(Occupation.objects.filter(code__in=codes))
            self.specification(name, body_name, occupations, target, end)
        return self.counts

    def specification(self, name, body_name, occupations, target, end: datetime.date) -> None:
        # Steps run backwards from `end`: proposal, argument, review, filing, publication.
        start = end - datetime.timedelta(days=80 if target in ("published", "retired", "revised") else 30)
        start = min(start, self.today)
        user, body = self.proposer(body_name)
        version = services.propose(
            user=user,
            name=name,
            content=content(name, occupations, self.rng),
            draft=self.draft(name),
            body=body,
            received_on=start,
        )
        self.received(version, start)
        self.counts["specifications"] += 1
        self.counts["versions"] += 1
        self.walk(version, target, start, end)
        if target == "revised":
            self.revise(version)
        if target == "retired":
            day = self.today - datetime.timedelta(days=40)
            services.act(
                version=version,
                user=self.centre,
                action="retire",
                reason="该项目已纳入职业技能等级认定，专项职业能力考核停止。",
                on=day,
            )
            self.dated(version, day)

    def draft(self, name: str):
        return SimpleUploadedFile("draft.pdf", minimal_pdf("draft"), content_type="application/pdf")

    def walk(
        self, version: SpecificationVersion, target: str, start: datetime.date, end: datetime.date
    ) -> None:
        """Take `version` through the steps that `target` implies, the last one on `end`."""
        span = max((end - start).days, 6)
        day = lambda share: min(start + datetime.timedelta(days=round(span * share)), end)  # noqa: E731
        centre = self.centre
        if target == "proposed":
            return
        if target == "returned":
            self.step(
                version,
                "return_for_changes",
                day(1),
                "与大典职业“网约配送员”工作内容重叠较多，请说明区别并补充必要性论证。",
            )
            return
        if target == "rejected":
            self.step(
                version, "reject", day(1), "经核查，与《职业分类大典》茶艺师（4-03-02-07）重复，不予开发。"
            )
            return
        panel = self.rng.sample(self.experts, 5 if target in ("voting", "voted", "failed") else 3)
        services.appoint_experts(version=version, user=centre, experts=panel)
        ExpertAppointment.objects.filter(version=version).update(appointed_at=self.moment(day(0.1)))
        if target == "appointed":
            return
        self.step(version, "start_argument", day(0.2))
        given = panel[:2] if target == "arguing" else panel
        for n, expert in enumerate(given):
            verdict, text = OPINIONS[n % len(OPINIONS)] if target != "failed" else OPINIONS[(n + 4) % 5]
            opinion = services.record_opinion(version=version, user=expert, verdict=verdict, text=text)
            Opinion.objects.filter(pk=opinion.pk).update(recorded_at=self.moment(day(0.3), 9 + n))
        if target == "arguing":
            return
        services.form_panel(version=version, user=centre, experts=panel)
        if target == "argued":
            return
        self.step(version, "start_review", day(0.5))
        votes = {
            "voting": [True, False],
            "voted": [True, True, False, True, False],
            "failed": [True, False, False, True, False],
        }.get(target, [True, True, True, self.rng.random() < 0.7, self.rng.random() < 0.7][: len(panel)])
        for n, (expert, passes) in enumerate(zip(panel, votes, strict=False)):
            vote = services.cast_vote(
                version=version, user=expert, passes=passes, comment=VOTE_COMMENTS[passes]
            )
            Vote.objects.filter(pk=vote.pk).update(cast_at=self.moment(day(0.6), 9 + n))
        if target in ("voting", "voted"):
            return
        if target == "failed":
            self.step(version, "reject", day(0.7), "评审未获评审组过半数通过（2 票通过、3 票不通过）。")
            return
        filed = day(0.8)
        services.file_with_ministry(
            version=version,
            user=centre,
            filed_on=filed,
            reference=f"人社职鉴备〔{filed.year}〕{self.rng.randint(10, 99)}号",
        )
        self.dated(version, filed)
        if target == "filed_with_ministry":
            return
        services.publish(version=version, user=centre, on=end)
        self.dated(version, end)

    def step(self, version, action: str, day: datetime.date, reason: str = "") -> None:
        services.act(version=version, user=self.centre, action=action, reason=reason, on=day)
        self.dated(version, day)

    def revise(self, first: SpecificationVersion) -> None:
        """A revision of a published specification, proposed lately and under argument."""
        start = self.today - datetime.timedelta(days=20)
        revision = services.revise(
            user=self.centre,
            specification=first.specification,
            content=content(first.specification.name, list(first.occupations.all()), self.rng),
            draft=self.draft(first.specification.name),
        )
        self.received(revision, start)
        self.counts["versions"] += 1
        self.walk(revision, "arguing", start, self.today)


def build_specifications_demo() -> dict:
    return Specifications().build()

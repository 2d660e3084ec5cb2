"""Deterministic demo data: accounts of every role and bodies in every state, built through services
so that each record carries a real history."""

import datetime
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_fsm_log.models import StateLog

from accounts.roles import Role
from accounts.services import create_user
from common.pdf_samples import minimal_pdf
from demo.history import backdate_log, backdate_logs
from demo.names import person_name
from registry import services
from registry.identifiers import credit_code
from registry.models import (
    AssessmentBody,
    District,
    FilingApplication,
    FilingKind,
    Level,
    Occupation,
    ScopeAction,
)
from registry.models.body import Audience, BodyKind
from registry.models.filing import add_working_days
from registry.services import LineRequest

PASSWORD = "demo1234"

# District officers' districts (code → account name).
OFFICER_DISTRICTS = {
    "500103": "district_yuzhong",
    "500107": "district_jiulongpo",
    "500106": "district_shapingba",
    "500105": "district_jiangbei",
    "500101": "district_wanzhou",
    "500112": "district_yubei",
}
OCCUPATION_NAMES = [
    "电工",
    "焊工",
    "车工",
    "装配钳工",
    "工业机器人系统操作员",
    "电梯安装维修工",
    "化学检验员",
    "汽车维修工",
    "中式烹调师",
    "中式面点师",
    "西式面点师",
    "茶艺师",
    "保育师",
    "养老护理员",
    "家政服务员",
    "美容师",
    "美发师",
    "电子商务师",
    "互联网营销师",
    "计算机程序设计员",
    "保安员",
    "消防设施操作员",
    "健康管理师",
    "动画制作员",
]
EMPLOYER_NAMES = [
    "重庆渝江机械制造有限公司",
    "重庆山城汽车零部件股份有限公司",
    "重庆两江智能装备有限公司",
    "重庆嘉陵化工集团有限公司",
    "重庆巴渝电梯工程有限公司",
    "重庆长嘉电力建设有限公司",
    "重庆朝天门餐饮管理有限公司",
    "重庆西部物流集团有限公司",
    "重庆渝北电子科技有限公司",
    "重庆万州三峡纺织有限公司",
    "重庆缙云建筑安装有限公司",
    "重庆南山轨道交通装备有限公司",
]
SOCIAL_NAMES = [
    "重庆市巴渝职业技能培训学校",
    "重庆市渝中区家政服务职业培训中心",
    "重庆市九龙坡区新技能培训学校",
    "重庆市沙坪坝区技能人才评价中心",
    "重庆市江北区养老护理职业培训学校",
    "重庆市渝北区数字技能培训中心",
    "重庆市万州区烹饪职业培训学校",
    "重庆市美容美发行业协会",
    "重庆市电子商务协会",
    "重庆市保安服务行业协会",
    "重庆市消防职业技能培训中心",
    "重庆市茶文化研究会",
    "重庆市沙坪坝区众创职业培训学校",
    "重庆市江北区汽车维修行业协会",
    "重庆市渝北区康养职业培训学校",
    "重庆市九龙坡区焊接技术协会",
]
COLLEGE_NAMES = [
    "重庆市机械高级技工学校",
    "重庆市渝中职业教育中心",
    "重庆市九龙坡职业教育中心",
    "重庆市沙坪坝区技工学校",
    "重庆市江北区职业技术学校",
    "重庆市渝北职业教育中心",
    "重庆市万州高级技工学校",
    "重庆城市技师学院",
    "重庆工贸技师学院",
    "重庆交通技工学校",
    "重庆市轻工业技工学校",
    "重庆化工职业技术学校",
]

# The plan of bodies: (kind, target state). Numbers give ≥ 30 bodies and every state.
PLAN = (
    [("employer", "active")] * 7
    + [("social", "active")] * 6
    + [("college", "active")] * 6
    + [
        ("employer", "rectifying"),
        ("social", "rectifying"),
        ("social", "suspended"),
        ("college", "suspended"),
        ("social", "revoked"),
        ("employer", "revoked"),
        ("college", "expired"),
        ("social", "expired"),
        ("employer", "exited"),
        ("social", "exited"),
        # pending bodies, one per state of their initial application
        ("social", "draft"),
        ("college", "submitted"),
        ("employer", "district_review"),
        ("social", "centre_review"),
        ("college", "public_notice"),
        ("employer", "returned"),
        ("social", "rejected"),
        ("college", "withdrawn"),
        # a notice that has run its course: the centre may publish the filing now
        ("social", "notice_over"),
    ]
)


def demo_pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", minimal_pdf(name), content_type="application/pdf")


def demo_exists() -> bool:
    return User.objects.filter(username="centre1").exists()


def district_named_in(name: str, districts: dict[str, District]) -> str | None:
    """The code of the district a body's name mentions (渝中区…, 万州…), if any: its seat is there."""
    for code, district in districts.items():
        short = district.name.removesuffix("区").removesuffix("县")
        if district.name in name or short in name:
            return code
    return None


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The day from which `days` working days later is `day` (add_working_days backwards)."""
    start = day
    while add_working_days(start, days) > day:
        start -= datetime.timedelta(days=1)
    return start


class Builder:
    def __init__(self, seed: int = 2022, *, notice_days: int = 5):
        self.rng = random.Random(seed)
        self.notice_days = notice_days  # the real notice, though the demo publishes without waiting
        self.names = {
            "employer": iter(EMPLOYER_NAMES),
            "social": iter(SOCIAL_NAMES),
            "college": iter(COLLEGE_NAMES),
        }
        self.occupations = list(Occupation.objects.filter(name__in=OCCUPATION_NAMES).order_by("code"))
        self.districts = {d.code: d for d in District.objects.filter(code__in=OFFICER_DISTRICTS)}
        self.serial = 0

    def accounts(self) -> None:
        create_user(
            username="centre1", password=None, roles=[Role.CENTRE_OFFICER], display_name="王敏（市鉴定中心）"
        )
        create_user(
            username="centre2", password=None, roles=[Role.CENTRE_OFFICER], display_name="陈晓（市鉴定中心）"
        )
        for code, username in OFFICER_DISTRICTS.items():
            district = self.districts[code]
            create_user(
                username=username,
                password=None,
                roles=[Role.DISTRICT_OFFICER],
                display_name=f"{person_name(self.rng)}（{district.name}人社局）",
                district=district,
            )
        create_user(
            username="supervisor1", password=None, roles=[Role.SUPERVISOR], display_name="刘洋（质量督导员）"
        )
        bureau = create_user(
            username="bureau",
            password=None,
            roles=[Role.BUREAU_ADMIN],
            display_name="市人社局系统管理员",
            is_staff=True,
        )
        bureau.is_superuser = True
        bureau.save(update_fields=["is_superuser"])
        create_user(
            username="newcomer", password=None, roles=[Role.BODY_ADMIN], display_name="新申请机构联系人"
        )

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def lines(self, count: int) -> list[LineRequest]:
        chosen = self.rng.sample(self.occupations, count)
        return [LineRequest(o.code, self.rng.choice([5, 4, 3, 2]), ScopeAction.ADD) for o in chosen]

    def body(self, kind: str) -> tuple[User, FilingApplication]:
        self.serial += 1
        name = next(self.names[kind])
        # A name that mentions a district puts the body there; the others take the districts in turn.
        code = (
            district_named_in(name, self.districts)
            or list(OFFICER_DISTRICTS)[(self.serial - 1) % len(OFFICER_DISTRICTS)]
        )
        admin = create_user(
            username=f"org{self.serial:02d}",
            password=None,
            roles=[Role.BODY_ADMIN],
            display_name=person_name(self.rng),
        )
        authority = {"employer": "91", "social": "52", "college": "12"}[kind]
        audience = {
            BodyKind.EMPLOYER: Audience.OWN_STAFF,
            BodyKind.COLLEGE: Audience.OWN_STUDENTS,
            BodyKind.SOCIAL: Audience.PUBLIC,
        }[kind]
        application = services.register_body_and_apply(
            user=admin,
            particulars={
                "name": name,
                "credit_code": credit_code(1000 + self.serial, district_code=code, authority=authority),
                "kind": kind,
                "district": self.districts[code],
                "audience": audience,
                "address": f"重庆市{self.districts[code].name}{self.rng.choice(['人民路', '解放路', '民主路', '建设大道', '科园路'])}{self.rng.randint(1, 300)}号",
                "legal_representative": person_name(self.rng),
                "contact_person": admin.profile.display_name,
                "contact_phone": f"023-{self.rng.randint(60000000, 69999999)}",
                "in_special_grade_pilot": kind == "employer" and self.serial % 3 == 0,
            },
            lines=self.lines(self.rng.randint(2, 5)),
            statement="申请开展职业技能等级认定。",
        )
        return admin, application

    def materials(self, application: FilingApplication, admin: User) -> None:
        for category in ("licence", "rules", "venue", "staff"):
            services.add_material(
                application=application, user=admin, category=category, upload=demo_pdf(category)
            )

    def advance(self, application: FilingApplication, admin: User, target: str) -> None:
        """Walk an application along the normal path until it reaches `target`."""
        officer = self.user(OFFICER_DISTRICTS[application.body.district.code])
        centre = self.user("centre1")
        path = [
            ("submitted", "submit", admin),
            ("district_review", "start_district_review", officer),
            ("centre_review", "pass_district_review", officer),
            ("public_notice", "approve", centre),
            ("filed", "publish", centre),
        ]
        if target != "draft" and application.kind in (FilingKind.INITIAL, FilingKind.RENEWAL):
            self.materials(application, admin)
        for state, action, actor in path:
            if application.status == target:
                return
            scores = None
            if action == "approve":
                scores = {
                    k: self.rng.randint(70, 98)
                    for k in (
                        "organisation",
                        "systems",
                        "technical_support",
                        "basic_conditions",
                        "staff",
                        "quality_management",
                    )
                }
            services.decide_application(application=application, user=actor, action=action, scores=scores)
            application.refresh_from_db()
            if state == target:
                return

    def backdate(self, body: AssessmentBody, years_ago: float) -> None:
        start = timezone.localdate() - datetime.timedelta(days=int(365 * years_ago))
        end = services.add_years(start, 3) - datetime.timedelta(days=1)
        AssessmentBody.objects.filter(pk=body.pk).update(valid_from=start, valid_to=end)
        body.scope_lines.filter(added_by_application__kind=FilingKind.INITIAL).update(effective_from=start)
        # The history so far (the initial filing's steps and the activation) moves to the filing date too,
        # so that timelines read in order next to later, backdated events.
        published = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10, 0)))
        initial = body.applications.filter(kind=FilingKind.INITIAL).first()
        logs = list(StateLog.objects.for_(initial).order_by("timestamp", "pk")) if initial else []
        for steps_before, log in enumerate(reversed(logs)):
            backdate_log(log.pk, published - datetime.timedelta(days=steps_before))
        backdate_logs(StateLog.objects.for_(body), published)
        AssessmentBody.objects.filter(pk=body.pk).update(status_since=published)
        body.refresh_from_db()

    @transaction.atomic
    def build(self) -> dict:
        self.accounts()
        centre = self.user("centre1")
        counts: dict[str, int] = {}
        for kind, target in PLAN:
            admin, application = self.body(kind)
            body = application.body
            counts[target] = counts.get(target, 0) + 1
            if target == "notice_over":
                self.advance(application, admin, "public_notice")
                self.notice_ran(application)
                continue
            if target in ("draft", "submitted", "district_review", "centre_review", "public_notice"):
                self.advance(application, admin, target)
                if target == "public_notice":  # the demo's notice runs its real length
                    FilingApplication.objects.filter(pk=application.pk).update(
                        notice_ends=add_working_days(timezone.localdate(), self.notice_days)
                    )
                continue
            if target == "returned":
                self.advance(application, admin, "district_review")
                officer = self.user(OFFICER_DISTRICTS[body.district.code])
                services.decide_application(
                    application=application,
                    user=officer,
                    action="return_for_correction",
                    reason="场地视频监控说明不完整，请补充考场平面图和监控点位。",
                )
                continue
            if target == "rejected":
                self.advance(application, admin, "centre_review")
                services.decide_application(
                    application=application,
                    user=centre,
                    action="reject",
                    reason="考评人员数量不足，不具备开展认定的基本条件。",
                )
                continue
            if target == "withdrawn":
                self.advance(application, admin, "submitted")
                services.decide_application(application=application, user=admin, action="withdraw")
                continue
            self.advance(application, admin, "filed")
            body.refresh_from_db()
            self.backdate(body, self.rng.uniform(0.3, 2.4))
            if target == "rectifying":
                services.act_on_body(
                    body=body,
                    user=centre,
                    action="order_rectification",
                    reason="现场督导发现考务档案不完整，限期整改。",
                )
            elif target == "suspended":
                services.act_on_body(
                    body=body, user=centre, action="order_rectification", reason="证书发放台账缺失。"
                )
                services.act_on_body(
                    body=body, user=centre, action="suspend", reason="逾期未完成整改，暂停认定资格。"
                )
            elif target == "revoked":
                services.act_on_body(
                    body=body, user=centre, action="suspend", reason="违规发放职业技能等级证书。"
                )
                services.act_on_body(
                    body=body, user=centre, action="revoke", reason="经查实违规发证，取消备案。"
                )
            elif target == "expired":
                AssessmentBody.objects.filter(pk=body.pk).update(
                    valid_from=timezone.localdate() - datetime.timedelta(days=3 * 365 + 30),
                    valid_to=timezone.localdate() - datetime.timedelta(days=30),
                )
                services.expire_lapsed_bodies()
            elif target == "exited":
                exit_application = services.open_application(
                    user=admin,
                    body=body,
                    kind=FilingKind.EXIT,
                    statement="企业业务调整，申请注销评价机构备案。",
                )
                self.advance(exit_application, admin, "filed")
        self.extras()
        self.settle_notices()
        # One hash for every demo account: hashing each password separately costs seconds.
        User.objects.filter(profile__isnull=False).update(password=make_password(PASSWORD))
        return counts

    def settle_notices(self) -> None:
        """A published filing's notice ran its real length: it began on the approval, the notice's
        working days before the publication, and the review steps came before it, a day apart."""
        for application in FilingApplication.objects.filter(status="filed").exclude(notice_ends=None):
            logs = {log.transition: log for log in StateLog.objects.for_(application)}
            published = timezone.localtime(logs["publish"].timestamp)
            start = working_days_before(published.date(), self.notice_days)
            moment = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10, 0)))
            steps = ["approve", "pass_district_review", "start_district_review", "submit"]
            for back, step in enumerate(steps):
                log = logs.get(step)
                at = moment - datetime.timedelta(days=back)
                if log is not None and log.timestamp > at:
                    backdate_log(log.pk, at)
            submitted = min(moment - datetime.timedelta(days=3), application.submitted_at or moment)
            FilingApplication.objects.filter(pk=application.pk).update(
                notice_starts=start,
                notice_ends=published.date(),
                decided_at=moment,
                submitted_at=submitted,
                first_submitted_at=min(submitted, application.first_submitted_at or submitted),
                created_at=min(application.created_at, submitted - datetime.timedelta(hours=1)),
            )

    def notice_ran(self, application: FilingApplication) -> None:
        """Move an application in public notice back so that its notice ended yesterday (approved on the
        day it began, its review steps a day apart before that)."""
        ends = timezone.localdate() - datetime.timedelta(days=1)
        start = working_days_before(ends, self.notice_days)
        moment = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10, 0)))
        logs = {log.transition: log for log in StateLog.objects.for_(application)}
        for back, step in enumerate(["approve", "pass_district_review", "start_district_review", "submit"]):
            if step in logs:
                backdate_log(logs[step].pk, moment - datetime.timedelta(days=back))
        submitted = moment - datetime.timedelta(days=3)
        FilingApplication.objects.filter(pk=application.pk).update(
            notice_starts=start,
            notice_ends=ends,
            decided_at=moment,
            submitted_at=submitted,
            first_submitted_at=submitted,
            created_at=submitted - datetime.timedelta(hours=1),
        )

    def extras(self) -> None:
        """Applications of the other kinds on active bodies: a filed change, a renewal under review."""
        active = list(AssessmentBody.objects.filter(status="active").order_by("pk"))
        body = active[0]
        admin = User.objects.get(username="org01")
        current = body.scope_lines.filter(effective_to__isnull=True).select_related("occupation").first()
        new_occupation = next(
            o for o in self.occupations if not body.scope_lines.filter(occupation=o).exists()
        )
        change = services.open_application(
            user=admin,
            body=body,
            kind=FilingKind.CHANGE,
            statement="调整认定职业范围。",
            lines=[
                LineRequest(new_occupation.code, Level.LEVEL_4, ScopeAction.ADD),
                LineRequest(current.occupation.code, current.level, ScopeAction.REMOVE),
            ],
            particulars={"contact_phone": "023-63880000"},
        )
        self.advance(change, admin, "filed")
        # A body near the end of its validity, renewing.
        renewing = active[1]
        AssessmentBody.objects.filter(pk=renewing.pk).update(
            valid_from=timezone.localdate() - datetime.timedelta(days=3 * 365 - 60),
            valid_to=timezone.localdate() + datetime.timedelta(days=59),
        )
        renewing.refresh_from_db()
        renewal = services.open_application(
            user=self.user("org02"),
            body=renewing,
            kind=FilingKind.RENEWAL,
            statement="备案有效期即将届满，申请延续。",
        )
        self.advance(renewal, self.user("org02"), "centre_review")


def build_demo(seed: int = 2022) -> dict:
    notice_days = settings.FILING_NOTICE_WORKING_DAYS
    with override_settings(FILING_NOTICE_WORKING_DAYS=0):  # publish at once; settle_notices dates them
        return Builder(seed, notice_days=notice_days).build()

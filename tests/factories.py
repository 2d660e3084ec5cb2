"""factory_boy factories. Records that have a lifecycle are built through services, so they carry history."""

import itertools

import factory
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from accounts.services import create_user
from common.pdf_samples import minimal_pdf
from registry import services
from registry.identifiers import credit_code
from registry.models import District, Occupation
from registry.services import LineRequest

_serial = itertools.count(1)

YUZHONG = "500103"
JIULONGPO = "500107"


def district(code: str = YUZHONG) -> District:
    return District.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")


def user_with_role(role: str, *, district_code: str | None = None, username: str | None = None) -> User:
    name = username or f"{role}{next(_serial)}"
    user = create_user(
        username=name,
        password="pw",
        roles=[role],
        display_name=name,
        district=district(district_code) if district_code else None,
    )
    return user


def centre_officer(**kw) -> User:
    return user_with_role(Role.CENTRE_OFFICER, **kw)


def district_officer(code: str = YUZHONG, **kw) -> User:
    return user_with_role(Role.DISTRICT_OFFICER, district_code=code, **kw)


def body_admin(**kw) -> User:
    return user_with_role(Role.BODY_ADMIN, **kw)


def pdf_upload(name: str = "licence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(name), content_type="application/pdf")


def occupation(code: str = "6-31-01-03") -> Occupation:
    return Occupation.objects.get(code=code)


def draft_application(
    *,
    admin: User | None = None,
    kind: str = "social",
    district_code: str = YUZHONG,
    lines: list[LineRequest] | None = None,
    with_materials: bool = True,
    name: str | None = None,
):
    """A pending body with its initial application in draft, materials attached."""
    admin = admin or body_admin()
    n = next(_serial)
    application = services.register_body_and_apply(
        user=admin,
        particulars={
            "name": name or f"重庆测试评价机构{n}",
            "credit_code": credit_code(n, district_code=district_code),
            "kind": kind,
            "district": district(district_code),
        },
        lines=lines or [LineRequest("6-31-01-03", 4)],
    )
    if with_materials:
        for category in ("licence", "rules", "venue", "staff"):
            services.add_material(application=application, user=admin, category=category, upload=pdf_upload())
    return application


def advance(application, target: str, *, admin=None, officer=None, centre=None):
    """Move an application along the normal path until it reaches `target`."""
    from django.test import override_settings

    admin = admin or application.applicant
    officer = officer or district_officer(application.body.district.code)
    centre = centre or centre_officer()
    steps = [
        ("submitted", "submit", admin),
        ("district_review", "start_district_review", officer),
        ("centre_review", "pass_district_review", officer),
        ("public_notice", "approve", centre),
        ("filed", "publish", centre),
    ]
    with override_settings(FILING_NOTICE_WORKING_DAYS=0):
        for state, action, actor in steps:
            if application.status == target:
                break
            services.decide_application(application=application, user=actor, action=action)
            application.refresh_from_db()
            if state == target:
                break
    return application


def filed_body(**kw):
    application = draft_application(**kw)
    advance(application, "filed")
    body = application.body
    body.refresh_from_db()
    return body


# --- examiners --------------------------------------------------------------------------------

_people = itertools.count(1)


def person(**overrides):
    from examiners.models import Person
    from registry.identifiers import resident_id

    n = next(_people)
    data = {
        "name": f"考评员{n}",
        "id_number": resident_id(n, born=f"19{84 + n % 9}0{1 + n % 9}1{n % 9}"),
        "employer": "重庆某企业",
        "district": district(),
    }
    data.update(overrides)
    return Person.objects.create(**data)


def certification(
    *,
    role: str = "examiner",
    status: str = "certified",
    grade: str = "senior_examiner",
    occupations: tuple[str, ...] = ("6-31-01-03",),
    valid_from=None,
    valid_to=None,
    who=None,
    track: str = "online",
):
    """A certification put straight into a state (for rule and draw tests; lifecycles use services)."""
    import datetime

    from django.utils import timezone

    from examiners.models import Certification

    today = timezone.localdate()
    certified = status in ("certified", "suspended", "expired")
    cert = Certification.objects.create(
        person=who or person(),
        role=role,
        track=track,
        grade=grade if role == "examiner" else "",
        status=status,
        certificate_no=f"T{next(_people):09d}" if certified else None,
        valid_from=valid_from or (today - datetime.timedelta(days=30) if certified else None),
        valid_to=valid_to or (today + datetime.timedelta(days=700) if certified else None),
    )
    if role == "examiner":
        cert.occupations.set(Occupation.objects.filter(code__in=occupations))
    return cert


def session(
    *,
    body=None,
    occupation_code: str = "6-31-01-03",
    level: int = 4,
    date=None,
    rooms: int = 1,
    candidates: int = 20,
):
    """A session at a filed body (made filed here if not given) whose scope covers it."""
    import datetime

    from django.utils import timezone

    from examiners.models import AssessmentSession

    body = body or filed_body(lines=[LineRequest(occupation_code, level)])
    admin = body.applications.order_by("pk").first().applicant
    return AssessmentSession.objects.create(
        body=body,
        occupation=occupation(occupation_code),
        level=level,
        date=date or timezone.localdate() + datetime.timedelta(days=14),
        practical_rooms=rooms,
        candidates=candidates,
        created_by=admin,
    )


# --- audits -----------------------------------------------------------------------------------


def png_upload(name: str = "photo.png", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    """A real PNG (a photo of a finding, as far as the content checks can tell)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def supervisor(*, account=None, **person_overrides):
    """A certified quality supervisor with a user account to sign in with; returns the certification."""
    who = person(**person_overrides)
    who.account = account or user_with_role(Role.SUPERVISOR)
    who.save(update_fields=["account"])
    return certification(role="supervisor", who=who)


def inspection(*, body=None, officer=None, kind: str = "annual", planned_for=None, session=None, **kw):
    """A planned inspection of a filed body (an annual check unless told), planned by an officer."""
    import datetime

    from django.utils import timezone

    from audits.services.inspections import plan_inspection

    if session is not None:
        body = session.body
    body = body or filed_body()
    return plan_inspection(
        user=officer or centre_officer(),
        body=body,
        kind=kind,
        planned_for=planned_for or timezone.localdate() + datetime.timedelta(days=7),
        session=session,
        **kw,
    )


def inspection_in(target: str, *, findings: tuple[str, ...] = ("major",), officer=None, **kw):
    """An inspection walked through the services to `target` (assigned … closed) with findings."""
    from audits.models import AnswerResult
    from audits.services import inspections as svc

    officer = officer or centre_officer()
    insp = inspection(officer=officer, **kw)
    if target == "planned":
        return insp
    cert = supervisor()
    svc.assign_supervisor(inspection=insp, user=officer, certification=cert)
    if target == "assigned":
        return insp
    account = cert.person.account
    svc.start_inspection(inspection=insp, user=account)
    if target == "in_progress":
        return insp
    items = list(insp.template.items.all())
    answers = {i.pk: (AnswerResult.YES, "") for i in items}
    for n, severity in enumerate(findings):
        item = items[n % len(items)]
        answers[item.pk] = (AnswerResult.NO, f"不符合：{item.text}")
        svc.add_finding(
            inspection=insp,
            user=account,
            severity=severity,
            description=f"发现问题 {n + 1}：{item.text}",
            item_id=item.pk,
            uploads=[png_upload()],
        )
    svc.save_answers(inspection=insp, user=account, answers=answers)
    svc.sign_and_submit(
        inspection=insp, user=account, signed_name=cert.person.name, summary="总体规范。", pledge=True
    )
    if target == "submitted":
        return insp
    svc.review_inspection(inspection=insp, user=officer, note="情况属实")
    if target == "reviewed":
        return insp
    raise ValueError(target)


# --- credential audit -------------------------------------------------------------------------

_result_serial = itertools.count(1)


def roster(*, user=None, body=None, name: str = "roster.csv"):
    from certificates.models import Roster

    return Roster.objects.create(
        original_name=name, sha256="0" * 64, body=body, uploaded_by=user or centre_officer()
    )


def certificate_no(body, *, year: int, level: int, serial: int | None = None) -> str:
    """A well-formed 22-character number: filing number + 2-digit year + level + 6-digit serial."""
    return f"{body.filing_no}{year % 100:02d}{level}{(serial or next(_result_serial)):06d}"


def result(*, body, in_roster=None, **overrides):
    """A stored result row put straight into the table (for rule tests; imports go through the importer).

    Defaults: a passer at level 4 of the body's first scope line, exam 10 days ago, certificate issued
    5 days ago with a well-formed number, scores 80/85, one examiner number "T000000001".
    """
    import datetime
    import hashlib

    from django.utils import timezone

    from certificates.models import Result
    from registry.identifiers import resident_id

    n = next(_result_serial)
    line = body.scope_lines.select_related("occupation").first()
    exam = overrides.pop("exam_date", timezone.localdate() - datetime.timedelta(days=10))
    level = overrides.pop("level", line.level if line else 4)
    passed = overrides.pop("passed", True)
    issue = overrides.pop("issue_date", exam + datetime.timedelta(days=5) if passed else None)
    data = {
        "roster": in_roster or roster(body=body),
        "line": n,
        "body": body,
        "occupation": line.occupation if line else occupation(),
        "level": level,
        "name": f"考生{n}",
        # born 1984–1993 (the area code's years), a different birth date for every row
        "id_number": resident_id(
            n, born=(datetime.date(1984, 1, 1) + datetime.timedelta(days=n % 3600)).strftime("%Y%m%d")
        ),
        "theory_score": 80.0,
        "skill_score": 85.0,
        "review_score": None,
        "exam_date": exam,
        "issue_date": issue,
        "certificate_no": certificate_no(body, year=issue.year, level=level) if passed else "",
        "examiner_nos": "T000000001",
        "status": "issued" if passed else "not_issued",
    }
    data.update(overrides)
    key = f"{data['body'].pk}|{data['id_number']}|{data['occupation'].pk}|{data['level']}|{data['exam_date']}|{n}"
    data.setdefault("row_key", hashlib.sha1(key.encode()).hexdigest())
    return Result.objects.create(**data)


# --- special-ability specifications (issue 13) ------------------------------------------------------


def expert(**kw) -> User:
    return user_with_role(Role.EXPERT, **kw)


def specification_content(*, occupations=(), units: int = 2, **overrides):
    from specifications.services import Content, Unit

    values = {
        "necessity": "重庆餐饮从业人员众多，缺少对应的专项能力评价。",
        "audience": "从事相关工作的城乡劳动者",
        "panel_size": 3,
        "method": "实际操作",
        "duration_minutes": 120,
        "site_and_equipment": "标准实训室一间，操作台 10 个",
        "units": [
            Unit(f"能力单元{n}", f"工作内容{n}", f"技能要求{n}", f"知识要求{n}") for n in range(1, units + 1)
        ],
        "occupations": [occupation(code) for code in occupations],
    }
    return Content(**(values | overrides))


def proposed_specification(*, user=None, body=None, name: str | None = None, occupations=(), **content):
    """A specification proposed through the service (by the centre unless a body and its admin are given)."""
    from specifications.services import propose

    return propose(
        user=user or centre_officer(),
        name=name or f"测试专项能力{next(_serial)}",
        content=specification_content(occupations=occupations, **content),
        draft=pdf_upload("draft.pdf"),
        body=body,
    )


def specification_in(
    target: str, *, votes=(True, True, True), version=None, centre=None, experts=None, on=None
):
    """A version taken through the workflow's services to `target` (any state); returns (version, centre,
    experts). Three experts by default, all on the panel, voting `votes` (one per panel member, in order)."""
    from specifications import services

    centre = centre or centre_officer()
    version = version or proposed_specification(user=centre)
    experts = experts or [expert() for _ in range(max(3, len(votes)))]
    if target == "proposed":
        return version, centre, experts
    if target in ("returned", "rejected"):
        action = "return_for_changes" if target == "returned" else "reject"
        services.act(version=version, user=centre, action=action, reason="论证材料不完整", on=on)
        return version, centre, experts
    services.appoint_experts(version=version, user=centre, experts=experts)
    services.act(version=version, user=centre, action="start_argument", on=on)
    if target == "argued":
        return version, centre, experts
    for person in experts:
        services.record_opinion(version=version, user=person, verdict="agree", text="同意开发。")
    services.form_panel(version=version, user=centre, experts=experts[: len(votes)])
    services.act(version=version, user=centre, action="start_review", on=on)
    if target == "under_review":
        return version, centre, experts
    for person, passes in zip(experts, votes, strict=False):
        services.cast_vote(version=version, user=person, passes=passes, comment="评审意见")
    services.file_with_ministry(
        version=version, user=centre, filed_on=on or timezone.localdate(), reference="人社鉴函〔2026〕1号"
    )
    if target == "filed_with_ministry":
        return version, centre, experts
    services.publish(version=version, user=centre, on=on)
    if target == "published":
        return version, centre, experts
    services.act(version=version, user=centre, action="retire", reason="已被新职业标准取代", on=on)
    assert target == "retired", target
    return version, centre, experts

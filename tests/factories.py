"""factory_boy factories. Records that have a lifecycle are built through services, so they carry history."""

import itertools

import factory
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from accounts.services import create_user
from registry import services
from registry.demo import minimal_pdf
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

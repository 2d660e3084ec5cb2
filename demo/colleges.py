"""Demo technical colleges (技工院校名录), the catalogue 应备尽备 is measured against: 25 colleges over
the city, two thirds of them bodies of the registry demo by their credit code — the demo's own college
bodies in whatever state they are, and six more filed this year, as the plan pushes them to — and the
rest not filed at all, one of them closed by a merger. The plans themselves come from plans' migration.

The six new bodies are made as the registry demo makes its bodies (registry.services, backdated by
demo.registry.Builder), after the other demos, so that nothing those drew changes."""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone

from demo.registry import PASSWORD, Builder
from plans.models import TechnicalCollege
from registry.identifiers import credit_code
from registry.models import AssessmentBody, District
from registry.models.body import BodyKind

# Filed this year; a name that mentions a district puts the body there (demo.registry.Builder.body).
NEW_BODIES = [
    "重庆市渝北区技工学校",
    "重庆江北技师学院",
    "重庆万州技师学院",
    "重庆九龙坡技师学院",
    "重庆电子技师学院",
    "重庆航天技工学校",
]
# Not filed: (name, district). The last one merged into another school last year.
UNFILED = [
    ("重庆市涪陵区技工学校", "涪陵区"),
    ("重庆市永川区高级技工学校", "永川区"),
    ("重庆市江津区技工学校", "江津区"),
    ("重庆市合川区技工学校", "合川区"),
    ("重庆市綦江区技工学校", "綦江区"),
    ("重庆市黔江区技工学校", "黔江区"),
    ("重庆建筑技工学校", "沙坪坝区"),
    ("重庆市大足区技工学校", "大足区"),
]
CLOSED = "重庆市大足区技工学校"


def file_new_bodies(seed: int) -> list[AssessmentBody]:
    """Six college bodies filed on days of this year, each with its administrator (org39…)."""
    builder = Builder(seed, notice_days=settings.FILING_NOTICE_WORKING_DAYS)
    builder.names[BodyKind.COLLEGE] = iter(NEW_BODIES)
    builder.serial = User.objects.filter(username__regex=r"^org\d+$").count()
    today = timezone.localdate()
    days_into_year = (today - today.replace(month=1, day=1)).days
    bodies = []
    hashed = make_password(PASSWORD)  # once: hashing costs
    with override_settings(FILING_NOTICE_WORKING_DAYS=0):  # publish at once; settle_notices dates them
        for _name in NEW_BODIES:
            admin, application = builder.body(BodyKind.COLLEGE)
            builder.advance(application, admin, "filed")
            body = application.body
            body.refresh_from_db()
            days_ago = builder.rng.randint(min(10, days_into_year), max(days_into_year, 0))
            builder.backdate(body, days_ago / 365)
            bodies.append(body)
            User.objects.filter(pk=admin.pk).update(password=hashed)
    builder.settle_notices()
    return bodies


def build_colleges_demo(seed: int = 2026) -> dict[str, int]:
    file_new_bodies(seed)
    for body in (
        AssessmentBody.objects.filter(kind=BodyKind.COLLEGE).select_related("district").order_by("pk")
    ):
        TechnicalCollege.objects.create(name=body.name, credit_code=body.credit_code, district=body.district)
    districts = {d.name: d for d in District.objects.filter(name__in=[d for _n, d in UNFILED])}
    for number, (name, district) in enumerate(UNFILED, start=1):
        TechnicalCollege.objects.create(
            name=name,
            credit_code=credit_code(5000 + number, district_code=districts[district].code, authority="12"),
            district=districts[district],
            closed_on=timezone.localdate().replace(month=1, day=1) - datetime.timedelta(days=120)
            if name == CLOSED
            else None,
        )
    return {"colleges": TechnicalCollege.objects.count()}

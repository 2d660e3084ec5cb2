"""A certification batch-recorded today for an exam weeks ago is certified from its exam date (its
valid_from) for everyone: the audit, the draw, /verify/ and the registry export (style.md, "Time has two
axes")."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from certificates import rules
from certificates.models import Hit, Rule
from examiners import services
from examiners.draw import build_pools
from examiners.imports import import_results
from examiners.models import AssessmentSession, Certification, Role
from examiners.selectors import certification_statuses_on, certified_ids_on, certified_on
from registry.identifiers import resident_id
from registry.services import LineRequest
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 3, 20)
EXAM = datetime.date(2026, 2, 3)  # the examiners' exam; the results file is typed in on TODAY
BETWEEN = datetime.date(2026, 3, 2)  # a day after the exam, before the batch was recorded
OCCUPATION = "6-31-01-03"
DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _today(time_machine, settings):
    settings.LANGUAGE_CODE = "en"
    time_machine.move_to(at(TODAY), tick=False)


@pytest.fixture
def world():
    """A body filed two years ago; an examiner it recommended, accepted into training before the exam;
    the exam results entered today from a batch file."""
    with time_machine.travel(at(datetime.date(2024, 1, 8)), tick=False):
        body = factories.filed_body(lines=[LineRequest(OCCUPATION, 4)])
    admin = body.applications.order_by("pk").first().applicant
    centre = factories.centre_officer()
    with time_machine.travel(at(EXAM - 40 * DAY), tick=False):
        cert = services.recommend(
            user=admin,
            body=body,
            name="王磊",
            id_number=resident_id(9001, born="19850612"),
            role=Role.EXAMINER,
            track="offline",
            grade="senior_examiner",
            occupations=list(factories.Occupation.objects.filter(code=OCCUPATION)),
            employed_by_body=False,
        )
        services.act_on_certification(certification=cert, user=centre, action="accept")
    rows = [["证件号码", "姓名", "角色", "认证方式", "培训学时", "考试成绩", "考试日期"]]
    rows.append([cert.person.id_number, "王磊", "考评员", "线下", "40", "88", EXAM.isoformat()])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    report = import_results(SimpleUploadedFile("results.csv", buffer.getvalue().encode()), user=centre)
    assert not report.errors
    cert.refresh_from_db()
    return {"body": body, "cert": cert, "admin": admin}


def test_the_batch_certifies_from_the_exam_date(world):
    cert = world["cert"]
    assert (cert.status, cert.valid_from) == ("certified", EXAM)
    assert not certified_on(cert, EXAM - DAY)
    assert certified_on(cert, EXAM) and certified_on(cert, BETWEEN) and certified_on(cert, TODAY)
    assert cert.pk in certified_ids_on(BETWEEN) and cert.pk not in certified_ids_on(EXAM - DAY)


def test_the_audit_sees_the_examiner_certified_between_exam_and_recording(world):
    body, cert = world["body"], world["cert"]
    roster = factories.roster(body=body)
    assessed = factories.result(
        body=body,
        in_roster=roster,
        examiner_nos=cert.certificate_no,
        exam_date=BETWEEN,
        issue_date=BETWEEN + 5 * DAY,
    )
    too_early = factories.result(
        body=body,
        in_roster=roster,
        examiner_nos=cert.certificate_no,
        exam_date=EXAM - DAY,
        issue_date=EXAM + 5 * DAY,
    )
    rules.run()
    flagged = dict(Hit.objects.filter(rule=Rule.EXAMINER_NOT_QUALIFIED).values_list("result_id", "detail"))
    assert assessed.pk not in flagged
    assert flagged[too_early.pk].startswith(
        f"examiner {cert.certificate_no} status on {EXAM - DAY}: In training"
    )


def test_the_draw_counts_the_examiner_certified_on_such_a_day(world):
    body, cert = world["body"], world["cert"]
    assert certification_statuses_on(BETWEEN, [cert.pk]) == {cert.pk: "certified"}
    # a session held on that day, staffed late: the draw's pool takes the examiner
    past = AssessmentSession.objects.create(
        body=factories.filed_body(lines=[LineRequest(OCCUPATION, 4)]),
        occupation=factories.occupation(OCCUPATION),
        level=4,
        date=BETWEEN,
        practical_rooms=1,
        candidates=10,
        created_by=world["admin"],
    )
    assert cert.pk in build_pools(past)[Role.EXAMINER].eligible
    before = AssessmentSession.objects.create(
        body=past.body, occupation=past.occupation, level=4, date=EXAM - DAY, practical_rooms=1, candidates=10,
        created_by=world["admin"],
    )  # fmt: skip
    assert build_pools(before)[Role.EXAMINER].excluded[cert.pk] == "not_certified"
    assert body.pk != past.body_id  # recusal by employer plays no part


def test_verify_and_the_export_agree(world, client, tmp_path):
    body, cert = world["body"], world["cert"]
    issued = factories.result(body=body, name="李娜", examiner_nos=cert.certificate_no, exam_date=BETWEEN)
    cache.clear()
    page = client.get("/verify/", {"no": issued.certificate_no, "name": "李娜"})
    assert page.status_code == 200 and "This certificate is valid." in page.content.decode()

    call_command("export_registry", str(tmp_path), stdout=io.StringIO())
    with open(tmp_path / "examiners.csv", encoding="utf-8") as handle:
        (row,) = [r for r in csv.DictReader(handle) if r["certificate_no"] == cert.certificate_no]
    assert (row["status"], row["valid_from"]) == ("certified", EXAM.isoformat())
    assert Certification.objects.get(pk=cert.pk).valid_on(BETWEEN)

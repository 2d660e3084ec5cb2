"""/statistics/'s figures: aggregates by district, type, level and kind; no person, no body, no audit."""

import dataclasses
import datetime

import pytest
import time_machine

from certificates.models import Hit, Result, Rule
from certificates.services import cases
from examiners.models import Certification
from plans.dashboard import build, public_statistics
from plans.models import Metric, Plan, ScopeKind, Target, TechnicalCollege
from registry.models import AssessmentBody, District
from tests import factories
from tests.plans.metrics.helpers import TODAY, YUZHONG, at

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(evaluations):
    y, j = evaluations
    factories.certification(status="certified", valid_from=D(2026, 3, 1))
    factories.supervisor()
    with time_machine.travel(at(D(2026, 4, 1)), tick=False):
        Hit.objects.create(
            rule=Rule.UNDER_AGE, body=y, result=Result.objects.first(), key="1", detail="未满16周岁"
        )
        cases.assign_open_hits()
    TechnicalCollege.objects.create(name="重庆甲技师学院", credit_code=j.credit_code, district=j.district)
    plan = Plan.objects.create(year=2026, name="2026年全市技能人才工作要点")
    Target.objects.create(plan=plan, metric=Metric.EVALUATIONS, value=1200)
    Target.objects.create(
        plan=plan,
        metric=Metric.EVALUATIONS,
        scope=ScopeKind.DISTRICT,
        district=District.objects.get(code=YUZHONG),
        value=600,
    )
    Target.objects.create(
        plan=plan, metric=Metric.BODIES, scope=ScopeKind.BODY_KIND, body_kind="social", value=3
    )
    return y, j


def everything_said(dashboard) -> str:
    return repr(dataclasses.asdict(dashboard))


def test_no_name_id_number_certificate_or_single_body_appears(world):
    said = everything_said(public_statistics(year=2026, as_of=TODAY))
    secrets = set()
    for name, id_number, certificate_no, examiners in Result.objects.values_list(
        "name", "id_number", "certificate_no", "examiner_nos"
    ):
        secrets |= {name, id_number, examiners} | ({certificate_no} if certificate_no else set())
    for person_name, id_number, number in Certification.objects.values_list(
        "person__name", "person__id_number", "certificate_no"
    ):
        secrets |= {person_name, id_number} | ({number} if number else set())
    for name, credit_code, filing_no in AssessmentBody.objects.values_list(
        "name", "credit_code", "filing_no"
    ):
        secrets |= {name, credit_code} | ({filing_no} if filing_no else set())
    secrets |= set(TechnicalCollege.objects.values_list("name", flat=True))
    assert secrets and not [secret for secret in secrets if secret in said]
    # the same check finds them where they belong: the officers' dashboard lists the colleges
    assert "重庆甲技师学院" in everything_said(build(year=2026, as_of=TODAY))


def test_only_aggregates_by_district_type_level_and_kind(world):
    dashboard = public_statistics(year=2026, as_of=TODAY)
    assert [t.key for t in dashboard.tables] == [
        "bodies_by_district",
        "bodies_by_kind",
        "evaluations_by_type",
        "evaluations_by_level",
        "evaluations_by_district",
        "highly_skilled",
    ]
    assert dashboard.colleges_filed == [] and dashboard.scope == "全市"
    by_type = {t.key: t for t in dashboard.tables}["evaluations_by_type"]
    assert by_type.total == (8, 6, 75)


def test_only_the_citywide_targets_are_shown(world):
    progress = public_statistics(year=2026, as_of=TODAY).progress
    assert [(p.key, p.scope, p.target, p.actual) for p in progress] == [("evaluations", "全市", 1200, 8)]

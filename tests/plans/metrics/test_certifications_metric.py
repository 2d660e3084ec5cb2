"""Examiners and supervisors certified in the year: on the day the certification took effect, however
late it was recorded; online and offline; renewals are not new certifications."""

import datetime

import pytest

from examiners import services
from plans.dashboard import build
from plans.metrics import Facts, Period
from plans.models import Metric
from registry.models import District
from tests import factories
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG, filed_on

pytestmark = pytest.mark.django_db
D = datetime.date


def examined(cert, *, day: datetime.date, score: int = 85):
    """The exam results typed in today for an exam on `day` (a pass certifies from that day)."""
    services.record_result(
        certification=cert,
        user=factories.centre_officer(),
        training_hours=40,
        exam_score=score,
        exam_date=day,
    )
    cert.refresh_from_db()
    return cert


@pytest.fixture
def people():
    jiulongpo = District.objects.get(code=JIULONGPO)
    body = filed_on(D(2025, 6, 1), district_code=JIULONGPO)
    e1 = examined(factories.certification(status="training", track="online"), day=D(2026, 2, 10))
    e2 = examined(
        factories.certification(status="training", track="offline", who=factories.person(district=jiulongpo)),
        day=D(2025, 11, 20),  # last year's exam, recorded today
    )
    s1 = factories.certification(
        role="supervisor", status="training", track="offline", who=factories.person(district=None)
    )
    s1.recommending_body = body  # no district of the person's own: the recommending body's
    s1.save(update_fields=["recommending_body"])
    examined(s1, day=D(2026, 4, 2))
    # put straight into its state, no log: counted from its valid_from
    factories.certification(role="supervisor", status="certified", track="online", valid_from=D(2026, 5, 5))
    renewed = factories.certification(status="expired", valid_from=D(2022, 1, 1), valid_to=D(2025, 1, 1))
    services.renew(certification=renewed, user=factories.centre_officer(), on=D(2026, 3, 1))
    examined(factories.certification(status="training"), day=D(2026, 3, 3), score=50)  # failed
    factories.certification(status="training", track="offline")
    return e1, e2, s1


def test_a_certification_counts_from_the_day_it_took_effect(people):
    facts = Facts(Period(year=2026, as_of=TODAY))
    assert facts.monthly(Metric.EXAMINERS) == [0, 1, 1, 1, 1, 1]
    assert facts.monthly(Metric.SUPERVISORS) == [0, 0, 0, 1, 2, 2]


def test_one_recorded_today_but_effective_last_year_counts_last_year(people):
    _e1, e2, _s1 = people
    assert e2.valid_from == D(2025, 11, 20)
    assert Facts(Period(year=2025, as_of=D(2025, 12, 31))).actual(Metric.EXAMINERS) == 1
    assert Facts(Period(year=2025, as_of=D(2025, 11, 19))).actual(Metric.EXAMINERS) == 0
    assert Facts(Period(year=2026, as_of=D(2026, 1, 31))).actual(Metric.EXAMINERS) == 0


def test_the_persons_district_places_them_else_the_recommending_bodys(people):
    facts = Facts(Period(year=2026, as_of=TODAY))
    jiulongpo = District.objects.get(code=JIULONGPO).pk
    yuzhong = District.objects.get(code=YUZHONG).pk
    assert facts.actual(Metric.SUPERVISORS, district_id=jiulongpo) == 1
    assert facts.actual(Metric.SUPERVISORS, district_id=yuzhong) == 1
    assert facts.actual(Metric.EXAMINERS, district_id=jiulongpo) == 0


def test_the_table_splits_online_and_offline(people):
    table = {t.key: t for t in build(year=2026, as_of=TODAY).tables}["certifications"]
    assert table.columns == ("线上认证", "线下认证")
    assert {row.code: row.values for row in table.rows} == {"examiner": (1, 0), "supervisor": (1, 1)}
    assert table.total == (2, 1)
    jiulongpo = District.objects.get(code=JIULONGPO)
    table = {t.key: t for t in build(year=2026, as_of=TODAY, district=jiulongpo).tables}["certifications"]
    assert table.total == (0, 1)

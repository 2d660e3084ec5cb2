"""The certificate audit in the year: hits on the day found, cases on the day confirmed, certificates on
the day their revocation took effect."""

import datetime

import pytest
import time_machine

from certificates.models import Hit, Rule
from certificates.services import cases
from common.transitions import perform
from plans.dashboard import build
from registry.models import District
from tests import factories
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG, at, filed_on, results

pytestmark = pytest.mark.django_db
D = datetime.date


def hit(result, rule: str, *, found: datetime.date) -> Hit:
    with time_machine.travel(at(found), tick=False):
        return Hit.objects.create(
            rule=rule, body=result.body, result=result, key=str(result.pk), detail="核查发现"
        )


@pytest.fixture
def audit():
    """At a body in 渝中区: r1 hit UNDER_AGE on 1 Feb 2026, r3 on 15 Dec 2025, r2 CERT_NO_DUPLICATE on 1 Feb;
    the UNDER_AGE case (r1, r3) confirmed on 1 March 2026, revoking both; r4 revoked today by hand with
    effect from 20 December 2025; a complaint against a body in 九龙坡区 confirmed on 1 April 2026."""
    body = filed_on(D(2025, 6, 1), district_code=YUZHONG)
    other = filed_on(D(2025, 6, 1), district_code=JIULONGPO)
    r1, r2, r3, r4 = results(body, exam=D(2025, 11, 3), received=D(2025, 11, 10), passed=4)
    hit(r3, Rule.UNDER_AGE, found=D(2025, 12, 15))
    hit(r1, Rule.UNDER_AGE, found=D(2026, 2, 1))
    hit(r2, Rule.CERT_NO_DUPLICATE, found=D(2026, 2, 1))
    centre = factories.centre_officer()
    with time_machine.travel(at(D(2026, 2, 2)), tick=False):
        opened = {case.rule: case for case in cases.assign_open_hits()}
        cases.investigate(case=opened[Rule.UNDER_AGE], user=centre)
    with time_machine.travel(at(D(2026, 3, 1)), tick=False):
        cases.confirm_case(case=opened[Rule.UNDER_AGE], user=centre, reason="考生未满16周岁")
    perform(r4, "revoke", by=centre, reason="证书信息造假", on=D(2025, 12, 20))
    with time_machine.travel(at(D(2026, 4, 1)), tick=False):
        complaint = cases.open_complaint(user=centre, body=other, text="举报考场代考")
        cases.investigate(case=complaint, user=centre)
        cases.confirm_case(case=complaint, user=centre, reason="查实代考")
    return body


def audit_table(as_of, year=2026, district=None):
    return {t.key: t for t in build(year=year, as_of=as_of, district=district).tables}["audit"]


def test_hits_cases_and_revocations_count_in_the_year_they_took_effect(audit):
    table = audit_table(TODAY)
    rows = {row.code: row.values for row in table.rows}
    # hits found, cases confirmed, certificates revoked
    assert rows[Rule.UNDER_AGE] == (1, 1, 2)
    assert rows[Rule.CERT_NO_DUPLICATE] == (1, 0, 0)
    assert rows[""] == (0, 1, 0)  # the complaint
    assert table.total == (2, 2, 2)  # r4's revocation took effect last year
    assert [row.code for row in table.rows] == [*Rule.values, ""]


def test_before_the_confirmation_nothing_is_confirmed_or_revoked(audit):
    assert audit_table(D(2026, 2, 28)).total == (2, 0, 0)
    assert audit_table(D(2026, 3, 1)).total == (2, 1, 2)


def test_a_revocation_recorded_today_with_effect_last_year_counts_last_year(audit):
    last_year = audit_table(D(2025, 12, 31), year=2025)
    assert {row.code: row.values for row in last_year.rows}[Rule.UNDER_AGE] == (1, 0, 0)
    assert last_year.total == (1, 0, 1)
    assert audit_table(D(2025, 12, 19), year=2025).total == (1, 0, 0)


def test_a_district_sees_its_own_bodies_audit(audit):
    jiulongpo = District.objects.get(code=JIULONGPO)
    assert audit_table(TODAY, district=jiulongpo).total == (0, 1, 0)
    yuzhong = District.objects.get(code=YUZHONG)
    assert audit_table(TODAY, district=yuzhong).total == (2, 1, 2)

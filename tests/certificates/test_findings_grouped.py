"""The findings page groups hits by body, then by case, in <details> that fold without script; rule
codes appear only under the rules' names; the chart is HTML bars that reflow on a phone."""

import re

import pytest
from django.urls import reverse

from certificates.models import Hit
from certificates.services.cases import assign_open_hits
from tests import factories

pytestmark = pytest.mark.django_db


def hit(body, rule: str, key: str) -> Hit:
    return Hit.objects.create(rule=rule, body=body, key=key, detail=f"命中 {key}")


def test_hits_are_grouped_by_body_then_case(client):
    first, second = factories.filed_body(name="重庆甲评价机构"), factories.filed_body(name="重庆乙评价机构")
    hit(first, "UNDER_AGE", "a1")
    hit(first, "UNDER_AGE", "a2")
    hit(second, "UNDER_AGE", "b1")
    assign_open_hits()
    hit(first, "ID_INVALID", "a3")  # found after the cases were opened: no case yet
    client.force_login(factories.centre_officer())
    page = client.get(reverse("certificates:findings")).content.decode()

    groups = re.findall(
        r'<details class="hit-group"[^>]*>\s*<summary><strong>(.*?)</strong>.*?· (\d+) 条命中', page
    )
    assert groups == sorted([("重庆甲评价机构", "3"), ("重庆乙评价机构", "1")])  # by name
    first_group = next(g for g in page.split('<details class="hit-group"')[1:] if "重庆甲评价机构" in g)
    case = first.audit_cases.get()
    assert f"案件 {case.number}" in first_group and "尚未立案" in first_group
    assert '<details class="hit-group" open>' in page  # the first body unfolded, the others folded


def test_rule_codes_are_secondary_and_the_chart_is_html(client):
    body = factories.filed_body()
    hit(body, "UNDER_AGE", "x")
    assign_open_hits()
    client.force_login(factories.centre_officer())
    findings = client.get(reverse("certificates:findings")).content.decode()
    assert '<figure class="chart">' in findings and "<svg" not in findings
    assert 'class="chart-bar" style="width: 85%"' in findings
    cases = client.get(reverse("certificates:case_list")).content.decode()
    assert '考核日期当天考生未达最低年龄<div><code class="small muted">UNDER_AGE</code></div>' in cases

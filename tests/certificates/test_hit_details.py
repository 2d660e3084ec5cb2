"""A hit's detail is part of the record: written in the site's language (LANGUAGE_CODE), whatever the
language of whoever ran the audit, with statuses and grades by their labels."""

import pytest
from django.utils import timezone, translation
from stdnum.cn import ric

from certificates import rules
from certificates.models import Hit, Rule
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return factories.filed_body()


def detail_of(rule: str, result) -> str:
    return Hit.objects.get(rule=rule, result=result).detail


def test_details_are_in_chinese_even_when_an_english_reader_runs_the_audit(body):
    base = "51020219900506001"
    good = base + ric.calc_check_digit(base + "0")  # it reads the first 17 characters
    wrong = base + ("0" if good[-1] != "0" else "1")
    bad_id = factories.result(body=body, id_number=wrong)
    failing = factories.result(body=body, theory_score=55, skill_score=50.5)

    with translation.override("en"):
        rules.run()

    assert detail_of(Rule.ID_INVALID, bad_id) == f"身份证号码校验码为 {wrong[-1]}，应为 {good[-1]}"
    assert (
        detail_of(Rule.SCORE_FAIL_CERTIFIED, failing)
        == "成绩不合格仍发证：理论成绩 55 < 60；技能成绩 50.5 < 60"
    )


def test_a_status_in_a_detail_is_its_chinese_label(body):
    examiner = factories.certification(grade="senior_examiner")
    examiner.suspend(by=None, description="测试")
    examiner.save()
    # examined today, after the suspension (the rule rebuilds the examiner's status on the exam date)
    row = factories.result(body=body, examiner_nos=examiner.certificate_no, exam_date=timezone.localdate())

    rules.run()

    assert detail_of(Rule.EXAMINER_NOT_QUALIFIED, row) == (
        f"考评员 {examiner.certificate_no} 在 {row.exam_date:%Y-%m-%d} 的状态：已暂停"
    )


def test_an_english_site_writes_english_details(body, settings):
    settings.LANGUAGE_CODE = "en"
    failing = factories.result(body=body, theory_score=55)

    with translation.override("zh-hans"):
        rules.run()

    assert detail_of(Rule.SCORE_FAIL_CERTIFIED, failing) == "certificate issued with theory 55 < 60"

"""ID_INVALID and resident IDs' area codes: a code is right if it was in use (GB/T 2260, as python-stdnum
records it) at any time between the holder's birth and the exam date; IDs are given at first
registration and, before 1999, anew on every move between counties, not at birth."""

import datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from certificates import rules
from certificates.models import Hit, Rule
from certificates.rules import identity
from common import resident_ids
from registry.identifiers import resident_id
from tests import factories

EXAM = datetime.date(2026, 3, 10)
# Chongqing's district and county codes in use today (stdnum's cn/loc: no end year)
CURRENT_CHONGQING = [
    "500101", "500102", "500103", "500104", "500106", "500107", "500108", "500109", "500110", "500111",
    "500113", "500114", "500115", "500116", "500117", "500118", "500119", "500120", "500151", "500152",
    "500153", "500154", "500155", "500156", "500157", "500229", "500230", "500231", "500233", "500235",
    "500236", "500237", "500238", "500240", "500241", "500242", "500243",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC), tick=False)


def an_id(area: str, born: datetime.date, n: int = 1) -> str:
    return resident_id(n, born=f"{born:%Y%m%d}", area=area)


# --- the code's years of use ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "years"),
    [
        ("500101", ((1997, None),)),  # 万县区 1997, 万州区 since 1998: one run of years
        ("500112", ((1997, 2025),)),  # 渝北区
        ("510218", ((1994, 1997),)),  # 渝北区 while Chongqing was in Sichuan
        ("510202", ((1983, 1997),)),  # 市中区, then 渝中区
        ("512201", ((None, 1992),)),  # 万县市, in the record from its start
        ("512325", ((1983, 1996),)),  # the record's empty [1983-1982] 石柱县 left out
        ("110101", ((None, None),)),  # 东城区, never changed
        ("999999", ()),
        ("510299", ()),  # a province (四川省) but no such county
    ],
)
def test_years_of_use_come_from_stdnums_record(area, years):
    assert resident_ids.years_of_use(area) == years


def test_a_code_is_in_use_for_a_holder_if_some_year_between_birth_and_the_exam_is_in_its_years():
    assert resident_ids.in_use("500112", 1985, 2026)  # given at 16, after 渝北区 was made
    assert resident_ids.in_use("500101", 1967, 2026)
    assert resident_ids.in_use("510218", 1985, 2026)  # only 1994–1997, inside the holder's life
    assert resident_ids.in_use("510202", 1997, 2026)  # its last year is the birth year
    assert not resident_ids.in_use("510202", 1998, 2026)
    assert not resident_ids.in_use("500157", 1990, 2024)  # 两江新区 since 2025
    assert resident_ids.in_use("500157", 1990, 2025)
    assert not resident_ids.in_use("999999", 1990, 2026)


def stdnum_accepts(number: str) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:  # stdnum 2.2 on a province prefix with no such county
        return False


@settings(max_examples=300, deadline=None)
@given(
    area=st.sampled_from(
        [f"{prefix}{n:04d}" for prefix in ("50", "51") for n in (*range(0, 400), *range(2200, 2340))]
    ),
    born=st.dates(datetime.date(1950, 1, 1), datetime.date(2025, 12, 31)),
)
def test_in_use_in_the_birth_year_alone_is_stdnums_own_verdict(area, born):
    assert resident_ids.in_use(area, born.year, born.year) == stdnum_accepts(an_id(area, born))


def test_validate_on_a_day_checks_the_area_code_up_to_that_day():
    late = an_id("500157", datetime.date(1990, 5, 6))
    assert resident_ids.validate(late) == late
    assert resident_ids.validate(late, on=datetime.date(2025, 1, 1)) == late
    assert not resident_ids.is_valid(late, on=datetime.date(2024, 12, 31))


# --- the rule -------------------------------------------------------------------------------------


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def id_hits() -> dict[int, str]:
    return dict(Hit.objects.filter(rule=Rule.ID_INVALID).values_list("result_id", "detail"))


@pytest.mark.django_db
def test_a_roster_of_valid_ids_with_current_chongqing_codes_from_holders_born_1960_to_2008_has_no_id_hit():
    body = factories.filed_body()
    roster = factories.roster(body=body)
    rows = []
    for n, year in enumerate(range(1960, 2009)):
        area = CURRENT_CHONGQING[n % len(CURRENT_CHONGQING)]
        number = an_id(area, datetime.date(year, 7, 1), n)
        rows.append(factories.result(body=body, in_roster=roster, id_number=number, exam_date=EXAM))
    for n, area in enumerate(CURRENT_CHONGQING):  # every code, once for someone born before it existed
        born = datetime.date(1960 + n, 2, 28)
        number = an_id(area, born, 100 + n)
        rows.append(factories.result(body=body, in_roster=roster, id_number=number, exam_date=EXAM))

    rules.run(roster_id=roster.pk)

    assert len(rows) == 49 + len(CURRENT_CHONGQING)
    assert id_hits() == {}


def test_every_current_chongqing_code_passes_for_every_birth_year_from_1960_to_2008():
    numbers = [
        an_id(area, datetime.date(year, 3, 15), year)
        for area in CURRENT_CHONGQING
        for year in range(1960, 2009)
    ]
    verdicts = identity.check_ids(pd.Series(numbers, dtype="str"))
    assert (verdicts["reason"] == "").all()
    assert verdicts["birth_date"].notna().all()


@pytest.mark.django_db
def test_codes_retired_before_the_birth_or_never_in_use_hit_and_say_why(english):
    body = factories.filed_body()
    sichuan_era = factories.result(body=body, id_number=an_id("510202", datetime.date(2001, 4, 2)))
    wanxian = factories.result(body=body, id_number=an_id("512201", datetime.date(1995, 4, 2)))
    no_such = factories.result(body=body, id_number=an_id("999999", datetime.date(1985, 4, 2)))
    no_county = factories.result(body=body, id_number=an_id("510299", datetime.date(1985, 4, 2)))
    born_in_its_last_year = factories.result(body=body, id_number=an_id("510202", datetime.date(1997, 12, 1)))
    moved_in_between = factories.result(body=body, id_number=an_id("510218", datetime.date(1985, 4, 2)))

    rules.run()

    assert id_hits() == {
        sichuan_era.pk: "resident ID area code 510202 was in use 1983–1997; the holder was born in 2001",
        wanxian.pk: "resident ID area code 512201 was in use until 1992; the holder was born in 1995",
        no_such.pk: "resident ID area code 999999 does not exist",
        no_county.pk: "resident ID area code 510299 does not exist",
    }
    assert {born_in_its_last_year.pk, moved_in_between.pk}.isdisjoint(id_hits())


@pytest.mark.django_db
def test_a_code_first_used_after_the_exam_hits_that_row_only(english):
    body = factories.filed_body()
    number = an_id("500157", datetime.date(1990, 5, 6))  # 两江新区, since 2025
    before = factories.result(body=body, id_number=number, exam_date=datetime.date(2024, 6, 1))
    after = factories.result(body=body, id_number=number, exam_date=datetime.date(2025, 1, 2))

    rules.run()

    assert id_hits() == {
        before.pk: "resident ID area code 500157 was in use since 2025, not yet on the exam date 2024-06-01"
    }
    assert after.pk not in id_hits()


@pytest.mark.django_db
def test_a_bad_check_digit_or_an_impossible_birth_date_still_hits(english):
    body = factories.filed_body()
    good = an_id("500112", datetime.date(1985, 3, 1))
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    bad_digit = factories.result(body=body, id_number=wrong)
    base = "50011219850229001"  # 1985 is not a leap year
    no_day = factories.result(body=body, id_number=base + ric.calc_check_digit(base + "0"))

    rules.run()

    assert id_hits() == {
        bad_digit.pk: f"resident ID check digit is {wrong[-1]}, should be {good[-1]}",
        no_day.pk: "resident ID birth date 19850229 is not a date",
    }


@pytest.mark.django_db
def test_the_details_are_in_chinese_on_a_chinese_site():
    body = factories.filed_body()
    retired = factories.result(body=body, id_number=an_id("510212", datetime.date(2001, 4, 2)))
    late = factories.result(
        body=body, id_number=an_id("500157", datetime.date(1990, 5, 6)), exam_date=datetime.date(2024, 6, 1)
    )
    missing = factories.result(body=body, id_number=an_id("999999", datetime.date(1990, 5, 6)))
    wanxian = factories.result(body=body, id_number=an_id("512201", datetime.date(1995, 4, 2)))

    rules.run()

    assert id_hits() == {
        retired.pk: "身份证号码地址码 510212 于 1983–1997 年使用，持证人生于 2001 年",
        late.pk: "身份证号码地址码 500157 于 2025 年起使用，考试日期 2024-06-01 时尚未启用",
        missing.pk: "身份证号码地址码 999999 不存在",
        wanxian.pk: "身份证号码地址码 512201 于 1992 年及以前使用，持证人生于 1995 年",
    }

"""The 13 certificate audit rules (domain.md §4): rows that must hit, near misses that must not."""

import datetime
import zoneinfo

import pandas as pd
import pytest
import time_machine
from django_fsm_log.models import StateLog
from stdnum.cn import ric

from certificates import rules
from certificates.models import Hit, Rule
from certificates.rules import data, identity
from common import resident_ids
from registry.identifiers import resident_id
from registry.models import AssessmentBody, ScopeLine
from registry.services import LineRequest
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 3, 20)
SINCE = datetime.date(2024, 1, 1)  # when the test bodies were filed and the examiners certified
EXAM = datetime.date(2026, 3, 10)  # the factories' default exam date (10 days ago)
OCCUPATION = "6-31-01-03"
DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _english_details(settings):
    """Hits' details are written in the site's language; these tests read them in English (the
    Chinese wording is tested in test_hit_details.py)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(TODAY), tick=False)


def filed_on(since: datetime.date, *levels: int) -> AssessmentBody:
    """A body filed on `since` (the filing run on that day, then back to today)."""
    with time_machine.travel(at(since, 9), tick=False):
        return factories.filed_body(lines=[LineRequest(OCCUPATION, lv) for lv in levels or (4, 2)])


def new_body(*levels: int) -> AssessmentBody:
    return filed_on(SINCE, *levels)


def log_transition(obj, transition: str, *, on: datetime.date, reason: str = "测试") -> None:
    """Record one transition today, taking effect `on` (a decision entered after the day it took effect)."""
    getattr(obj, transition)(by=None, description=reason, on=on)
    obj.save()


@pytest.fixture
def body():
    return new_body()


@pytest.fixture
def examiner():
    return factories.certification(
        grade="senior_examiner", valid_from=SINCE, valid_to=datetime.date(2028, 12, 31)
    )


@pytest.fixture
def roster(body):
    return factories.roster(body=body)


@pytest.fixture
def row(body, roster, examiner):
    """A clean row at `body` (override anything); it hits no rule."""

    def make(**overrides):
        overrides.setdefault("examiner_nos", examiner.certificate_no)
        at_body = overrides.pop("body", body)
        overrides.setdefault("in_roster", roster if at_body == body else factories.roster(body=at_body))
        return factories.result(body=at_body, **overrides)

    return make


def hits_of(rule: str) -> dict[int, str]:
    """Stored row hits of one rule: result id → detail."""
    return dict(Hit.objects.filter(rule=rule).values_list("result_id", "detail"))


def group_hits(rule: str) -> dict[tuple[int, str], str]:
    """Stored body-level hits of one rule: (body id, key) → detail."""
    return {(b, k): d for b, k, d in Hit.objects.filter(rule=rule).values_list("body_id", "key", "detail")}


def person_id(n: int, born: datetime.date) -> str:
    area = "500103" if born.year >= 1997 else "510202"
    return resident_id(n, born=born.strftime("%Y%m%d"), area=area)


def years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years)


# --- the whole set -----------------------------------------------------------------------------


def test_a_clean_row_hits_nothing(row):
    row()
    row(passed=False, theory_score=40.0)
    row(level=2, review_score=75.0)
    assert rules.run() == 0
    assert not Hit.objects.exists()


def test_every_rule_is_registered_once():
    assert list(rules.RULES) == list(Rule)


def test_running_again_stores_no_duplicate_hits(row, body):
    bad = row(theory_score=50.0, examiner_nos="T999999999", certificate_no="X" * 22)
    row(certificate_no=bad.certificate_no)
    first = rules.run()
    assert first == Hit.objects.count() > 3
    assert rules.run() == 0
    assert rules.run(roster_id=bad.roster_id) == 0
    assert Hit.objects.count() == first


def test_a_roster_run_looks_at_that_rosters_rows_only(row, body):
    other = factories.roster(body=body)
    mine = row(theory_score=50.0)
    row(theory_score=50.0, in_roster=other)
    assert rules.run(roster_id=mine.roster_id) == 1
    assert set(hits_of(Rule.SCORE_FAIL_CERTIFIED)) == {mine.pk}


@pytest.mark.parametrize("share", [0.0, 1.01], ids=["whole-table read", "context queries"])
def test_a_roster_run_finds_what_a_full_run_finds_in_its_rows_and_groups(
    row, body, examiner, settings, monkeypatch, share
):
    """Either way of reading a roster's context (data.WHOLE_TABLE_SHARE), the roster's rows and the
    groups they touch get the hits a full run gives them, and nothing else."""
    monkeypatch.setattr(data, "WHOLE_TABLE_SHARE", share)
    settings.AUDIT_EXAMINER_DAILY_LIMIT = 5
    settings.AUDIT_PASS_RATE_MIN_CANDIDATES = settings.AUDIT_PASS_RATE_MIN_PEERS = 2
    earlier = factories.roster(body=body)
    first = row(in_roster=earlier)
    row(in_roster=earlier, id_number=first.id_number, exam_date=EXAM - 30 * DAY)  # untouched duplicate
    peer = new_body(4)
    peers = [row(body=peer, passed=n == 0) for n in range(3)]
    new = factories.roster(body=body)
    reused = row(in_roster=new, certificate_no=first.certificate_no)
    plain = row(in_roster=new)

    columns = ["rule", "result_id", "body_id", "key", "detail"]
    by_roster = rules.find(roster_id=new.pk)[columns]
    everything = rules.find()[columns]
    assert set(by_roster.itertuples(index=False)) <= set(everything.itertuples(index=False))
    found = {
        (rule, None if pd.isna(r) else r)
        for rule, r in by_roster[["rule", "result_id"]].itertuples(index=False)
    }
    day = {first.pk, reused.pk, plain.pk, *(p.pk for p in peers)}
    assert found == {
        (Rule.CERT_NO_DUPLICATE, reused.pk),
        *((Rule.EXAMINER_OVERLOAD, pk) for pk in day),
        (Rule.PASS_RATE_OUTLIER, None),
    }
    assert Rule.PERSON_DUPLICATE in set(everything["rule"])


# --- ID_INVALID ----------------------------------------------------------------------------------


def test_an_id_with_a_wrong_check_digit_hits(row):
    good = person_id(7, datetime.date(1990, 5, 6))
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    bad, fine = row(id_number=wrong), row(id_number=good)
    rules.run()
    found = hits_of(Rule.ID_INVALID)
    assert set(found) == {bad.pk}
    assert found[bad.pk] == f"resident ID check digit is {wrong[-1]}, should be {good[-1]}"
    assert fine.pk not in found


def test_an_id_with_an_impossible_birth_date_hits(row):
    base = "51020219900231001"  # 31 February
    bad = row(id_number=base + ric.calc_check_digit(base + "0"))
    row(id_number=person_id(8, datetime.date(1990, 2, 28)))
    rules.run()
    assert hits_of(Rule.ID_INVALID) == {bad.pk: "resident ID birth date 19900231 is not a date"}


def test_ids_of_the_wrong_length_or_an_area_code_retired_before_the_birth_hit(row):
    short = row(id_number="51020219900101001")
    retired = row(id_number=resident_id(9, born="20010101", area="510202"))  # 510202: 1983–1997
    given_later = row(id_number=resident_id(10, born="19900101", area="500103"))  # 500103 dates from 1997
    failed = row(id_number="5102021990010100A1", passed=False)
    rules.run()
    found = hits_of(Rule.ID_INVALID)
    assert found[short.pk] == "resident ID has 17 characters, not 18"
    assert (
        found[retired.pk] == "resident ID area code 510202 was in use 1983–1997; the holder was born in 2001"
    )
    assert found[failed.pk] == "resident ID is not 17 digits and a check character"
    assert given_later.pk not in found  # IDs are given at registration, not at birth (test_area_codes.py)


def test_the_column_wise_id_check_agrees_with_resident_ids_validate():
    import random

    chooser = random.Random(11)
    numbers = []
    for n in range(400):
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=chooser.randrange(0, 27000))
        good = person_id(n, born)
        kind = n % 5
        if kind == 1:
            good = good[:-1] + chooser.choice("0123456789X")
        elif kind == 2:
            good = good[:10] + f"{chooser.randrange(0, 14):02d}{chooser.randrange(0, 33):02d}" + good[14:]
        elif kind == 3:
            area = chooser.choice(["110101", "500101", "510202", "512201", "510299", "999999", "500103"])
            good = area + good[6:17] + ric.calc_check_digit(area + good[6:])
        elif kind == 4:
            good = good.lower() if chooser.random() < 0.5 else good[: chooser.randrange(0, 18)]
        numbers.append(good)
    numbers = list(dict.fromkeys(numbers))  # distinct, as the rule passes them
    verdicts = identity.check_ids(pd.Series(numbers, dtype="str")).set_index("id_number")["reason"]
    assert {n: verdicts[n] == "" for n in numbers} == {n: resident_ids.is_valid(n) for n in numbers}


# --- UNDER_AGE ------------------------------------------------------------------------------------


def test_sixteen_on_the_exam_date_is_old_enough_one_day_short_is_not(row):
    sixteen = row(id_number=person_id(1, years_before(EXAM, 16)), passed=False)
    short = row(id_number=person_id(2, years_before(EXAM, 16) + DAY))
    rules.run()
    assert hits_of(Rule.UNDER_AGE) == {
        short.pk: "candidate born 2010-03-11 was 15 on the exam date 2026-03-10 (minimum age 16)"
    }
    assert sixteen.pk not in hits_of(Rule.UNDER_AGE)


def test_a_leap_day_birthday_counts_from_the_first_of_march(row):
    born = datetime.date(2008, 2, 29)
    on_28th = row(id_number=person_id(3, born), exam_date=datetime.date(2024, 2, 28))
    on_1st = row(id_number=person_id(4, born), exam_date=datetime.date(2024, 3, 1))
    rules.run()
    # 2024 is a leap year: 16 on 29 February 2024
    assert set(hits_of(Rule.UNDER_AGE)) == {on_28th.pk}
    assert on_1st.pk not in hits_of(Rule.UNDER_AGE)


def test_the_minimum_age_is_a_setting(row, settings):
    settings.AUDIT_MIN_CANDIDATE_AGE = 18
    young = row(id_number=person_id(5, years_before(EXAM, 17)))
    rules.run()
    assert set(hits_of(Rule.UNDER_AGE)) == {young.pk}


def test_an_invalid_id_is_not_aged(row):
    good = person_id(6, years_before(EXAM, 10))
    bad = row(id_number=good[:-1] + ("1" if good[-1] != "1" else "2"))
    rules.run()
    assert bad.pk in hits_of(Rule.ID_INVALID)
    assert not hits_of(Rule.UNDER_AGE)


# --- CERT_NO_FORMAT -------------------------------------------------------------------------------


def test_a_well_formed_matching_number_passes_and_a_failed_row_has_none(row):
    row()
    row(passed=False)
    rules.run()
    assert not hits_of(Rule.CERT_NO_FORMAT)


def test_numbers_of_another_body_year_or_level_hit(row, body):
    other = new_body(4)
    issued = EXAM + 5 * DAY
    wrong_prefix = row(certificate_no=factories.certificate_no(other, year=issued.year, level=4))
    wrong_year = row(certificate_no=factories.certificate_no(body, year=issued.year - 1, level=4))
    wrong_level = row(certificate_no=factories.certificate_no(body, year=issued.year, level=3))
    rules.run()
    found = hits_of(Rule.CERT_NO_FORMAT)
    assert found[wrong_prefix.pk] == (
        f"prefix {other.filing_no} is not the body's filing number {body.filing_no}"
    )
    assert found[wrong_year.pk] == "year digits 25 do not match the issue date 2026-03-15"
    assert found[wrong_level.pk] == "level digit 3 does not match level 4"
    assert len(found) == 3


def test_the_year_is_the_issue_dates_not_the_exams(row, body):
    exam, issued = datetime.date(2025, 12, 29), datetime.date(2026, 1, 5)
    good = row(
        exam_date=exam, issue_date=issued, certificate_no=factories.certificate_no(body, year=2026, level=4)
    )
    bad = row(
        exam_date=exam, issue_date=issued, certificate_no=factories.certificate_no(body, year=2025, level=4)
    )
    rules.run()
    assert set(hits_of(Rule.CERT_NO_FORMAT)) == {bad.pk}
    assert good.pk not in hits_of(Rule.CERT_NO_FORMAT)


def test_malformed_numbers_hit(row, body):
    number = factories.certificate_no(body, year=2026, level=4)
    short = row(certificate_no=number[:-1])
    lower = row(certificate_no=number[0].lower() + number[1:])
    rules.run()
    found = hits_of(Rule.CERT_NO_FORMAT)
    assert found[short.pk] == (
        f"certificate number {number[:-1]} is malformed (21 characters; expected a letter and 21 digits)"
    )
    assert lower.pk in found


def test_pilot_grade_numbers_are_checked_for_shape_only(row, body):
    good = row(level=0, review_score=90.0, certificate_no="TJ" + "0" * 19 + "1")
    bad = row(level=0, review_score=90.0, certificate_no=factories.certificate_no(body, year=2026, level=4))
    rules.run()
    found = hits_of(Rule.CERT_NO_FORMAT)
    assert set(found) == {bad.pk}
    assert found[bad.pk].endswith("(22 characters; expected 2 letters and 20 digits)")
    assert good.pk not in found


# --- CERT_NO_DUPLICATE ----------------------------------------------------------------------------


def test_a_number_used_again_is_flagged_on_every_row_but_the_first(row, body):
    first = row()
    second = row(certificate_no=first.certificate_no)
    third = row(certificate_no=first.certificate_no, body=new_body(4))
    row(passed=False)
    row(passed=False)  # no number twice is no duplicate
    rules.run()
    found = hits_of(Rule.CERT_NO_DUPLICATE)
    assert set(found) == {second.pk, third.pk}
    assert found[second.pk] == (
        f"certificate number {first.certificate_no} already used on line {first.line} of roster.csv"
        f" (body {body.filing_no}, exam 2026-03-10)"
    )


def test_a_number_used_in_an_earlier_roster_is_found_by_a_roster_run(row, body):
    first = row(in_roster=factories.roster(body=body))
    later = row(certificate_no=first.certificate_no)
    assert rules.run(roster_id=later.roster_id) == 1
    assert set(hits_of(Rule.CERT_NO_DUPLICATE)) == {later.pk}


# --- PERSON_DUPLICATE -----------------------------------------------------------------------------


def test_a_second_certificate_for_the_same_occupation_and_level_is_flagged(row):
    first = row(exam_date=EXAM - 60 * DAY)
    again = row(id_number=first.id_number)
    other_level = row(id_number=first.id_number, level=2, review_score=80.0)
    failed = row(id_number=first.id_number, passed=False)
    rules.run()
    found = hits_of(Rule.PERSON_DUPLICATE)
    assert set(found) == {again.pk}
    assert found[again.pk] == (
        f"already certified for {OCCUPATION} level 4: certificate {first.certificate_no} issued 2026-01-14"
        f" (line {first.line} of roster.csv)"
    )
    assert other_level.pk not in found and failed.pk not in found


def test_the_earlier_issue_is_kept_whatever_order_the_rows_were_stored_in(row):
    later = row(exam_date=EXAM)
    earlier = row(id_number=later.id_number, exam_date=EXAM - 90 * DAY)
    rules.run()
    assert set(hits_of(Rule.PERSON_DUPLICATE)) == {later.pk}
    assert earlier.pk not in hits_of(Rule.PERSON_DUPLICATE)


def test_a_revoked_certificate_is_no_longer_held(row):
    first = row(exam_date=EXAM - 90 * DAY, status="revoked")
    again = row(id_number=first.id_number)
    rules.run()
    assert again.pk not in hits_of(Rule.PERSON_DUPLICATE)


# --- OUT_OF_SCOPE ---------------------------------------------------------------------------------


def test_a_scope_line_ending_the_day_before_the_exam_does_not_cover_it(row, body):
    line = body.scope_lines.get(level=4)
    ScopeLine.objects.filter(pk=line.pk).update(effective_to=EXAM - DAY)
    outside = row()
    rules.run()
    assert hits_of(Rule.OUT_OF_SCOPE) == {
        outside.pk: f"{OCCUPATION} level 4 not in the body's filed scope on 2026-03-10"
        " (filed 2024-01-01 to 2026-03-09)"
    }


def test_a_scope_line_ending_on_the_exam_date_covers_it(row, body):
    ScopeLine.objects.filter(body=body, level=4).update(effective_to=EXAM)
    row()
    row(passed=False)
    rules.run()
    assert not hits_of(Rule.OUT_OF_SCOPE)


def test_a_scope_line_starting_the_day_after_the_exam_does_not_cover_it(row, body):
    ScopeLine.objects.filter(body=body, level=4).update(effective_from=EXAM + DAY)
    early = row(passed=False)
    on_the_day = row(exam_date=EXAM + DAY)
    rules.run()
    assert set(hits_of(Rule.OUT_OF_SCOPE)) == {early.pk}
    assert on_the_day.pk not in hits_of(Rule.OUT_OF_SCOPE)


def test_a_level_never_filed_is_out_of_scope(row):
    never = row(level=3)
    rules.run()
    assert hits_of(Rule.OUT_OF_SCOPE) == {never.pk: f"{OCCUPATION} level 3 never in the body's filed scope"}


# --- BODY_NOT_ACTIVE ------------------------------------------------------------------------------


def test_a_body_suspended_the_day_before_the_exam_was_not_active(row, body):
    log_transition(body, "suspend", on=EXAM - DAY)
    inactive = row(passed=False)
    rules.run()
    assert hits_of(Rule.BODY_NOT_ACTIVE) == {inactive.pk: "body status on 2026-03-10: Suspended"}


def test_a_body_suspended_on_the_exam_date_was_not_active_that_day(row, body):
    log_transition(body, "suspend", on=EXAM)
    inactive = row()
    rules.run()
    assert set(hits_of(Rule.BODY_NOT_ACTIVE)) == {inactive.pk}


def test_a_body_under_rectification_was_not_active(row, body):
    log_transition(body, "order_rectification", on=EXAM - 5 * DAY)
    flagged = row(passed=False)
    rules.run()
    assert hits_of(Rule.BODY_NOT_ACTIVE) == {flagged.pk: "body status on 2026-03-10: Under rectification"}


def test_a_body_suspended_the_day_after_the_exam_was_active(row, body):
    log_transition(body, "suspend", on=EXAM + DAY)
    row()
    rules.run()
    assert not hits_of(Rule.BODY_NOT_ACTIVE)


def test_a_body_reinstated_before_the_exam_is_active_again(row, body):
    log_transition(body, "suspend", on=EXAM - 30 * DAY)
    log_transition(body, "reinstate", on=EXAM - DAY)
    during = row(exam_date=EXAM - 10 * DAY)
    row()
    rules.run()
    assert set(hits_of(Rule.BODY_NOT_ACTIVE)) == {during.pk}


def test_an_exam_before_the_first_filing_was_at_a_pending_body(row):
    late = filed_on(EXAM + DAY)
    before = row(body=late, exam_date=EXAM, issue_date=EXAM + 2 * DAY)
    rules.run()
    assert hits_of(Rule.BODY_NOT_ACTIVE) == {before.pk: "body not yet filed (pending) on 2026-03-10"}


# --- EXAMINER_NOT_QUALIFIED -----------------------------------------------------------------------


def test_an_unknown_examiner_number_hits(row, examiner):
    unknown = row(examiner_nos=f"{examiner.certificate_no};T999999999", passed=False)
    nobody = row(examiner_nos=" ; ")
    rules.run()
    assert hits_of(Rule.EXAMINER_NOT_QUALIFIED) == {
        unknown.pk: "examiner T999999999 unknown",
        nobody.pk: "no examiner named",
    }


def test_every_unqualified_examiner_of_a_row_is_named_in_one_hit(row, examiner):
    plain = factories.certification(grade="examiner", valid_from=SINCE)
    flagged = row(
        level=2,
        review_score=80.0,
        examiner_nos=f"t999999999; {plain.certificate_no};{examiner.certificate_no}",
    )
    rules.run()
    assert hits_of(Rule.EXAMINER_NOT_QUALIFIED) == {
        flagged.pk: f"examiner {plain.certificate_no} is graded Examiner (levels 5–3) and may not assess level 2;"
        " examiner T999999999 unknown"
    }


def test_a_long_detail_is_cut_to_the_columns_length(row):
    numbers = ";".join(f"X{n:09d}" for n in range(20))
    flagged = row(examiner_nos=numbers)
    rules.run()
    detail = hits_of(Rule.EXAMINER_NOT_QUALIFIED)[flagged.pk]
    assert len(detail) == 300
    assert detail.startswith("examiner X000000000 unknown; examiner X000000001 unknown")


def test_an_examiner_suspended_the_day_before_the_exam_was_not_qualified(row, examiner):
    log_transition(examiner, "suspend", on=EXAM - DAY)
    flagged = row()
    rules.run()
    assert hits_of(Rule.EXAMINER_NOT_QUALIFIED) == {
        flagged.pk: f"examiner {examiner.certificate_no} status on 2026-03-10: Suspended"
    }


def test_an_examiner_suspended_the_day_after_the_exam_was_qualified(row, examiner):
    log_transition(examiner, "suspend", on=EXAM + DAY)
    row()
    rules.run()
    assert not hits_of(Rule.EXAMINER_NOT_QUALIFIED)


def test_an_examiner_outside_the_validity_window_was_not_qualified(row, examiner):
    type(examiner).objects.filter(pk=examiner.pk).update(valid_to=EXAM - DAY)
    late = row()
    on_last_day = row(exam_date=EXAM - DAY)
    rules.run()
    assert hits_of(Rule.EXAMINER_NOT_QUALIFIED) == {
        late.pk: f"examiner {examiner.certificate_no} certificate valid 2024-01-01 to 2026-03-09, not on 2026-03-10"
    }
    assert on_last_day.pk not in hits_of(Rule.EXAMINER_NOT_QUALIFIED)


def test_an_examiner_below_the_grade_the_level_needs(row):
    plain = factories.certification(grade="examiner", valid_from=SINCE)
    too_high = row(level=2, review_score=80.0, examiner_nos=plain.certificate_no)
    row(level=4, examiner_nos=plain.certificate_no)
    rules.run()
    assert hits_of(Rule.EXAMINER_NOT_QUALIFIED) == {
        too_high.pk: f"examiner {plain.certificate_no} is graded Examiner (levels 5–3) and may not assess level 2"
    }


def test_a_supervisors_number_is_not_an_examiners(row):
    supervisor = factories.certification(role="supervisor", valid_from=SINCE)
    flagged = row(examiner_nos=supervisor.certificate_no)
    rules.run()
    assert hits_of(Rule.EXAMINER_NOT_QUALIFIED) == {
        flagged.pk: f"examiner {supervisor.certificate_no} is a quality supervisor's certificate, not an examiner's"
    }


def test_an_examiner_never_certified_before_the_exam(row, examiner):
    # a log written around the storage backend (no TransitionDate): it took effect the day it was recorded
    StateLog.objects.create(
        content_object=examiner,
        source_state="examined",
        state="certified",
        transition="certify",
        timestamp=at(EXAM + DAY),
    )
    before = row()
    rules.run()
    assert hits_of(Rule.EXAMINER_NOT_QUALIFIED) == {
        before.pk: f"examiner {examiner.certificate_no} status on 2026-03-10: Examined"
    }


# --- EXAMINER_OVERLOAD ----------------------------------------------------------------------------


def test_sixty_candidates_a_day_is_the_limit(row, examiner):
    for _ in range(60):
        row()
    row(exam_date=EXAM - DAY)
    rules.run()
    assert not hits_of(Rule.EXAMINER_OVERLOAD)


def test_sixty_one_candidates_flag_every_row_of_that_examiner_day(row, examiner, body):
    other = factories.certification(grade="senior_examiner", valid_from=SINCE)
    day_rows = [row(examiner_nos=f"{examiner.certificate_no};{other.certificate_no}") for _ in range(30)]
    day_rows += [row(examiner_nos=examiner.certificate_no, body=new_body(4)) for _ in range(31)]
    next_day = row(exam_date=EXAM + DAY)
    rules.run()
    found = hits_of(Rule.EXAMINER_OVERLOAD)
    assert set(found) == {r.pk for r in day_rows}
    assert found[day_rows[0].pk] == (
        f"examiner {examiner.certificate_no} assessed 61 candidates on 2026-03-10 (limit 60)"
    )
    assert next_day.pk not in found


def test_an_overload_completed_by_a_later_roster_flags_the_earlier_rows_too(row, body, examiner, settings):
    settings.AUDIT_EXAMINER_DAILY_LIMIT = 3
    earlier = factories.roster(body=body)
    first = [row(in_roster=earlier) for _ in range(3)]
    assert rules.run(roster_id=earlier.pk) == 0
    later = row()
    assert rules.run(roster_id=later.roster_id) == 4
    assert set(hits_of(Rule.EXAMINER_OVERLOAD)) == {r.pk for r in [*first, later]}


# --- SCORE_FAIL_CERTIFIED -------------------------------------------------------------------------


def test_a_certificate_with_a_score_below_the_pass_mark_hits(row):
    low = row(theory_score=59.5)
    both = row(theory_score=30.0, skill_score=59.0)
    row(theory_score=60.0, skill_score=60.0)
    row(theory_score=20.0, passed=False)
    rules.run()
    assert hits_of(Rule.SCORE_FAIL_CERTIFIED) == {
        low.pk: "certificate issued with theory 59.5 < 60",
        both.pk: "certificate issued with theory 30 < 60; skill 59 < 60",
    }


def test_levels_two_and_one_need_a_passing_review(row):
    missing = row(level=2, review_score=None)
    low = row(level=2, review_score=58.0)
    row(level=2, review_score=60.0)
    row(level=4, review_score=None)
    row(level=4, review_score=10.0)
    rules.run()
    assert hits_of(Rule.SCORE_FAIL_CERTIFIED) == {
        missing.pk: "certificate issued with no comprehensive review at level 2",
        low.pk: "certificate issued with comprehensive review 58 < 60",
    }


# --- DATE_ORDER -----------------------------------------------------------------------------------


def test_issued_before_the_exam_hits_on_the_same_day_does_not(row):
    early = row(issue_date=EXAM - DAY)
    row(issue_date=EXAM)
    rules.run()
    assert hits_of(Rule.DATE_ORDER) == {early.pk: "issued 2026-03-09 before the exam on 2026-03-10"}


def test_dates_after_today_hit_today_does_not(row):
    exam_ahead = row(exam_date=TODAY + DAY, passed=False)
    issue_ahead = row(issue_date=TODAY + DAY)
    row(exam_date=TODAY, issue_date=TODAY)
    rules.run()
    assert hits_of(Rule.DATE_ORDER) == {
        exam_ahead.pk: "exam date 2026-03-21 is in the future",
        issue_ahead.pk: "issue date 2026-03-21 is in the future",
    }


# --- PASS_RATE_OUTLIER ----------------------------------------------------------------------------


@pytest.fixture
def small_pass_rates(settings):
    settings.AUDIT_PASS_RATE_MIN_CANDIDATES = 4
    settings.AUDIT_PASS_RATE_MIN_PEERS = 4
    settings.AUDIT_PASS_RATE_EXCESS = 0.25


def candidates(make, body, passed: int, failed: int, exam: datetime.date = EXAM):
    return [make(body=body, exam_date=exam, passed=n < passed) for n in range(passed + failed)]


def test_a_pass_rate_more_than_the_excess_above_the_peers_hits(row, body, small_pass_rates):
    candidates(row, body, 4, 0)
    peer = new_body(4)
    candidates(row, peer, 2, 2)
    rules.run()
    assert group_hits(Rule.PASS_RATE_OUTLIER) == {
        (body.pk, f"{OCCUPATION}|4|2026Q1"): f"pass rate 100% (4/4) for {OCCUPATION} level 4 in 2026Q1"
        " vs 50% (2/4) at other bodies"
    }
    assert Hit.objects.get(rule=Rule.PASS_RATE_OUTLIER).result is None


def test_a_pass_rate_exactly_the_excess_above_the_peers_does_not(row, body, small_pass_rates):
    candidates(row, body, 4, 0)
    candidates(row, new_body(4), 3, 1)
    rules.run()
    assert not group_hits(Rule.PASS_RATE_OUTLIER)


def test_pass_rates_need_enough_candidates_and_peers_in_the_same_quarter(row, body, small_pass_rates):
    candidates(row, body, 3, 0)  # too few candidates
    peer = new_body(4)
    candidates(row, peer, 0, 4)
    other = new_body(4)
    candidates(row, other, 4, 0, exam=datetime.date(2025, 12, 31))  # peers only in 2025Q4
    rules.run()
    assert not group_hits(Rule.PASS_RATE_OUTLIER)


# --- SCORE_CLUSTER --------------------------------------------------------------------------------


@pytest.fixture
def small_clusters(settings):
    settings.AUDIT_SCORE_CLUSTER_MIN_CANDIDATES = 5
    settings.AUDIT_SCORE_CLUSTER_SAME_PAIR_SHARE = 0.6
    settings.AUDIT_SCORE_CLUSTER_AT_PASS_SHARE = 0.6
    settings.AUDIT_SCORE_CLUSTER_AT_PASS_BAND = 2


def test_many_identical_score_pairs_hit(row, body, small_clusters):
    for n in range(5):
        row(theory_score=88.0 if n < 3 else 70.0 + n, skill_score=91.0)
    rules.run()
    assert group_hits(Rule.SCORE_CLUSTER) == {
        (
            body.pk,
            f"{OCCUPATION}|4|2026-03-10",
        ): f"{OCCUPATION} level 4 on 2026-03-10: 3 of 5 candidates scored 88/91 (60%)"
    }


def test_fewer_identical_pairs_or_fewer_candidates_do_not(row, body, small_clusters):
    for n in range(5):
        row(theory_score=88.0 if n < 2 else 70.0 + n, skill_score=91.0)
    for _ in range(4):
        row(exam_date=EXAM - DAY, theory_score=88.0, skill_score=91.0)
    rules.run()
    assert not group_hits(Rule.SCORE_CLUSTER)


def test_passers_clumped_at_the_pass_mark_hit(row, body, small_clusters):
    scores = [(60.0, 80.0), (75.0, 62.0), (61.0, 61.5), (80.0, 85.0), (90.0, 70.0)]
    for theory, skill in scores:
        row(theory_score=theory, skill_score=skill)
    row(passed=False, theory_score=40.0, skill_score=60.0)  # a failed candidate is no passer
    rules.run()
    assert group_hits(Rule.SCORE_CLUSTER) == {
        (
            body.pk,
            f"{OCCUPATION}|4|2026-03-10",
        ): f"{OCCUPATION} level 4 on 2026-03-10: 3 of 5 passers within 2 points of the pass mark (60%)"
    }


def test_a_roster_completing_a_cluster_flags_its_group_but_not_others(row, body, small_clusters):
    earlier = factories.roster(body=body)
    for _ in range(2):
        row(in_roster=earlier, theory_score=88.0, skill_score=91.0)
    for n in range(5):  # another day, clustered, not touched by the new roster
        row(in_roster=earlier, exam_date=EXAM - DAY, theory_score=70.0, skill_score=70.0 + n % 1)
    later = factories.roster(body=body)
    row(in_roster=later, theory_score=88.0, skill_score=91.0)
    row(in_roster=later, theory_score=75.0, skill_score=80.0)
    row(in_roster=later, theory_score=76.0, skill_score=80.0)
    rules.run(roster_id=later.pk)
    assert set(group_hits(Rule.SCORE_CLUSTER)) == {(body.pk, f"{OCCUPATION}|4|2026-03-10")}
    rules.run()
    assert set(group_hits(Rule.SCORE_CLUSTER)) == {
        (body.pk, f"{OCCUPATION}|4|2026-03-10"),
        (body.pk, f"{OCCUPATION}|4|2026-03-09"),
    }


def test_scores_just_outside_the_band_are_not_clumped(row, small_clusters):
    scores = [(60.0, 80.0), (75.0, 62.5), (62.1, 70.0), (80.0, 85.0), (90.0, 70.0)]
    for theory, skill in scores:
        row(theory_score=theory, skill_score=skill)
    rules.run()
    assert not group_hits(Rule.SCORE_CLUSTER)

"""`audit_certificates`: runs the audit over everything stored, prints counts per rule, writes the CSV."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from certificates.models import AuditCase, Hit, Rule
from registry.models import AssessmentBody
from registry.services import LineRequest
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SINCE = datetime.date(2024, 1, 1)
EXAM = datetime.date(2026, 3, 10)
OCCUPATION = "6-31-01-03"


@pytest.fixture(autouse=True)
def _english_details(settings):
    """Hits' details are written in the site's language; these tests read them in English (the
    Chinese wording is tested in test_hit_details.py)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 10, tzinfo=SHANGHAI), tick=False)


def filed_since(since: datetime.date) -> AssessmentBody:
    """A body filed on `since` (the filing run on that day, then back to today)."""
    with time_machine.travel(datetime.datetime.combine(since, datetime.time(9), SHANGHAI), tick=False):
        return factories.filed_body(lines=[LineRequest(OCCUPATION, 4)])


def run(*args) -> str:
    out = io.StringIO()
    call_command("audit_certificates", *args, stdout=out)
    return out.getvalue()


def read(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def world(settings):
    """Two bodies: one clean row, a failing score with a certificate, a failed candidate seen by an
    unknown examiner, a duplicated number, and a pass rate far above the peers'."""
    settings.AUDIT_PASS_RATE_MIN_CANDIDATES = settings.AUDIT_PASS_RATE_MIN_PEERS = 2
    examiner = factories.certification(valid_from=SINCE)
    body, peer = filed_since(SINCE), filed_since(SINCE)

    def row(at_body, **overrides):
        overrides.setdefault("examiner_nos", examiner.certificate_no)
        return factories.result(body=at_body, **overrides)

    clean = row(body)
    low = row(body, theory_score=55.0)
    failed = row(body, passed=False, examiner_nos="T999999999")
    twice = row(body, certificate_no=clean.certificate_no)
    for n in range(3):
        row(peer, passed=n == 0)
    return {"body": body, "clean": clean, "low": low, "failed": failed, "twice": twice}


def test_it_prints_counts_per_rule_and_writes_every_stored_hit(world, tmp_path):
    path = tmp_path / "hits.csv"
    output = run("--report", str(path))

    body = world["body"]
    assert read(path) == [
        {
            "rule": Rule.CERT_NO_DUPLICATE,
            "certificate_no": world["clean"].certificate_no,
            "id_number": world["twice"].id_number,
            "body_code": body.filing_no,
            "exam_date": "2026-03-10",
            "detail": f"certificate number {world['clean'].certificate_no} already used on line"
            f" {world['clean'].line} of roster.csv (body {body.filing_no}, exam 2026-03-10)",
        },
        {
            "rule": Rule.EXAMINER_NOT_QUALIFIED,
            "certificate_no": "",
            "id_number": world["failed"].id_number,
            "body_code": body.filing_no,
            "exam_date": "2026-03-10",
            "detail": "examiner T999999999 unknown",
        },
        {
            "rule": Rule.SCORE_FAIL_CERTIFIED,
            "certificate_no": world["low"].certificate_no,
            "id_number": world["low"].id_number,
            "body_code": body.filing_no,
            "exam_date": "2026-03-10",
            "detail": "certificate issued with theory 55 < 60",
        },
        {
            "rule": Rule.PASS_RATE_OUTLIER,
            "certificate_no": "",
            "id_number": "",
            "body_code": body.filing_no,
            "exam_date": "",
            "detail": f"pass rate 75% (3/4) for {OCCUPATION} level 4 in 2026Q1 vs 33% (1/3) at other bodies",
        },
    ]
    lines = dict(line.split()[:2] for line in output.splitlines()[1:14])
    assert lines == {code: ("1" if code in {r["rule"] for r in read(path)} else "0") for code in Rule.values}
    assert "4 new hits" in output
    assert AuditCase.objects.filter(body=body).count() == 4


def test_a_second_run_adds_nothing_and_writes_the_same_file(world, tmp_path):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    run("--report", str(first))
    output = run("--report", str(second))
    assert "0 new hits" in output
    assert first.read_bytes() == second.read_bytes()
    assert Hit.objects.count() == 4


def test_without_report_it_writes_no_file(world, tmp_path, monkeypatch):
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    output = run()
    assert "4 new hits" in output
    assert list(here.iterdir()) == []


def test_with_nothing_stored_it_reports_an_empty_file(tmp_path):
    path = tmp_path / "hits.csv"
    output = run("--report", str(path))
    assert "0 new hits" in output
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "rule,certificate_no,id_number,body_code,exam_date,detail"
    ]

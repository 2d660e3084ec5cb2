"""Publication windows, the score and the daily expiry (domain.md §3.4): dates are computed in months
from settings, an entry counts through its last day only, and `expire_integrity` runs once per entry."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_fsm_log.models import StateLog

from examiners.models import Certification
from integrity import services
from integrity.models import Entry
from tests import factories

CHONGQING = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=CHONGQING)


def record(kind: str, on: datetime.date, *, subject_id: int = 1, apply: bool = False, **extra) -> Entry:
    """An entry about examiner `subject_id`, recorded on the day it occurred."""
    data = {
        "subject_type": "examiner",
        "subject_id": subject_id,
        "subject_name": "张三",
        "kind": kind,
        "basis": "manual",
        "description": f"{kind} 记录",
        "occurred_on": on,
        **extra,
    }
    with time_machine.travel(at(on), tick=False):
        return services.record_and_apply(**data) if apply else services.record_entry(**data)


def on(day: datetime.date):
    return time_machine.travel(at(day), tick=False)


# --- the windows --------------------------------------------------------------------------------

WINDOWS = [
    # kind, occurred on, repairable from, published until (settings: commendation 0–12, minor 0–3,
    # general 3–12, serious 12–36 months; month ends clamp to the shorter month)
    ("minor", datetime.date(2024, 1, 31), datetime.date(2024, 1, 31), datetime.date(2024, 4, 30)),
    ("general", datetime.date(2024, 1, 31), datetime.date(2024, 4, 30), datetime.date(2025, 1, 31)),
    ("serious", datetime.date(2024, 2, 29), datetime.date(2025, 2, 28), datetime.date(2027, 2, 28)),
    ("commendation", datetime.date(2024, 8, 31), datetime.date(2024, 8, 31), datetime.date(2025, 8, 31)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "occurred", "repairable", "until"), WINDOWS, ids=[w[0] for w in WINDOWS])
def test_window_dates_follow_the_months_in_settings(kind, occurred, repairable, until):
    entry = record(kind, occurred)
    assert (entry.repairable_from, entry.published_until) == (repairable, until)


@pytest.mark.django_db
def test_window_months_are_read_from_settings(settings):
    settings.INTEGRITY_WINDOWS_MONTHS = {**settings.INTEGRITY_WINDOWS_MONTHS, "minor": (1, 6)}
    entry = record("minor", datetime.date(2024, 1, 31))
    assert (entry.repairable_from, entry.published_until) == (
        datetime.date(2024, 2, 29),
        datetime.date(2024, 7, 31),
    )


# --- an entry counts through its last day -----------------------------------------------------


@pytest.mark.django_db
def test_an_entry_counts_in_the_score_through_its_last_day_and_not_the_day_after():
    entry = record("general", datetime.date(2024, 1, 31))
    last_day = entry.published_until
    with on(last_day):
        assert services.score("examiner", 1) == 80
    with on(last_day + datetime.timedelta(days=1)):
        assert services.score("examiner", 1) == 100


@pytest.mark.django_db
def test_an_entry_does_not_count_before_it_occurred():
    record("general", datetime.date(2024, 1, 31))
    assert services.score("examiner", 1, day=datetime.date(2024, 1, 30)) == 100


@pytest.mark.django_db
def test_a_serious_entry_blacklists_through_its_last_day_and_not_the_day_after():
    entry = record("serious", datetime.date(2024, 3, 15), subject_code="510202198601010053")
    last_day = entry.published_until
    with on(last_day):
        assert services.is_blacklisted("examiner", 1)
        assert services.is_code_blacklisted("examiner", "510202198601010053")
        assert services.blacklisted_ids("examiner") == {1}
    with on(last_day + datetime.timedelta(days=1)):
        assert not services.is_blacklisted("examiner", 1)
        assert not services.is_code_blacklisted("examiner", "510202198601010053")
        assert services.blacklisted_ids("examiner") == set()


# --- the score ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_score_is_100_plus_the_active_points():
    day = datetime.date(2024, 5, 10)
    for kind in ("minor", "general", "commendation"):
        record(kind, day)
    with on(day):
        assert services.score("examiner", 1) == 100 - 5 - 20 + 5


@pytest.mark.django_db
def test_a_commendation_cannot_lift_the_score_above_100():
    day = datetime.date(2024, 5, 10)
    record("commendation", day)
    record("commendation", day)
    with on(day):
        assert services.score("examiner", 1) == 100


@pytest.mark.django_db
def test_the_score_does_not_go_below_0():
    day = datetime.date(2024, 5, 10)
    for _ in range(3):
        record("serious", day)
    with on(day):
        assert services.score("examiner", 1) == 0


@pytest.mark.django_db
def test_only_entries_still_in_their_window_count():
    record("minor", datetime.date(2024, 1, 10))  # until 2024-04-10
    record("general", datetime.date(2024, 3, 1))  # until 2025-03-01
    with on(datetime.date(2024, 4, 10)):
        assert services.score("examiner", 1) == 75
    with on(datetime.date(2024, 4, 11)):
        assert services.score("examiner", 1) == 80


@pytest.mark.django_db
def test_points_are_per_subject():
    day = datetime.date(2024, 5, 10)
    record("serious", day, subject_id=1)
    with on(day):
        assert services.score("examiner", 2) == 100
        assert services.score("supervisor", 1) == 100


# --- expire_integrity -------------------------------------------------------------------------


def expire(day: datetime.date) -> str:
    out = StringIO()
    with on(day):
        call_command("expire_integrity", stdout=out)
    return out.getvalue()


@pytest.fixture
def suspended_examiner(db):
    """A certified examiner put below 60 by three general entries on 2024-02-01 (until 2025-02-01)."""
    with on(datetime.date(2024, 2, 1)):
        cert = factories.certification()
    entries = [
        record("general", datetime.date(2024, 2, 1), subject_id=cert.person_id, apply=True) for _ in range(3)
    ]
    cert.refresh_from_db()
    assert (cert.status, cert.suspended_for_integrity) == ("suspended", True)
    return cert, entries


@pytest.mark.django_db
def test_expiry_lists_nothing_while_the_windows_run(suspended_examiner):
    cert, _entries = suspended_examiner
    out = expire(datetime.date(2025, 2, 1))
    assert out.strip() == "0 entries ended."
    cert.refresh_from_db()
    assert cert.status == "suspended"


@pytest.mark.django_db
def test_expiry_lists_the_entries_whose_window_ended(suspended_examiner):
    _cert, entries = suspended_examiner
    out = expire(datetime.date(2025, 2, 2))
    for entry in entries:
        assert f"(entry {entry.pk})" in out
        assert "window ended 2025-02-01" in out
    assert out.strip().endswith("3 entries ended.")


@pytest.mark.django_db
def test_expiry_reinstates_an_examiner_suspended_for_a_low_score(suspended_examiner):
    cert, _entries = suspended_examiner
    expire(datetime.date(2025, 2, 2))
    cert.refresh_from_db()
    assert (cert.status, cert.suspended_for_integrity) == ("certified", False)
    assert StateLog.objects.for_(cert).order_by("timestamp", "pk").last().transition == "reinstate"


@pytest.mark.django_db
def test_a_second_expiry_run_lists_nothing_and_changes_nothing(suspended_examiner):
    cert, _entries = suspended_examiner
    expire(datetime.date(2025, 2, 2))
    logs = StateLog.objects.count()
    cert_state = Certification.objects.values().get(pk=cert.pk)
    entry_state = list(Entry.objects.order_by("pk").values())

    out = expire(datetime.date(2025, 2, 3))

    assert out.strip() == "0 entries ended."
    assert StateLog.objects.count() == logs
    assert Certification.objects.values().get(pk=cert.pk) == cert_state
    assert list(Entry.objects.order_by("pk").values()) == entry_state


@pytest.mark.django_db
def test_expiry_leaves_entries_still_in_force_for_a_later_run():
    record("minor", datetime.date(2024, 1, 10))  # until 2024-04-10
    later = record("general", datetime.date(2024, 1, 10))  # until 2025-01-10
    assert "1 entries ended." in expire(datetime.date(2024, 6, 1))
    out = expire(datetime.date(2025, 1, 11))
    assert f"(entry {later.pk})" in out and "1 entries ended." in out

"""Results are read from per-roster tallies once made, from their rows before: the figures are the same."""

import datetime

import pytest
from django.db.models import Sum

from certificates.jobs import ROSTER_IMPORT
from certificates.models import Roster
from jobs import services as jobs
from plans.dashboard import build, public_statistics
from plans.models import ResultTally, TalliedRoster
from plans.tallies import tally_rosters
from registry.models import District
from tests import factories
from tests.jobs.rosters import roster_csv
from tests.plans.metrics.helpers import TODAY, YUZHONG

pytestmark = pytest.mark.django_db
D = datetime.date


def test_each_roster_is_tallied_once(evaluations):
    assert tally_rosters() == 4
    assert tally_rosters() == 0
    assert TalliedRoster.objects.count() == 4
    # one tally row per roster here (one exam, type and level each), summing its rows
    assert ResultTally.objects.count() == 4
    assert ResultTally.objects.aggregate(e=Sum("evaluations"), c=Sum("certificates")) == {"e": 13, "c": 11}


def test_a_roster_with_no_row_stored_is_marked_and_has_no_tally():
    factories.roster(body=factories.filed_body())
    assert tally_rosters() == 1
    assert (TalliedRoster.objects.count(), ResultTally.objects.count()) == (1, 0)


@pytest.mark.parametrize("as_of", [TODAY, D(2026, 3, 6), D(2026, 2, 1)])
def test_the_dashboard_reads_the_same_before_and_after_the_tally(evaluations, as_of):
    yuzhong = District.objects.get(code=YUZHONG)
    before = [build(year=2026, as_of=as_of), build(year=2026, as_of=as_of, district=yuzhong)]
    before.append(public_statistics(year=2026, as_of=as_of))
    tally_rosters()
    after = [build(year=2026, as_of=as_of), build(year=2026, as_of=as_of, district=yuzhong)]
    after.append(public_statistics(year=2026, as_of=as_of))
    assert after == before
    assert sum(t.total[0] for t in before[0].tables if t.key == "evaluations_by_type") > 0


def test_tallied_and_untallied_rosters_add_up(evaluations):
    y, _j = evaluations
    tally_rosters()
    from tests.plans.metrics.helpers import results

    results(y, exam=D(2026, 6, 1), received=D(2026, 6, 3), passed=2, failed=2)  # not tallied yet
    evaluations_by_type = {t.key: t for t in build(year=2026, as_of=TODAY).tables}["evaluations_by_type"]
    assert evaluations_by_type.total == (12, 8, 67)


def test_a_finished_roster_import_is_tallied_at_once():
    body = factories.filed_body()
    examiner = factories.certification(role="examiner", grade="senior_examiner")
    admin = body.applications.first().applicant
    job = jobs.start(
        kind=ROSTER_IMPORT,
        owner=admin,
        upload=roster_csv(body, examiner.certificate_no, rows=14),
        filename="r.csv",
    )
    job.refresh_from_db()
    assert job.status == "done"
    roster = Roster.objects.get()
    assert TalliedRoster.objects.filter(roster=roster).exists()
    assert ResultTally.objects.filter(roster=roster).aggregate(e=Sum("evaluations"))["e"] == 14

"""Each daily task, run twice on the same day, does its work once: the second run changes nothing."""

import datetime

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from audits.models import SuspensionProposal
from examiners.models import Certification
from integrity.models import Entry
from notifications.models import SentReminder
from plans import dashboard
from plans.models import MonthlyReport, Plan, ResultTally, TalliedRoster
from registry.models import AssessmentBody
from schedule import registry
from tests import factories
from tests.plans.pages import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_work(monkeypatch):
    """Something for each task to do: a lapsed filing, a lapsed certification, an overdue order, an
    integrity entry past its window, a roster not tallied for the dashboard, a month to report on (plans for this year and the next; the
    dashboard's figures are the sample's, tested in tests/plans)."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        Plan.objects.get_or_create(year=year, defaults={"name": f"{year}年计划"})
    monkeypatch.setattr(dashboard, "build", lambda **_kw: sample.dashboard())
    body = factories.filed_body()
    AssessmentBody.objects.filter(pk=body.pk).update(valid_to=today - datetime.timedelta(days=3))
    factories.certification(
        valid_from=today - datetime.timedelta(days=1100), valid_to=today - datetime.timedelta(days=2)
    )
    inspection = factories.inspection_in("reviewed", findings=("critical",))
    order = inspection.orders.get()
    from integrity.services import record_entry

    other = factories.filed_body()
    record_entry(
        subject_type="body",
        subject_id=other.pk,
        subject_name=other.name,
        kind="minor",
        basis="manual",
        description="材料归档不及时",
        occurred_on=today - datetime.timedelta(days=200),  # a minor entry is published for 3 months
        recorded_by=factories.centre_officer(),
    )
    factories.result(body=other)
    return order


def state() -> tuple:
    return (
        StateLog.objects.count(),
        tuple(AssessmentBody.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Certification.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Entry.objects.order_by("pk").values_list("pk", "expiry_applied")),
        SuspensionProposal.objects.count(),
        SentReminder.objects.count(),  # delivery itself waits for the commit
        TalliedRoster.objects.count(),
        ResultTally.objects.count(),
        MonthlyReport.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(registry.TASKS))
def test_a_second_run_the_same_day_changes_nothing(name, due_work, time_machine):
    order = due_work
    time_machine.move_to(
        timezone.now() + datetime.timedelta(days=(order.deadline - timezone.localdate()).days + 1)
    )
    task = registry.TASKS[name]
    before = state()
    first = task.run()
    after_first = state()
    second = task.run()
    assert state() == after_first
    assert second.split()[0] == "0", second
    if name != "purge_error_reports":  # nothing kept to purge in this world
        assert after_first != before, f"{name} had work to do: {first}"

"""Two officers deciding the same application at the same moment: exactly one decision lands."""

import threading

import pytest
from django.db import close_old_connections, connection
from django_fsm_log.models import StateLog

from common.transitions import StaleObjectError
from registry import services
from registry.models import FilingApplication
from tests import factories


@pytest.mark.django_db
def test_stale_decision_is_refused_and_changes_nothing():
    application = factories.draft_application()
    factories.advance(application, "centre_review")
    first_view = FilingApplication.objects.get(pk=application.pk)
    second_view = FilingApplication.objects.get(pk=application.pk)

    services.decide_application(application=first_view, user=factories.centre_officer(), action="approve")
    with pytest.raises(StaleObjectError):
        services.decide_application(
            application=second_view, user=factories.centre_officer(), action="reject", reason="不符合条件"
        )
    application.refresh_from_db()
    assert application.status == "public_notice"
    assert StateLog.objects.for_(application).filter(transition="reject").count() == 0


@pytest.mark.django_db
def test_stale_form_gets_a_clear_message_in_the_page(client):
    application = factories.draft_application()
    factories.advance(application, "centre_review")
    officer = factories.centre_officer()
    client.force_login(officer)
    url = f"/registry/filings/{application.pk}/do/approve/"
    services.decide_application(
        application=application, user=factories.centre_officer(), action="reject", reason="x"
    )
    response = client.post(url, {"expected_status": "centre_review", "reason": ""}, follow=True)
    application.refresh_from_db()
    assert application.status == "rejected"
    text = response.content.decode()
    assert "刚" in text or "changed by someone else" in text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_two_connections_decide_at_once_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    application = factories.draft_application()
    factories.advance(application, "centre_review")
    officers = [factories.centre_officer(), factories.centre_officer()]
    actions = [("approve", ""), ("reject", "条件不符")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(index: int) -> None:
        try:
            mine = FilingApplication.objects.get(pk=application.pk)
            barrier.wait(timeout=10)
            action, reason = actions[index]
            services.decide_application(application=mine, user=officers[index], action=action, reason=reason)
            outcomes.append("won")
        except StaleObjectError:
            outcomes.append("stale")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["stale", "won"]
    application.refresh_from_db()
    assert application.status in ("public_notice", "rejected")
    decisions = StateLog.objects.for_(application).filter(transition__in=["approve", "reject"])
    assert decisions.count() == 1
    assert decisions.get().state == application.status

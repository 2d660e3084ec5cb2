"""A confirmation page says what happens next, and an applicant's submit asks for no reason."""

import pytest
from django.urls import reverse

from common.transitions import transition_custom
from registry.models import FilingApplication
from tests import factories
from tests.common.test_transition_vocabulary import transitions

pytestmark = pytest.mark.django_db


def test_submitting_asks_no_reason_and_says_who_reviews_next(client):
    application = factories.draft_application()
    client.force_login(application.applicant)
    url = reverse("registry:filing_action", args=[application.pk, "submit"])

    page = client.get(url).content.decode()
    assert 'name="reason"' not in page
    assert "提交后由区县人社部门初审" in page

    done = client.post(url, {"expected_status": "draft"})
    assert done.status_code == 302
    assert FilingApplication.objects.get(pk=application.pk).status == "submitted"


def test_a_step_that_needs_a_reason_still_asks_for_it_and_says_what_follows(client):
    application = factories.draft_application()
    officer = factories.district_officer()
    factories.advance(application, "district_review", officer=officer)
    client.force_login(officer)
    url = reverse("registry:filing_action", args=[application.pk, "return_for_correction"])
    page = client.get(url).content.decode()
    assert 'name="reason"' in page and "补正后重新提交" in page


@pytest.mark.parametrize("pair", transitions(), ids=lambda p: f"{p[0].__name__}.{p[1].name}")
def test_next_and_asks_reason_are_well_formed(pair):
    _model, transition = pair
    custom = transition.custom
    if "next" in custom:
        assert str(custom["next"]).strip()
    if "asks_reason" in custom:
        assert type(custom["asks_reason"]) is bool
        assert not (custom["reason_required"] and custom["asks_reason"] is False), (
            "a required reason is asked"
        )


def test_transition_custom_reads_the_present_state(db):
    application = factories.draft_application()
    assert transition_custom(application, "submit")["asks_reason"] is False
    assert transition_custom(application, "no_such_step") == {}

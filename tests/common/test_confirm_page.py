"""The confirmation page and the buttons speak each transition's vocabulary; dangerous steps ask twice."""

import pytest
from django.urls import reverse

from registry.models import AssessmentBody
from tests import factories
from tests.helpers import snapshot


@pytest.fixture
def body_and_centre(db):
    return factories.filed_body(), factories.centre_officer()


def test_a_dangerous_step_warns_and_needs_an_explicit_confirmation(client, body_and_centre):
    body, centre = body_and_centre
    client.force_login(centre)
    url = reverse("registry:body_action", args=[body.pk, "suspend"])

    page = client.get(url).content.decode()
    assert 'class="alert warn"' in page and 'name="understood"' in page
    assert 'class="danger"' in page

    before = snapshot(body)
    refused = client.post(url, {"expected_status": "active", "reason": "违规发证"})
    assert refused.status_code == 200
    assert snapshot(body) == before

    done = client.post(url, {"expected_status": "active", "reason": "违规发证", "understood": "on"})
    assert done.status_code == 302
    assert AssessmentBody.objects.get(pk=body.pk).status == "suspended"


def test_an_ordinary_step_neither_warns_nor_asks(client, body_and_centre):
    body, centre = body_and_centre
    client.force_login(centre)
    url = reverse("registry:body_action", args=[body.pk, "order_rectification"])

    page = client.get(url).content.decode()
    assert 'class="alert warn"' not in page and 'name="understood"' not in page


def test_the_buttons_are_red_for_the_dangerous_steps_only(client, body_and_centre):
    body, centre = body_and_centre
    client.force_login(centre)
    page = client.get(body.get_absolute_url()).content.decode()

    for action, danger in [("order_rectification", False), ("suspend", True), ("revoke", True)]:
        href = reverse("registry:body_action", args=[body.pk, action])
        assert (f'<a class="button danger" href="{href}">' in page) is danger, action
        assert href in page

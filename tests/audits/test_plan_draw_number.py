"""A random plan's page names its seed as the draw number and says what it is for."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.services.planning import plan_random
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_plan_page_calls_the_seed_a_draw_number_and_explains_it(client):
    officer = factories.centre_officer()
    factories.filed_body()
    factories.supervisor()
    plan = plan_random(
        user=officer,
        criteria={},
        count=1,
        planned_for=timezone.localdate() + datetime.timedelta(days=3),
        seed=20260601,
    )
    client.force_login(officer)
    page = client.get(reverse("audits:plan_detail", args=[plan.pk])).content.decode()
    assert "抽取编号" in page and "20260601" in page and "复核" in page
    assert "随机种子" not in page and "seed" not in page.lower()

"""The navigation's badges: few queries whatever the numbers, never stale, nothing for what does not
apply; the panel's open rectification orders with their days left, overdue first and in red."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from audits.models import RectificationOrder
from audits.services import inspections as inspection_svc
from tests import factories
from tests.helpers import admin_of
from todo.queues import counts_for

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# One query for the roles, one for an officer's district, one for every count at once.
MAX_QUERIES = 3


def queries_to_count(user) -> int:
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=user.pk)  # nothing cached on the user yet
    with CaptureQueriesContext(connection) as queries:
        counts_for(request)
        counts_for(request)  # the panel and the badges of one page share the numbers
    return len(queries)


def badge_of(client: Client, url: str) -> int:
    """The number on the navigation link to `url`, 0 when it shows none."""
    html = client.get("/registry/bodies/").content.decode()
    found = re.search(
        rf'<a href="{re.escape(url)}">[^<]*(?:<span class="nav-count"[^>]*>(\d+)</span>)?</a>', html
    )
    assert found, f"no link to {url}"
    return int(found[1] or 0)


@pytest.mark.django_db
@pytest.mark.parametrize("maker", ["centre_officer", "district_officer", "body_admin"])
def test_counting_takes_a_fixed_few_queries_however_many_items_wait(maker):
    user = getattr(factories, maker)()
    before = queries_to_count(user)
    body = factories.filed_body(admin=user if maker == "body_admin" else None)
    for _n in range(3):
        factories.inspection_in("submitted", body=body)
        factories.draft_application(admin=user if maker == "body_admin" else None)
    assert before <= MAX_QUERIES
    assert queries_to_count(user) == before


@pytest.mark.django_db
def test_a_badge_drops_on_the_next_page_once_the_work_is_done():
    officer = factories.centre_officer()
    inspection = factories.inspection_in("submitted", officer=officer, findings=("minor",))
    client = Client()
    client.force_login(officer)
    assert badge_of(client, "/audits/") == 1
    assert badge_of(client, "/todo/") == 1
    inspection_svc.review_inspection(inspection=inspection, user=officer)
    assert badge_of(client, "/audits/") == 0
    assert badge_of(client, "/todo/") == 0


@pytest.mark.django_db
def test_a_newcomer_sees_only_the_way_to_apply():
    client = Client()
    client.force_login(factories.body_admin())
    response = client.get("/todo/")
    assert response.context["rows"] == []
    assert 'href="/registry/filings/new/"' in response.content.decode()
    assert response.context["badges"] == {"todo": 0}


@pytest.mark.django_db
def test_the_bureau_has_no_to_do_link():
    client = Client()
    client.force_login(factories.user_with_role("bureau_admin"))
    html = client.get("/register/").content.decode()
    assert 'href="/todo/"' not in html


@pytest.mark.django_db
def test_open_orders_list_days_left_overdue_first_in_red():
    with time_machine.travel(datetime.datetime(2025, 6, 16, 9, tzinfo=SHANGHAI), tick=False):
        body = factories.filed_body()
        orders = [
            RectificationOrder.objects.get(inspection=factories.inspection_in("reviewed", body=body))
            for _n in range(3)
        ]
        deadlines = [datetime.date(2025, 6, 21), datetime.date(2025, 6, 13), datetime.date(2025, 6, 16)]
        for order, deadline in zip(orders, deadlines, strict=True):
            RectificationOrder.objects.filter(pk=order.pk).update(deadline=deadline)
        client = Client()
        for user in (admin_of(body), factories.centre_officer()):
            client.force_login(user)
            response = client.get("/todo/")
            listed = [(order.pk, left, late) for order, left, late in response.context["orders"]]
            assert listed == [(orders[1].pk, 0, 3), (orders[2].pk, 0, 0), (orders[0].pk, 5, 0)]
            html = response.content.decode()
            rows = re.findall(
                r"<tr( class=\"overdue\")?>\s*<td[^>]*><a href=\"/audits/orders/(\d+)/\">", html
            )
            assert rows == [
                (' class="overdue"', str(orders[1].pk)),
                ("", str(orders[2].pk)),
                ("", str(orders[0].pk)),
            ]

"""The demo accounts the README names land on a to-do panel with real work on it."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

# account → queues that must hold something in the demo
DEMO = {
    "centre1": {
        "centre_review",
        "notice_over",
        "sessions_waiting",
        "inspections_to_review",
        "cases_to_investigate",
    },
    "centre2": {"evaluations_to_grade"},
    "district_yuzhong": {"district_review", "open_orders"},
    "district_jiulongpo": {"inspections_to_review"},
    "org01": {"orders_to_answer"},
    "supervisor1": {"inspections_to_do"},
}


@pytest.mark.django_db
def test_demo_accounts_land_on_a_panel_with_items(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    for username, busy in DEMO.items():
        client.force_login(User.objects.get(username=username))
        response = client.get("/", follow=True)
        assert response.redirect_chain == [("/todo/", 302)], username
        counts = {queue.key: n for queue, n in response.context["rows"]}
        assert {key for key in busy if counts.get(key)} == busy, (username, counts)
    client.force_login(User.objects.get(username="newcomer"))
    response = client.get("/", follow=True)
    assert response.context["rows"] == []
    assert 'href="/registry/filings/new/"' in response.content.decode()

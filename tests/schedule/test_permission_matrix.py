"""The schedule page × every role: the bureau administrator's alone."""

import pytest
from django.urls import get_resolver

from schedule import urls as schedule_urls
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

pytestmark = pytest.mark.django_db

MATRIX = [
    ("get", "/schedule/", row(LOGIN, 403, 403, 403, 403, 403, 403, 200)),
    ("post", "/schedule/", row(405, 405, 405, 405, 405, 405, 405, 405)),
]


@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, role):
    world = base_world()
    assert mismatches(client, world["users"], role, MATRIX, {}) == []


def test_the_matrix_covers_every_schedule_route():
    mounted = {str(p.pattern) for p in get_resolver().url_patterns if str(p.pattern) == "schedule/"}
    assert mounted == {"schedule/"}
    covered = {url.removeprefix("/schedule/") for _m, url, _e in MATRIX}
    assert {str(p.pattern) for p in schedule_urls.urlpatterns} <= covered


def test_the_bureau_administrator_sees_each_task_with_its_next_run(client):
    world = base_world()
    client.force_login(world["users"]["bureau"])
    page = client.get("/schedule/").content.decode()
    assert "expire_bodies" in page and "purge_error_reports" in page
    assert "尚未运行" in page or "Not run yet" in page

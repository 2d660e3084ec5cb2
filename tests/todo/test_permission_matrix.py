"""The to-do URLs × every role, and where `/` sends each role after signing in."""

import pytest
from django.urls import get_resolver

from tests.matrix import LOGIN, ROLES, base_world, mismatches, row
from todo import urls as todo_urls

MATRIX = [
    ("get", "/todo/", row(LOGIN, 200, 200, 200, 200, 200, 200, 200)),
]

# Where `/` leads: every role with queues lands on its to-do panel; the public and the bureau's
# administrator (nothing to do there) get the home page.
LANDING = row(None, "/todo/", "/todo/", "/todo/", "/todo/", "/todo/", "/todo/", None)


@pytest.fixture
def world(db):
    base = base_world()
    return base["users"], {}


@pytest.mark.parametrize("role", ROLES)
def test_todo_urls_by_role(client, world, role):
    users, ids = world
    assert mismatches(client, users, role, MATRIX, ids) == []


def test_anonymous_is_sent_to_the_login_page(client, world):
    response = client.get("/todo/")
    assert response.url == "/accounts/login/?next=/todo/"


def test_every_todo_route_is_in_the_matrix():
    routes = {"/todo/" + str(p.pattern) for p in todo_urls.urlpatterns}
    assert routes == {url for _method, url, _expected in MATRIX}
    assert "todo" in get_resolver().namespace_dict


@pytest.mark.parametrize("role", ROLES)
def test_home_lands_each_role_where_it_works(client, world, role):
    users, _ids = world
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get("/")
    if LANDING[role] is None:
        assert response.status_code == 200
        assert response.templates[0].name == "home.html"
    else:
        assert (response.status_code, response.url) == (302, LANDING[role])


def test_the_pages_roles_landed_on_before_stay_reachable(client, world):
    users, _ids = world
    for role, url in [
        ("centre", "/registry/review/centre/"),
        ("district_same", "/registry/review/district/"),
        ("admin_a", "/registry/"),
        ("supervisor", "/audits/tasks/"),
    ]:
        client.force_login(users[role])
        assert client.get(url).status_code == 200, (role, url)

"""Notification URLs × every role: each user reaches only their own notifications; the anonymous visitor
is sent to log in. Every route of the app is in the matrix."""

import pytest
from django.urls import resolve

from notifications import urls as notification_urls
from notifications.models import Kind, Notification
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

SIGNED_IN = row(LOGIN, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_REDIRECT = row(LOGIN, 302, 302, 302, 302, 302, 302, 302)
OWNER_ONLY = row(LOGIN, 302, 404, 404, 404, 404, 404, 404)  # admin_a's notification
POST_ONLY = row(LOGIN, 405, 405, 405, 405, 405, 405, 405)
NOT_FOUND = row(LOGIN, 404, 404, 404, 404, 404, 404, 404)

MATRIX = [
    ("get", "/notifications/", SIGNED_IN),
    ("get", "/notifications/?page=9", SIGNED_IN),
    ("get", "/notifications/{mine}/", OWNER_ONLY),
    ("get", "/notifications/999999/", NOT_FOUND),
    ("get", "/notifications/{mine}/read/", POST_ONLY),
    ("post", "/notifications/{mine}/read/", OWNER_ONLY),
    ("post", "/notifications/999999/read/", NOT_FOUND),
    ("get", "/notifications/read-all/", POST_ONLY),
    ("post", "/notifications/read-all/", SIGNED_IN_REDIRECT),
    ("get", "/notifications/settings/", SIGNED_IN),
    ("post", "/notifications/settings/", SIGNED_IN_REDIRECT, {"email_kinds": [Kind.DRAWN]}),
]


@pytest.fixture
def world(db):
    world = base_world()
    for user in world["users"].values():
        if user is not None:
            Notification.objects.create(recipient=user, kind=Kind.DRAWN, title=f"给 {user.username} 的消息")
    mine = Notification.objects.get(recipient=world["users"]["admin_a"])
    world["ids"] = {"mine": mine.pk}
    return world


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, role):
    assert mismatches(client, world["users"], role, MATRIX, world["ids"]) == []


def test_every_route_of_the_app_is_in_the_matrix(world):
    covered = {resolve(url.format(**world["ids"]).split("?")[0]).url_name for _method, url, *_ in MATRIX}
    assert covered == {pattern.name for pattern in notification_urls.urlpatterns}

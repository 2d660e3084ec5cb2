"""Every to-do count equals the list page it links to, and the navigation's badges add them up.

The world (tests/todo/world.py) puts items in every queue and others no role may count: another
district's, another body's, closed, done, or someone else's to do. Each count is checked three ways:
against the number worked out by hand, against the rows of the page its link opens, and against the
badge of the navigation link that leads there.
"""

import re

import pytest
from django.test import Client

from tests.todo.world import EXPECTED, build
from todo.queues import QUEUES


def listed(client: Client, url: str) -> int:
    """How many rows the list page at `url` lists (all pages)."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if url.startswith("/audits/tasks/"):  # the supervisor's own list: not paged (its done ones are)
        return len(context["todo"])
    for key in ("applications", "page"):
        if key in context and hasattr(context[key], "paginator"):
            return context[key].paginator.count
    raise AssertionError(f"{url} lists nothing countable")


def panel(client: Client, user):
    client.force_login(user)
    response = client.get("/todo/")
    assert response.status_code == 200
    return response


@pytest.fixture
def world(db):
    return build()


def test_each_panel_count_equals_the_hand_count_its_list_page_and_the_badges(world):
    by_key = {q.key: q for q in QUEUES}
    problems = []
    for role, expected in EXPECTED.items():
        client = Client()
        response = panel(client, world[role])
        counts = {queue.key: n for queue, n in response.context["rows"]}
        if counts != expected:
            problems.append(f"{role}: panel {counts}, expected {expected}")
        html = response.content.decode()
        for key, n in counts.items():
            url = by_key[key].url
            if listed(client, url) != n:
                problems.append(f"{role}: {key} counts {n}, its page {url} lists {listed(client, url)}")
            shown = re.search(
                rf'data-queue="{key}"><a href="{re.escape(url.replace("&", "&amp;"))}">[^<]+</a> '
                rf'<strong class="todo-count">(\d+)</strong>',
                html,
            )
            if not shown or int(shown[1]) != n:
                problems.append(f"{role}: {key} not shown as {n} with its link")
        badges = response.context["badges"]
        by_nav = {}
        for key, n in counts.items():
            if by_key[key].nav:
                by_nav[by_key[key].nav] = by_nav.get(by_key[key].nav, 0) + n
        if {k: v for k, v in badges.items() if k != "todo"} != by_nav:
            problems.append(f"{role}: badges {dict(badges)}, panel adds up to {by_nav}")
        if badges["todo"] != sum(by_nav.values()):
            problems.append(f"{role}: to-do badge {badges['todo']}, panel {sum(by_nav.values())}")
        todo_link = re.search(
            r'<a href="/todo/">[^<]*(?:<span class="nav-count"[^>]*>(\d+)</span>)?</a>', html
        )
        if not todo_link or int(todo_link[1] or 0) != badges["todo"]:
            problems.append(f"{role}: the to-do link does not show {badges['todo']}")
    assert problems == []


def test_counts_left_out_by_hand_are_really_there_to_be_left_out(world):
    """The world's items a role must not count exist: the centre, who sees everything, counts them."""
    assert EXPECTED["centre"]["inspections_to_review"] > EXPECTED["district_same"]["inspections_to_review"]
    assert EXPECTED["centre"]["open_orders"] > EXPECTED["district_same"]["open_orders"]
    client = Client()
    client.force_login(world["centre"])
    assert listed(client, "/registry/review/centre/") == 4  # centre review 2 + notices 2 (one not over)
    assert listed(client, "/examiners/sessions/") == 4  # 2 waiting, 1 staffed, 1 past
    assert listed(client, "/certificates/cases/") == 3
    client.force_login(world["supervisor"])
    assert len(client.get("/audits/tasks/").context["done"].object_list) == 0

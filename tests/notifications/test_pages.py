"""The inbox, the unread badge in the navigation, marking read, and the settings page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Kind, Notification, Preference
from tests import factories


@pytest.fixture
def user(db):
    return factories.body_admin()


def add(user, title: str, *, read: bool = False, minutes_ago: int = 0, link: str = "") -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=Kind.FILING_APPROVED,
        title=title,
        link=link,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        read_at=timezone.now() if read else None,
    )


def badge(html: str) -> str | None:
    found = re.search(r'<span class="count"[^>]*>(\d+)</span>', html)
    return found.group(1) if found else None


def test_the_badge_counts_what_the_inbox_shows_unread_in_one_query(client, user):
    for n in range(3):
        add(user, f"未读 {n}", minutes_ago=n)
    add(user, "已读", read=True)
    add(factories.body_admin(), "别人的消息")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/register/")
    assert response.status_code == 200
    counting = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counting) == 1 and "COUNT" in counting[0].upper()
    assert badge(response.content.decode()) == "3"
    inbox = client.get("/notifications/").content.decode()
    assert badge(inbox) == "3" == str(inbox.count('class="unread"'))
    assert inbox.count('class="read"') == 1


def test_no_badge_without_unread_and_none_for_the_anonymous(client, user):
    add(user, "已读", read=True)
    client.force_login(user)
    assert badge(client.get("/register/").content.decode()) is None
    client.logout()
    html = client.get("/register/").content.decode()
    assert badge(html) is None and "/notifications/" not in html


def test_the_inbox_shows_only_ones_own_newest_first_and_pages(client, user):
    for n in range(30):
        add(user, f"消息{n:02d}", minutes_ago=n)
    add(factories.body_admin(), "别人的消息")
    client.force_login(user)
    first = client.get("/notifications/")
    titles = [n.title for n in first.context["page"]]
    assert titles == [f"消息{n:02d}" for n in range(25)]
    assert "别人的消息" not in first.content.decode()
    assert [n.title for n in client.get("/notifications/?page=2").context["page"]] == [
        f"消息{n:02d}" for n in range(25, 30)
    ]


def test_mark_one_and_mark_all_read(client, user):
    one, *_others = (add(user, f"消息{n}") for n in range(3))
    theirs = add(factories.body_admin(), "别人的消息")
    client.force_login(user)
    assert (
        client.post(f"/notifications/{one.pk}/read/", {"page": "1"})["Location"] == "/notifications/?page=1"
    )
    one.refresh_from_db()
    assert one.read_at is not None and badge(client.get("/notifications/").content.decode()) == "2"
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=user, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_only_a_local_link(client, user):
    local = add(user, "本站链接", link="/registry/")
    foreign = add(user, "外部链接", link="https://evil.example/")
    client.force_login(user)
    assert client.get(f"/notifications/{local.pk}/")["Location"] == "/registry/"
    assert client.get(f"/notifications/{foreign.pk}/")["Location"] == "/notifications/"
    assert Notification.objects.filter(read_at=None).count() == 0


def test_settings_start_with_every_email_on_and_save_the_choice(client, user):
    client.force_login(user)
    page = client.get("/notifications/settings/")
    assert set(page.context["form"].initial["email_kinds"]) == set(Kind.values)
    assert "没有登记电子邮箱" in page.content.decode()
    response = client.post("/notifications/settings/", {"email_kinds": [Kind.DRAWN, Kind.ORDER_ISSUED]})
    assert response.status_code == 302
    on = set(Preference.objects.filter(user=user, email=True).values_list("kind", flat=True))
    assert on == {Kind.DRAWN, Kind.ORDER_ISSUED}
    assert set(client.get("/notifications/settings/").context["form"].initial["email_kinds"]) == on

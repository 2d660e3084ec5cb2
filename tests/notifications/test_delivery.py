"""notify: an inbox row for every recipient, an e-mail for those who want the kind and have an address,
only after the deciding transaction commits, in the site's language."""

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from notifications.models import Kind, Notification
from notifications.services import notify, notify_job_finished, set_email_preferences
from tests import factories


def user(email: str = "", **kw):
    account = factories.body_admin(**kw)
    account.email = email
    account.save(update_fields=["email"])
    return account


TITLE = gettext_lazy("Filing application %(reference)s was rejected")


@pytest.mark.django_db
def test_inbox_row_and_email_for_each_recipient_once(committed, mailoutbox):
    a, b = user("a@example.cn"), user("b@example.cn")
    with committed():
        notify(
            recipients=[a, b.pk, a, None],
            kind=Kind.FILING_REJECTED,
            title=TITLE,
            params={"reference": "2026-000001"},
            link="/registry/applications/1/",
        )
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == sorted(
        [a.username, b.username]
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.cn", "b@example.cn"]
    mail = mailoutbox[0]
    assert mail.subject == "备案申请 2026-000001 已被驳回"
    assert "http://127.0.0.1:8000/registry/applications/1/" in mail.body


@pytest.mark.django_db
def test_texts_are_in_the_sites_language_whoever_acts(committed, mailoutbox, settings):
    a = user("a@example.cn")
    with committed(), translation.override("en"):
        notify(recipients=[a], kind=Kind.FILING_REJECTED, title=TITLE, params={"reference": "R-1"})
    assert Notification.objects.get().title == "备案申请 R-1 已被驳回"


@pytest.mark.django_db
def test_nothing_before_the_commit_and_nothing_after_a_rollback(
    django_capture_on_commit_callbacks, mailoutbox
):
    a = user("a@example.cn")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[a], kind=Kind.FILING_REJECTED, title=TITLE, params={"reference": "R-1"})
    assert len(callbacks) == 1 and not Notification.objects.exists() and mailoutbox == []

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[a], kind=Kind.FILING_REJECTED, title=TITLE, params={"reference": "R-2"})
        raise RuntimeError("the decision fails")
    assert callbacks == [] and not Notification.objects.exists() and mailoutbox == []


@pytest.mark.django_db
def test_email_off_for_a_kind_keeps_the_inbox_row(committed, mailoutbox):
    quiet, loud = user("quiet@example.cn"), user("loud@example.cn")
    set_email_preferences(user=quiet, email_kinds=[k for k in Kind.values if k != Kind.FILING_REJECTED])
    with committed():
        notify(recipients=[quiet, loud], kind=Kind.FILING_REJECTED, title=TITLE, params={"reference": "R"})
        notify(recipients=[quiet], kind=Kind.FILING_PUBLISHED, title=TITLE, params={"reference": "P"})
    assert Notification.objects.filter(recipient=quiet).count() == 2
    assert [m.to for m in mailoutbox] == [["loud@example.cn"], ["quiet@example.cn"]]


@pytest.mark.django_db
def test_no_address_no_email_and_inactive_accounts_get_nothing(committed, mailoutbox):
    silent, gone = user(""), user("gone@example.cn")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with committed():
        notify(recipients=[silent, gone], kind=Kind.DRAWN, title=TITLE, params={"reference": "R"})
    assert list(Notification.objects.values_list("recipient", flat=True)) == [silent.pk]
    assert mailoutbox == []


@pytest.mark.django_db
def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        notify(recipients=[1], kind="gossip", title="x")


@pytest.mark.django_db
@pytest.mark.parametrize(("ok", "title"), [(True, "已完成：导入成绩"), (False, "失败：导入成绩")])
def test_a_finished_job_tells_its_owner(committed, mailoutbox, ok, title):
    owner, other = user("owner@example.cn"), user("other@example.cn")
    with committed():
        notify_job_finished(owner=owner, title="导入成绩", link="/jobs/7/", ok=ok)
    (row,) = Notification.objects.all()
    assert (row.recipient, row.kind, row.title, row.link) == (owner, Kind.JOB_FINISHED, title, "/jobs/7/")
    assert [m.to for m in mailoutbox] == [["owner@example.cn"]]
    assert not Notification.objects.filter(recipient=other).exists()

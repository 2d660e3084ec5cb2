"""The record is tamper-evident: any row edited, deleted or inserted out of band breaks verification."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from integrity import services
from integrity.bulk import make_chained_entries
from integrity.chain import verify
from integrity.models import Chain, Entry, Link


def record(n: int, subject_id: int = 1, kind: str = "minor") -> list[Entry]:
    return [
        services.record_entry(
            subject_type="examiner",
            subject_id=subject_id,
            subject_name="张三",
            subject_code="510202198601010053",
            kind=kind,
            basis="manual",
            description=f"第{i}条",
            occurred_on=timezone.localdate() - datetime.timedelta(days=i),
        )
        for i in range(n)
    ]


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify_fails_naming(fragment: str) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_integrity")
    assert failure.value.returncode == 2
    assert fragment in str(failure.value), str(failure.value)
    return str(failure.value)


@pytest.mark.django_db
def test_each_link_hashes_the_previous_one():
    first, second, third = record(3)
    assert first.link.prev_hash == "0" * 64
    assert second.link.prev_hash == first.link.hash and third.link.prev_hash == second.link.hash
    assert [e.link.seq for e in (first, second, third)] == [1, 2, 3]
    assert verify() == (3, [])


@pytest.mark.django_db
def test_editing_an_entry_with_raw_sql_is_detected():
    entries = record(4)
    sql(f"UPDATE {Entry._meta.db_table} SET points = %s WHERE id = %s", [0, entries[2].pk])
    verify_fails_naming(f"entry {entries[2].pk} differs")


@pytest.mark.django_db
def test_editing_a_link_payload_is_detected():
    entries = record(3)
    link = entries[1].link
    sql(
        f"UPDATE {Link._meta.db_table} SET content = %s WHERE id = %s",
        [link.content.replace('"points":-5', '"points":0'), link.pk],
    )
    verify_fails_naming(f"link #{link.seq} (id {link.pk})")


@pytest.mark.django_db
def test_deleting_an_entry_with_raw_sql_is_detected():
    entries = record(3)
    sql(f"DELETE FROM {Entry._meta.db_table} WHERE id = %s", [entries[1].pk])
    verify_fails_naming(f"link #2 (id {entries[1].link_id}): the entry this link records is missing")


@pytest.mark.django_db
def test_deleting_the_last_link_and_entry_is_detected():
    entries = record(3)
    last = entries[-1]
    sql(f"DELETE FROM {Entry._meta.db_table} WHERE id = %s", [last.pk])
    sql(f"DELETE FROM {Link._meta.db_table} WHERE id = %s", [last.link_id])
    verify_fails_naming("chain examiner:1: chain head says 3 links")


@pytest.mark.django_db
def test_inserting_a_row_with_raw_sql_is_detected():
    entries = record(2)
    chain = Chain.objects.get()
    sql(
        f"INSERT INTO {Link._meta.db_table} (chain_id, seq, kind, content, prev_hash, hash, created_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [chain.pk, 3, "entry", "{}", entries[-1].link.hash, "f" * 64, timezone.now()],
    )
    message = verify_fails_naming("link #3")
    assert "content does not match its hash" in message or "chain head" in message


@pytest.mark.django_db
def test_an_untouched_chain_of_ten_thousand_entries_verifies(capsys):
    made = make_chained_entries(10_000, subjects=50)
    record(2)  # and entries made through the service join them
    call_command("verify_integrity")
    assert f"{made + 2} links verified" in capsys.readouterr().out


@pytest.mark.django_db
def test_chains_are_per_subject():
    record(2, subject_id=1)
    record(1, subject_id=2)
    assert sorted(Chain.objects.values_list("subject_id", "length")) == [(1, 2), (2, 1)]
    assert verify()[1] == []

"""Writers appending to one subject's chain at the same moment: the chain row lock keeps it a chain."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from integrity import services
from integrity.chain import verify
from integrity.models import Chain, Entry

THREADS = 4
PER_THREAD = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_writers_on_one_subject_make_one_contiguous_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    # No chain row exists yet, so the writers also race to create it.
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def write(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            for n in range(PER_THREAD):
                services.record_entry(
                    subject_type="body",
                    subject_id=42,
                    subject_name="重庆并发评价机构",
                    kind="minor",
                    basis="manual",
                    description=f"线程{index}第{n}条",
                    occurred_on=yesterday,
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    chain = Chain.objects.get(subject_type="body", subject_id=42)
    seqs = list(chain.links.order_by("seq").values_list("seq", flat=True))
    assert chain.length == THREADS * PER_THREAD
    assert seqs == list(range(1, THREADS * PER_THREAD + 1))
    assert Entry.objects.filter(subject_type="body", subject_id=42).count() == THREADS * PER_THREAD
    assert verify() == (THREADS * PER_THREAD, [])

"""The public register runs a fixed number of queries per page, however many bodies there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.bulk import make_filed_bodies


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_register_query_count_does_not_grow_with_rows(client):
    make_filed_bodies(5, start=100_000)
    small = queries_for(client, "/register/")
    make_filed_bodies(120, start=200_000)
    large = queries_for(client, "/register/")
    filtered = queries_for(client, "/register/?occupation=4-&kind=social&page=2")
    assert small == large == filtered, (small, large, filtered)
    assert large <= 6


@pytest.mark.django_db
def test_register_search_by_each_filter(client):
    bodies = make_filed_bodies(6, start=300_000)
    target = bodies[4]
    line = target.scope_lines.first()
    for query in (
        f"q={target.name}",
        f"q={target.credit_code}",
        f"q={target.filing_no}",
        f"district={target.district.code}",
        f"kind={target.kind}",
        "status=active",
        f"occupation={line.occupation.code}",
        f"occupation={line.occupation.name}",
    ):
        assert target.filing_no in client.get(f"/register/?{query}").content.decode(), query
    assert target.filing_no not in client.get("/register/?status=revoked").content.decode()

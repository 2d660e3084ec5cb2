"""/statistics/: public, aggregates only (plans.dashboard.public_statistics, never the officers' build),
computed once per day and language, and marked cacheable for visitors who are not signed in."""

import datetime

import pytest
from django.utils import timezone

from plans.charts import ranked
from plans.models import Plan
from tests import factories
from tests.plans.pages import sample
from tests.plans.pages.pages import read

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_anyone_sees_the_public_figures_exactly(client, published, built):
    response = client.get("/statistics/")
    assert response.status_code == 200 and built == []
    page = read(response)
    public = sample.public()
    assert sorted(page.tables) == sorted(t.key for t in public.tables)
    for table in public.tables:
        assert page.tables[table.key]["body"] == [[r.label, *map(str, r.values)] for r in ranked(table)]
        island = page.islands[f"{table.key}-data"]
        assert [[r["label"], *r["values"]] for r in island["rows"]] == [
            [r.label, *r.values] for r in ranked(table)
        ]
    assert [int(f["actual"]) for f in page.figures.values()] == [p.actual for p in public.progress]
    assert "重庆三峡技工学校" not in response.content.decode()  # no college list on the public page


def test_the_figures_are_computed_once_and_the_page_may_be_cached(client, published):
    first, second = client.get("/statistics/"), client.get("/statistics/")
    assert read(first).tables == read(second).tables and read(second).tables
    assert len(published) == 1
    assert "public" in first["Cache-Control"] and "max-age=600" in first["Cache-Control"]


def test_a_signed_in_visitors_page_is_not_kept_by_shared_caches(client, published):
    client.force_login(factories.centre_officer())
    response = client.get("/statistics/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_past_year_is_shown_as_of_its_last_day(client, published):
    assert client.get("/statistics/", {"year": sample.YEAR - 1}).status_code == 200
    assert published == [{"year": sample.YEAR - 1, "as_of": datetime.date(sample.YEAR - 1, 12, 31)}]


@pytest.mark.parametrize("year", ["2019", "abc", "2026-1"])
def test_a_year_without_a_plan_is_not_found(client, published, year):
    assert client.get("/statistics/", {"year": year}).status_code == 404
    assert published == []


def test_only_the_year_can_be_chosen(client, published):
    client.get("/statistics/", {"as_of": "2026-01-01", "district": "500103"})
    assert published[0]["as_of"] == min(TODAY, datetime.date(published[0]["year"], 12, 31))


def test_without_a_plan_the_page_says_so(client, db):
    Plan.objects.all().delete()  # the ones the migration seeds
    response = client.get("/statistics/")
    assert response.status_code == 200 and "尚未发布统计数据" in response.content.decode()

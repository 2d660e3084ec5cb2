"""What the dashboard and the scope read: published_on(day) from the effective dates, and
published_in_year(year, on=day), the new specifications of a plan year."""

import datetime
import zoneinfo

import pytest

from specifications import selectors, services
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 6, 15)
D = datetime.date


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(10), SHANGHAI), tick=False)


def published(on: datetime.date, **kw):
    version, centre, experts = factories.specification_in("published", on=on, **kw)
    return version, centre, experts


def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_published_from_its_effective_day_until_it_is_retired():
    version, centre, _experts = published(D(2026, 3, 1))
    services.act(version=version, user=centre, action="retire", reason="废止", on=D(2026, 5, 1))
    spec = version.specification_id
    assert spec not in ids(selectors.published_on(D(2026, 2, 28)))
    assert spec in ids(selectors.published_on(D(2026, 3, 1)))
    assert spec in ids(selectors.published_on(D(2026, 4, 30)))
    assert spec not in ids(selectors.published_on(D(2026, 5, 1)))
    assert spec not in ids(selectors.published_on(TODAY))


def test_filed_but_not_published_and_in_review_are_not_available():
    filed, _c, _e = factories.specification_in("filed_with_ministry", on=D(2026, 1, 10))
    review, _c, _e = factories.specification_in("under_review")
    assert ids(selectors.published_on(TODAY)) & {filed.specification_id, review.specification_id} == set()


def test_a_revision_keeps_the_specification_available_without_a_gap():
    first, centre, experts = published(D(2025, 9, 1))
    second = services.revise(
        user=centre,
        specification=first.specification,
        content=factories.specification_content(duration_minutes=60),
        draft=factories.pdf_upload(),
    )
    factories.specification_in("published", version=second, centre=centre, experts=experts, on=D(2026, 4, 1))
    spec = first.specification_id
    for day in (D(2025, 9, 1), D(2026, 3, 31), D(2026, 4, 1), TODAY):
        assert spec in ids(selectors.published_on(day)), day
    in_force = selectors.published_versions_on(D(2026, 3, 31)).get()
    assert in_force.pk == first.pk
    assert selectors.published_versions_on(D(2026, 4, 1)).get().pk == second.pk
    # a revision is no new specification: counted in the year of its first publication only
    assert spec in ids(selectors.published_in_year(2025, on=TODAY))
    assert spec not in ids(selectors.published_in_year(2026, on=TODAY))


def test_new_specifications_of_a_plan_year_as_of_a_day():
    last_year, _c, _e = published(D(2025, 11, 20))
    march, _c, _e = published(D(2026, 3, 2))
    june, _c, _e = published(D(2026, 6, 10))
    retired, centre, _e = published(D(2026, 2, 1))
    services.act(version=retired, user=centre, action="retire", reason="废止", on=D(2026, 5, 1))
    factories.specification_in("filed_with_ministry", on=D(2026, 4, 1))

    assert ids(selectors.published_in_year(2026, on=TODAY)) == {march.specification_id, june.specification_id}
    assert ids(selectors.published_in_year(2026, on=D(2026, 6, 9))) == {march.specification_id}
    # as of April, the one retired in May was still in force
    assert ids(selectors.published_in_year(2026, on=D(2026, 4, 1))) == {
        march.specification_id,
        retired.specification_id,
    }
    assert ids(selectors.published_in_year(2025, on=TODAY)) == {last_year.specification_id}
    assert ids(selectors.published_in_year(2027, on=TODAY)) == set()
    assert selectors.published_in_year(2026, on=TODAY).count() == 2

"""The technical colleges' catalogue: filed = a body with the college's credit code holds a filing in
force on the day (one query for the whole list); the centre adds, changes and closes colleges; a district
officer reads its own district's."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.transitions import perform
from plans.models import TechnicalCollege
from plans.selectors import colleges_with_filing
from registry.identifiers import credit_code
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 3, 20)
DAY = datetime.timedelta(days=1)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(TODAY), tick=False)


def college_of(body, name: str | None = None) -> TechnicalCollege:
    """The catalogue's entry for the college a body is (the same credit code)."""
    return TechnicalCollege.objects.create(
        name=name or f"{body.name}技师学院", credit_code=body.credit_code, district=body.district
    )


def unfiled(n: int, district_code: str = factories.YUZHONG, **kw) -> TechnicalCollege:
    return TechnicalCollege.objects.create(
        name=f"重庆市第{n}技工学校",
        credit_code=credit_code(900_000 + n, district_code=district_code, authority="12"),
        district=factories.district(district_code),
        **kw,
    )


def filed_by_name(day: datetime.date) -> dict[str, bool]:
    return {c.name: c.filed for c in colleges_with_filing(on=day)}


def test_filed_follows_the_bodys_status_on_the_day():
    centre = factories.centre_officer()
    with time_machine.travel(at(TODAY - 100 * DAY), tick=False):
        active, suspended, revoked = (factories.filed_body(kind="college") for _ in range(3))
    pending = factories.draft_application(kind="college").body
    perform(suspended, "suspend", by=centre, reason="决定", on=TODAY - 20 * DAY)
    perform(revoked, "revoke", by=centre, reason="撤销", barred_until=TODAY + 900 * DAY, on=TODAY - 10 * DAY)
    names = {college_of(b).name: b for b in (active, suspended, revoked, pending)}
    other = unfiled(1)
    a, s, r, p = names

    assert filed_by_name(TODAY) == {a: True, s: True, r: False, p: False, other.name: False}
    assert filed_by_name(TODAY - 15 * DAY) == {a: True, s: True, r: True, p: False, other.name: False}
    assert filed_by_name(TODAY - 101 * DAY) == dict.fromkeys(names | {other.name: None}, False)


def test_a_closed_college_is_marked_from_its_day():
    college = unfiled(2, closed_on=TODAY - 5 * DAY)
    assert colleges_with_filing(on=TODAY - 6 * DAY).get(pk=college.pk).open
    assert not colleges_with_filing(on=TODAY - 5 * DAY).get(pk=college.pk).open


def test_the_list_is_one_query_for_the_colleges_whatever_their_number(client):
    client.force_login(factories.centre_officer())
    for n in range(3):
        unfiled(n)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/plans/colleges/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(3, 20):
        unfiled(n)
    assert queries() == few


def test_search_by_name_or_credit_code_filter_by_district_and_pages(client):
    client.force_login(factories.centre_officer())
    colleges = [unfiled(n) for n in range(1, 4)]
    far = unfiled(4, district_code=factories.JIULONGPO)

    def listed(**query) -> set[str]:
        page = client.get("/plans/colleges/", query).content.decode()
        return {c.name for c in [*colleges, far] if c.name in page}

    assert listed(q="第2技工") == {colleges[1].name}
    assert listed(q=colleges[2].credit_code[-6:]) == {colleges[2].name}
    assert listed(district=factories.JIULONGPO) == {far.name}
    for n in range(5, 30):
        unfiled(n)
    assert "page=2" in client.get("/plans/colleges/").content.decode()


def test_the_list_says_filed_or_not(client):
    body = factories.filed_body(kind="college")
    filed, other = college_of(body), unfiled(1)
    client.force_login(factories.centre_officer())
    page = client.get("/plans/colleges/").content.decode()
    row = {c.name: page.split(c.name, 1)[1].split("</tr>", 1)[0] for c in (filed, other)}
    assert "badge-ok" in row[filed.name] and "badge-warn" in row[other.name]


def test_a_district_officer_reads_only_its_district_without_edit_links(client):
    own, far = unfiled(1), unfiled(2, district_code=factories.JIULONGPO)
    client.force_login(factories.district_officer(factories.YUZHONG))
    page = client.get("/plans/colleges/", {"district": factories.JIULONGPO}).content.decode()
    assert own.name in page and far.name not in page
    assert "/plans/colleges/new/" not in page and f"/plans/colleges/{own.pk}/edit/" not in page


def test_the_centre_adds_a_college_with_its_credit_code_checked(client):
    client.force_login(factories.centre_officer())
    code = credit_code(123, authority="12")
    district = factories.district()
    bad = client.post(
        "/plans/colleges/new/",
        {"name": "重庆市甲技师学院", "credit_code": code[:-1] + "0", "district": district.pk},
    )
    assert bad.status_code == 200 and not TechnicalCollege.objects.exists()
    assert 'has-error required">\n  <label for="id_credit_code"' in bad.content.decode()

    spaced = f" {code[:9]} {code[9:].lower()} "
    response = client.post(
        "/plans/colleges/new/", {"name": "重庆市甲技师学院", "credit_code": spaced, "district": district.pk}
    )
    assert response.status_code == 302
    assert TechnicalCollege.objects.get().credit_code == code


def test_a_name_or_credit_code_taken_is_a_form_error(client):
    client.force_login(factories.centre_officer())
    first = unfiled(1)
    for data in (
        {"name": first.name, "credit_code": credit_code(5, authority="12")},
        {"name": "新学校", "credit_code": first.credit_code},
    ):
        response = client.post("/plans/colleges/new/", {**data, "district": first.district.pk})
        assert response.status_code == 200
    assert TechnicalCollege.objects.count() == 1


def test_editing_and_closing_a_college(client):
    client.force_login(factories.centre_officer())
    college = unfiled(1)
    far = factories.district(factories.JIULONGPO)
    response = client.post(
        f"/plans/colleges/{college.pk}/edit/",
        {"name": "重庆市第一技师学院", "credit_code": college.credit_code, "district": far.pk},
    )
    assert response.status_code == 302
    assert client.post(f"/plans/colleges/{college.pk}/close/", {"closed_on": "2026-03-01"}).status_code == 302
    college.refresh_from_db()
    assert (college.name, college.district, college.closed_on) == (
        "重庆市第一技师学院",
        far,
        datetime.date(2026, 3, 1),
    )
    page = client.get("/plans/colleges/").content.decode()
    assert "2026-03-01" in page and f"/plans/colleges/{college.pk}/close/" not in page

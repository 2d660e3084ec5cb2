"""The plans' and the colleges' pages × every role: officers read plans, the bureau administrator alone
changes them; the centre and the bureau keep the colleges' catalogue, district officers read their
district's; body administrators and supervisors see neither (403)."""

import pytest
from django.urls import get_resolver

from plans import urls as plans_urls
from plans.models import Plan, TechnicalCollege
from registry.identifiers import credit_code
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

pytestmark = pytest.mark.django_db

READERS = row(LOGIN, 403, 403, 200, 200, 200, 403, 200)
BUREAU = row(LOGIN, 403, 403, 403, 403, 403, 403, 200)
BUREAU_DONE = row(LOGIN, 403, 403, 403, 403, 403, 403, 302)
KEEPERS = row(LOGIN, 403, 403, 403, 403, 200, 403, 200)
KEEPERS_DONE = row(LOGIN, 403, 403, 403, 403, 302, 403, 302)
GET_ONLY = row(405, 405, 405, 405, 405, 405, 405, 405)

TARGET = {"metric": "examiners", "scope": "city", "value": 2100, "note": ""}
MATRIX = [
    ("get", "/plans/", READERS),
    ("post", "/plans/", GET_ONLY),
    ("get", "/plans/2022/", READERS),
    ("post", "/plans/2022/", GET_ONLY),
    ("get", "/plans/1999/", row(LOGIN, 403, 403, 404, 404, 404, 403, 404)),
    ("get", "/plans/new/", BUREAU),
    ("post", "/plans/new/", BUREAU_DONE, {"year": 2031, "name": "《2031年要点》", "copy_from": ""}),
    ("get", "/plans/2022/edit/", BUREAU),
    ("post", "/plans/2022/edit/", BUREAU_DONE, {"name": "《2022年要点》", "source": ""}),
    ("get", "/plans/2022/targets/new/", BUREAU),
    (
        "post",
        "/plans/2022/targets/new/",
        BUREAU_DONE,
        {"metric": "bodies", "scope": "district", "district": "{district}", "value": 30},
    ),
    ("get", "/plans/targets/{target}/edit/", BUREAU),
    ("post", "/plans/targets/{target}/edit/", BUREAU_DONE, TARGET),
    ("get", "/plans/targets/{target}/delete/", BUREAU),
    ("post", "/plans/targets/{target}/delete/", BUREAU_DONE, {}),
    ("get", "/plans/colleges/", READERS),
    ("post", "/plans/colleges/", GET_ONLY),
    ("get", "/plans/colleges/new/", KEEPERS),
    (
        "post",
        "/plans/colleges/new/",
        KEEPERS_DONE,
        {"name": "重庆市新技师学院", "credit_code": "{new_code}", "district": "{district}"},
    ),
    ("get", "/plans/colleges/{college}/edit/", KEEPERS),
    (
        "post",
        "/plans/colleges/{college}/edit/",
        KEEPERS_DONE,
        {"name": "重庆市甲技师学院", "credit_code": "{college_code}", "district": "{district}"},
    ),
    ("get", "/plans/colleges/{college}/close/", KEEPERS),
    ("post", "/plans/colleges/{college}/close/", KEEPERS_DONE, {"closed_on": "2026-01-01"}),
    ("get", "/plans/colleges/import/", KEEPERS),
    ("post", "/plans/colleges/import/", KEEPERS, {}),  # no file: the form again, with its error
    ("get", "/plans/colleges/import/template.csv", KEEPERS),
    ("get", "/plans/colleges/import/template.xlsx", KEEPERS),
    ("get", "/plans/colleges/import/template.pdf", row(LOGIN, 403, 403, 403, 403, 404, 403, 404)),
    ("post", "/plans/colleges/import/template.csv", GET_ONLY),
    ("get", "/plans/colleges/import/errors.csv", KEEPERS),
    ("get", "/admin/plans/plan/", row(302, 302, 302, 302, 302, 302, 302, 200)),
    ("get", "/admin/plans/technicalcollege/", row(302, 302, 302, 302, 302, 302, 302, 200)),
]


def world_ids() -> tuple[dict, dict]:
    world = base_world()
    district = world["body_a"].district
    college = TechnicalCollege.objects.create(
        name="重庆市甲技师学院", credit_code=credit_code(801, authority="12"), district=district
    )
    target = Plan.objects.get(year=2022).targets.get(metric="examiners")
    ids = {
        "target": target.pk,
        "college": college.pk,
        "college_code": college.credit_code,
        "new_code": credit_code(802, authority="12"),
        "district": district.pk,
    }
    return world, ids


@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, role):
    world, ids = world_ids()
    # Posted values name the world's records too.
    matrix = [
        (method, url, expected, *[{k: str(v).format(**ids) for k, v in data.items()} for data in rest])
        for method, url, expected, *rest in MATRIX
    ]
    assert mismatches(client, world["users"], role, matrix, ids) == []


def test_the_matrix_covers_every_plans_route():
    mounted = {str(p.pattern) for p in get_resolver().url_patterns if str(p.pattern) == "plans/"}
    assert mounted == {"plans/"}
    covered = {url.removeprefix("/plans/") for _m, url, *_rest in MATRIX}
    routes = {str(p.pattern) for p in plans_urls.urlpatterns}
    for route in routes:
        pattern = route.replace("<int:year>", "2022").replace("<int:pk>", "{target}")
        pattern = pattern.replace("<str:fmt>", "csv")
        alternatives = {pattern, pattern.replace("{target}", "{college}")}
        assert alternatives & covered, route


def test_a_district_officer_reads_its_own_colleges_only(client):
    world, _ids = world_ids()
    far = TechnicalCollege.objects.create(
        name="重庆市乙技工学校",
        credit_code=credit_code(803, authority="12"),
        district=world["body_b"].district,
    )
    client.force_login(world["users"]["district_same"])
    page = client.get("/plans/colleges/").content.decode()
    assert "重庆市甲技师学院" in page and far.name not in page
    client.force_login(world["users"]["district_other"])
    page = client.get("/plans/colleges/").content.decode()
    assert "重庆市甲技师学院" not in page and far.name in page


def test_the_navigation_shows_plans_to_those_who_may_read_them(client):
    world, _ids = world_ids()
    for role in ROLES[1:]:
        client.force_login(world["users"][role])
        shown = 'href="/plans/"' in client.get("/notifications/").content.decode()
        assert shown == (READERS[role] == 200), role

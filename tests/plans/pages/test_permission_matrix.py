"""The dashboard, its monthly reports and the public statistics × every role (tests/matrix.py's world:
`district_same` is 渝中区's officer, `district_other` 九龙坡区's). Reports: `city` (citywide) and `yz`
(渝中区's). The dashboard is for centre officers, the bureau and district officers (their own district:
asking for another is 403); a report's files for those who see its scope (404 otherwise); /statistics/ for
anyone."""

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, resolve

from plans import dashboard_urls, public_urls
from plans.models import MonthlyReport
from registry.models import District
from tests import factories
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

READERS = row(LOGIN, 403, 403, 200, 200, 200, 403, 200)
CITYWIDE_READERS = row(LOGIN, 403, 403, 403, 403, 200, 403, 200)
SEES_CITY_REPORT = row(LOGIN, 403, 403, 404, 404, 200, 403, 200)
SEES_YZ_REPORT = row(LOGIN, 403, 403, 200, 404, 200, 403, 200)
STARTERS = row(LOGIN, 403, 403, 302, 302, 302, 403, 302)  # to the job's page
NOT_ALLOWED = row(LOGIN, 405, 405, 405, 405, 405, 405, 405)
EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 200)

MATRIX = [
    ("get", "/dashboard/", READERS),
    (
        "get",
        "/dashboard/?district=500103",
        row(LOGIN, 403, 403, 200, 403, 200, 403, 200),
    ),  # district_same's own
    ("get", "/dashboard/?district=500107", row(LOGIN, 403, 403, 403, 200, 200, 403, 200)),
    ("get", "/dashboard/?district=500106", CITYWIDE_READERS),
    ("post", "/dashboard/", row(LOGIN, 405, 405, 405, 405, 405, 405, 405)),
    ("get", "/dashboard/reports/", READERS),
    ("get", "/dashboard/reports/generate/", NOT_ALLOWED),
    ("post", "/dashboard/reports/generate/", STARTERS, {"year": 2025, "month": 6}),
    ("get", "/dashboard/reports/{city}/xlsx/", SEES_CITY_REPORT),
    ("get", "/dashboard/reports/{city}/pdf/", SEES_CITY_REPORT),
    ("get", "/dashboard/reports/{yz}/xlsx/", SEES_YZ_REPORT),
    ("get", "/dashboard/reports/{yz}/pdf/", SEES_YZ_REPORT),
    ("get", "/dashboard/reports/999999/pdf/", row(LOGIN, 403, 403, 404, 404, 404, 403, 404)),
    ("get", "/statistics/", EVERYONE),
    ("get", "/statistics/?year=2026", EVERYONE),
    ("get", "/statistics/?year=2019", row(404, 404, 404, 404, 404, 404, 404, 404)),
    ("post", "/statistics/", row(405, 405, 405, 405, 405, 405, 405, 405)),
]


def report(district=None) -> MonthlyReport:
    made = MonthlyReport(year=2025, month=5, as_of="2025-05-31", district=district)
    made.xlsx.save("m.xlsx", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    made.pdf.save("m.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    made.save()
    return made


@pytest.fixture
def world(built, published):
    world = base_world()
    ids = {"city": report().pk, "yz": report(District.objects.get(code=factories.YUZHONG)).pk}
    return world["users"], ids


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, world, role):
    users, ids = world
    assert mismatches(client, users, role, MATRIX, ids) == []


@pytest.mark.django_db
def test_the_anonymous_visitor_is_sent_to_the_login_page(client, world):
    _users, ids = world
    for method, url, expected, *_data in MATRIX:
        if expected["anon"] == LOGIN:
            response = getattr(client, method)(url.format(**ids))
            assert response.url.startswith("/accounts/login/?next=/dashboard/"), url


@pytest.mark.django_db
def test_the_matrix_covers_every_plan_page(world):
    _users, ids = world
    covered = {resolve(url.format(**ids).split("?")[0]).route for _m, url, _e, *_d in MATRIX}
    # A regular expression's route is resolved without its "^".
    ours = {f"dashboard/{str(p.pattern).lstrip('^')}" for p in dashboard_urls.urlpatterns}
    ours |= {f"statistics/{p.pattern}" for p in public_urls.urlpatterns}
    mounted = {
        str(p.pattern) + str(q.pattern).lstrip("^")
        for p in get_resolver().url_patterns
        if hasattr(p, "url_patterns")
        for q in p.url_patterns
    }
    assert ours <= mounted
    assert ours - covered == set()

"""Every URL × every role (and the anonymous public) → the expected status code.

Fixture world: body A (filed, 渝中区) and body P (pending, 渝中区, application submitted) and body D
(pending, 渝中区, application in draft) are administered by `admin_a`; `admin_b` administers body B
(filed, 九龙坡区). Anything a role may not see answers 404; visible but not allowed answers 403.
"""

import pytest

from registry.models import Material
from tests import factories
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

# (method, url template, expected per role)
MATRIX = [
    ("get", "/", row(200, 302, 302, 302, 302, 302, 302, 200)),
    ("get", "/register/", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/register/?format=csv", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/register/?format=xlsx", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/register/?format=csv&what=scope", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/register/?kind=employer&format=xlsx&what=scope", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/register/{a_filing_no}/", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/register/NOSUCHNUMBER/", row(404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/accounts/login/", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/accounts/signup/", row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/accounts/logout/", row(405, 405, 405, 405, 405, 405, 405, 405)),
    ("post", "/accounts/logout/", row(302, 302, 302, 302, 302, 302, 302, 302)),
    ("get", "/registry/", row(LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/registry/filings/new/", row(LOGIN, 200, 200, 403, 403, 403, 403, 403)),
    ("get", "/registry/occupations/?q=焊工", row(LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/registry/filings/{p_app}/", row(LOGIN, 200, 404, 200, 404, 200, 404, 200)),
    ("get", "/registry/filings/{d_app}/", row(LOGIN, 200, 404, 404, 404, 200, 404, 200)),
    ("get", "/registry/filings/{d_app}/edit/", row(LOGIN, 200, 404, 404, 404, 403, 404, 403)),
    ("get", "/registry/filings/{p_app}/edit/", row(LOGIN, 403, 404, 403, 404, 403, 404, 403)),
    ("get", "/registry/filings/{d_app}/materials/", row(LOGIN, 405, 405, 405, 405, 405, 405, 405)),
    ("post", "/registry/filings/{d_app}/materials/", row(LOGIN, 302, 404, 404, 404, 302, 404, 302)),
    ("get", "/registry/filings/{d_app}/do/submit/", row(LOGIN, 200, 404, 404, 404, 403, 404, 403)),
    (
        "get",
        "/registry/filings/{p_app}/do/start_district_review/",
        row(LOGIN, 403, 404, 200, 404, 403, 404, 403),
    ),
    ("get", "/registry/filings/{p_app}/do/withdraw/", row(LOGIN, 200, 404, 403, 404, 403, 404, 403)),
    ("get", "/registry/filings/{p_app}/do/approve/", row(LOGIN, 403, 404, 403, 404, 403, 404, 403)),
    ("get", "/registry/filings/{p_app}/do/nonsense/", row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/registry/materials/{p_material}/", row(LOGIN, 200, 404, 200, 404, 200, 404, 200)),
    ("get", "/registry/materials/{d_material}/delete/", row(LOGIN, 405, 405, 405, 405, 405, 405, 405)),
    ("get", "/registry/bodies/", row(LOGIN, 302, 302, 200, 200, 200, 302, 200)),
    ("get", "/registry/bodies/{a_body}/", row(LOGIN, 200, 404, 200, 404, 200, 404, 200)),
    ("get", "/registry/bodies/{b_body}/", row(LOGIN, 404, 200, 404, 200, 200, 404, 200)),
    ("get", "/registry/bodies/{a_body}/apply/change/", row(LOGIN, 200, 404, 403, 404, 403, 404, 403)),
    ("get", "/registry/bodies/{a_body}/apply/renewal/", row(LOGIN, 403, 404, 403, 404, 403, 404, 403)),
    ("get", "/registry/bodies/{a_body}/do/suspend/", row(LOGIN, 403, 404, 403, 404, 200, 404, 403)),
    ("get", "/registry/bodies/{a_body}/managers/", row(LOGIN, 405, 405, 405, 405, 405, 405, 405)),
    ("post", "/registry/bodies/{a_body}/managers/", row(LOGIN, 302, 404, 403, 404, 302, 404, 403)),
    ("get", "/registry/bodies/{a_body}/do/reinstate/", row(LOGIN, 403, 404, 403, 404, 403, 404, 403)),
    ("get", "/registry/review/district/", row(LOGIN, 403, 403, 200, 200, 403, 403, 403)),
    ("get", "/registry/review/centre/", row(LOGIN, 403, 403, 403, 403, 200, 403, 403)),
    ("get", "/admin/", row(302, 302, 302, 302, 302, 302, 302, 200)),
]


@pytest.fixture
def world():
    base = base_world()
    users, body_a, body_b = base["users"], base["body_a"], base["body_b"]
    admin_a = users["admin_a"]
    pending = factories.draft_application(admin=admin_a)
    factories.advance(pending, "submitted")
    draft = factories.draft_application(admin=admin_a)
    ids = {
        "a_filing_no": body_a.filing_no,
        "a_body": body_a.pk,
        "b_body": body_b.pk,
        "p_app": pending.pk,
        "d_app": draft.pk,
        "p_material": Material.objects.filter(application=pending).first().pk,
        "d_material": Material.objects.filter(application=draft).first().pk,
    }
    return users, ids


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, world, role):
    """One role against every URL; a failure lists every mismatching URL at once."""
    users, ids = world
    assert mismatches(client, users, role, MATRIX, ids) == []


@pytest.mark.django_db
def test_matrix_covers_every_url_pattern(world):
    from django.urls import get_resolver, resolve

    def routes(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                yield from routes(entry, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    _users, ids = world
    covered = {resolve(url.format(**ids).split("?")[0]).route for _method, url, _expected in MATRIX}
    ours = {
        r
        for r in routes(get_resolver())
        if r.startswith(("registry/", "register/")) or r in ("", "accounts/signup/")
    }
    # A body's integrity record pages are in tests/integrity/test_permission_matrix.py, whose world
    # has entries, objections and repairs.
    ours = {r for r in ours if "/integrity/" not in r}
    assert ours - covered == set()

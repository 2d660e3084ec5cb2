"""Examiner URLs × every role → expected status. A body administrator never sees another body's people.

World: body A (filed, 渝中区, admin_a) recommended `pa` (certified examiner); body B (filed, 九龙坡区,
admin_b) recommended `pb` (applied). Session `sa` at body A has been staffed by a draw.
"""

import pytest

from examiners import services
from examiners import urls as examiners_urls
from examiners.draw import draw_session
from examiners.models import Certification
from registry.identifiers import resident_id
from tests import factories
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

EVERY_OFFICER_AND_ADMIN = row(LOGIN, 200, 200, 200, 200, 200, 403, 200)
CENTRE_ONLY = row(LOGIN, 403, 403, 403, 403, 200, 403, 403)
GET_ON_POST_ONLY = row(LOGIN, 405, 405, 405, 405, 405, 405, 405)

MATRIX = [
    ("get", "/examiners/", EVERY_OFFICER_AND_ADMIN),
    ("get", "/examiners/?format=csv", EVERY_OFFICER_AND_ADMIN),
    ("get", "/examiners/?format=xlsx", EVERY_OFFICER_AND_ADMIN),
    ("get", "/examiners/supervisors/", EVERY_OFFICER_AND_ADMIN),
    ("get", "/examiners/people/{pa}/", row(LOGIN, 200, 404, 200, 404, 200, 404, 200)),
    ("get", "/examiners/people/{pb}/", row(LOGIN, 404, 200, 404, 200, 200, 404, 200)),
    ("get", "/examiners/people/{pa}/relations/", GET_ON_POST_ONLY),
    ("post", "/examiners/people/{pa}/relations/", row(LOGIN, 403, 404, 403, 404, 302, 404, 403)),
    ("get", "/examiners/certifications/{pb_cert}/do/accept/", row(LOGIN, 404, 403, 404, 403, 200, 404, 403)),
    ("get", "/examiners/certifications/{pa_cert}/do/suspend/", row(LOGIN, 403, 404, 403, 404, 200, 404, 403)),
    (
        "get",
        "/examiners/certifications/{pb_cert}/do/nonsense/",
        row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
    ),
    ("get", "/examiners/certifications/{pb_cert}/result/", row(LOGIN, 404, 403, 404, 403, 200, 404, 403)),
    ("get", "/examiners/recommend/", row(LOGIN, 200, 200, 403, 403, 403, 403, 403)),
    ("get", "/examiners/recommendations/", row(LOGIN, 200, 200, 403, 403, 200, 403, 403)),
    ("get", "/examiners/results/", CENTRE_ONLY),
    ("get", "/examiners/results/template.xlsx", CENTRE_ONLY),
    ("get", "/examiners/results/template.csv", CENTRE_ONLY),
    ("get", "/examiners/results/errors.csv", CENTRE_ONLY),
    ("get", "/examiners/sessions/", EVERY_OFFICER_AND_ADMIN),
    ("get", "/examiners/sessions/new/", row(LOGIN, 200, 200, 403, 403, 403, 403, 403)),
    ("get", "/examiners/sessions/{sa}/", row(LOGIN, 200, 404, 200, 404, 200, 404, 200)),
    ("get", "/examiners/sessions/{sa}/draw/", GET_ON_POST_ONLY),
    ("post", "/examiners/sessions/{sa}/draw/", row(LOGIN, 403, 404, 403, 404, 302, 404, 403)),
    ("get", "/examiners/draws/{draw}/", row(LOGIN, 200, 404, 200, 404, 200, 404, 200)),
    ("get", "/examiners/assignments/{assignment}/decline/", GET_ON_POST_ONLY),
    ("post", "/examiners/assignments/{assignment}/decline/", row(LOGIN, 403, 404, 403, 404, 302, 404, 403)),
]


@pytest.fixture
def world():
    base = base_world()
    users, body_a, body_b = base["users"], base["body_a"], base["body_b"]
    admin_a, admin_b = users["admin_a"], users["admin_b"]
    centre = users["centre"]
    pa_cert = services.recommend(
        user=admin_a,
        body=body_a,
        name="甲考评员",
        id_number=resident_id(11),
        role="examiner",
        track="online",
        grade="senior_examiner",
        occupations=[factories.occupation()],
    )
    pb_cert = services.recommend(
        user=admin_b,
        body=body_b,
        name="乙考评员",
        id_number=resident_id(12),
        role="examiner",
        track="offline",
        grade="examiner",
        occupations=[factories.occupation()],
    )
    for _ in range(3):
        factories.certification()
    factories.certification(role="supervisor")
    session = factories.session(body=body_a)
    draw = draw_session(session=session, user=centre, seed=7)
    ids = {
        "pa": pa_cert.person_id,
        "pb": pb_cert.person_id,
        "pa_cert": pa_cert.pk,
        "pb_cert": pb_cert.pk,
        "sa": session.pk,
        "draw": draw.pk,
        "assignment": draw.assignments.first().pk,
    }
    # pa is certified so that "suspend" is a real option for the centre.
    Certification.objects.filter(pk=pa_cert.pk).update(status="certified", certificate_no="KP5020260099999")
    return users, ids


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, world, role):
    users, ids = world
    assert mismatches(client, users, role, MATRIX, ids, post_data={"reason": "另有安排"}) == []


@pytest.mark.django_db
def test_matrix_covers_every_examiners_url(world):
    from django.urls import resolve

    _users, ids = world
    covered = {resolve(url.format(**ids).split("?")[0]).route for _m, url, _e in MATRIX}
    # A person's integrity record pages are in tests/integrity/test_permission_matrix.py.
    ours = {
        f"examiners/{p.pattern}" for p in examiners_urls.urlpatterns if "/integrity/" not in str(p.pattern)
    }
    assert ours - covered == set()


@pytest.mark.django_db
def test_body_admin_never_sees_another_bodys_people(client, world):
    users, _ids = world
    client.force_login(users["admin_a"])
    for url in ("/examiners/", "/examiners/recommendations/", "/examiners/?format=csv"):
        text = client.get(url).content.decode("utf-8-sig")
        assert "甲考评员" in text, url
        assert "乙考评员" not in text, url


@pytest.mark.django_db
def test_ids_are_masked_except_for_the_centre(client, world):
    users, ids = world
    full = resident_id(11)
    masked = full[:4] + "*" * 10 + full[-4:]
    client.force_login(users["admin_a"])
    text = client.get(f"/examiners/people/{ids['pa']}/").content.decode()
    assert masked in text and full not in text
    client.force_login(users["centre"])
    assert full in client.get(f"/examiners/people/{ids['pa']}/").content.decode()

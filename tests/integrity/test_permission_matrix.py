"""Integrity URLs (integrity's own, and the record pages in registry and examiners) × every role.

World: body A (filed, 渝中区, admin_a) and body B (filed, 九龙坡区, admin_b). Body A has entry `ea` (with an
evidence file, an objection `oa` and a repair application `ra` waiting) and entry `ea2`; body B has
`eb` (no file). Person `pa` (examiner, recommended by A) has entry `epa`; `pb` (recommended by B) has
`epb`. Anything a role may not see answers 404; visible but not allowed answers 403.
"""

import pytest
from django.utils import timezone

from examiners import services as examiner_services
from integrity import services
from integrity import urls as integrity_urls
from registry.identifiers import resident_id
from tests import factories
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 200)
CENTRE_ONLY = row(LOGIN, 403, 403, 403, 403, 200, 403, 403)
NOT_FOUND = row(LOGIN, 404, 404, 404, 404, 404, 404, 404)
GET_ON_POST_ONLY = row(LOGIN, 405, 405, 405, 405, 405, 405, 405)
# Visibility of body A / person pa: admin_a, the district officer of 渝中区, centre and bureau.
SEES_A = row(LOGIN, 200, 404, 200, 404, 200, 404, 200)
SEES_B = row(LOGIN, 404, 200, 404, 200, 200, 404, 200)
CENTRE_POSTS_ON_A = row(LOGIN, 403, 404, 403, 404, 302, 404, 403)

TODAY = timezone.localdate().isoformat()
ENTRY = {"kind": "minor", "basis": "manual", "description": "现场检查发现问题", "occurred_on": TODAY}

# (method, url template, expected per role, POST data)
MATRIX = [
    # integrity's own pages
    ("get", "/integrity/public/", EVERYONE, None),
    ("get", "/integrity/public/?q=重庆", EVERYONE, None),
    ("get", "/integrity/public/?page=9", EVERYONE, None),
    ("get", "/integrity/objections/", CENTRE_ONLY, None),
    ("get", "/integrity/objections/{oa}/do/uphold/", CENTRE_ONLY, None),
    ("get", "/integrity/objections/{oa}/do/overturn/", CENTRE_ONLY, None),
    ("get", "/integrity/objections/{oa}/do/nonsense/", NOT_FOUND, None),
    ("get", "/integrity/objections/999999/do/uphold/", NOT_FOUND, None),
    ("get", "/integrity/repairs/", CENTRE_ONLY, None),
    ("get", "/integrity/repairs/{ra}/do/grant/", CENTRE_ONLY, None),
    ("get", "/integrity/repairs/{ra}/do/refuse/", CENTRE_ONLY, None),
    ("get", "/integrity/repairs/{ra}/do/nonsense/", NOT_FOUND, None),
    ("get", "/integrity/repairs/999999/do/grant/", NOT_FOUND, None),
    ("get", "/integrity/entries/{ea}/evidence/", CENTRE_ONLY, None),
    ("get", "/integrity/entries/{eb}/evidence/", row(LOGIN, 403, 403, 403, 403, 404, 403, 403), None),
    ("get", "/integrity/entries/999999/evidence/", row(LOGIN, 403, 403, 403, 403, 404, 403, 403), None),
    # a body's record
    ("get", "/registry/bodies/{a_body}/integrity/", SEES_A, None),
    ("get", "/registry/bodies/{b_body}/integrity/", SEES_B, None),
    ("post", "/registry/bodies/{a_body}/integrity/", CENTRE_POSTS_ON_A, ENTRY),
    ("get", "/registry/bodies/{a_body}/integrity/entries/{ea2}/objection/", GET_ON_POST_ONLY, None),
    ("get", "/registry/bodies/{a_body}/integrity/entries/{ea2}/repair/", GET_ON_POST_ONLY, None),
    (
        "post",
        "/registry/bodies/{a_body}/integrity/entries/{ea2}/objection/",
        row(LOGIN, 302, 404, 403, 404, 403, 404, 403),
        {"grounds": "记录有误"},
    ),
    (
        "post",
        "/registry/bodies/{a_body}/integrity/entries/{ea2}/repair/",
        row(LOGIN, 302, 404, 403, 404, 403, 404, 403),
        {"pledge": "守信承诺"},
    ),
    # an entry about another body, addressed through body A's page
    ("post", "/registry/bodies/{a_body}/integrity/entries/{eb}/objection/", NOT_FOUND, {"grounds": "x"}),
    ("post", "/registry/bodies/{a_body}/integrity/entries/{eb}/repair/", NOT_FOUND, {"pledge": "x"}),
    # a person's records
    ("get", "/examiners/people/{pa}/integrity/", SEES_A, None),
    ("get", "/examiners/people/{pb}/integrity/", SEES_B, None),
    ("post", "/examiners/people/{pa}/integrity/", CENTRE_POSTS_ON_A, {**ENTRY, "subject_type": "examiner"}),
    ("get", "/examiners/people/{pa}/integrity/entries/{epa}/objection/", GET_ON_POST_ONLY, None),
    ("get", "/examiners/people/{pa}/integrity/entries/{epa}/repair/", GET_ON_POST_ONLY, None),
    (
        "post",
        "/examiners/people/{pa}/integrity/entries/{epa}/objection/",
        CENTRE_POSTS_ON_A,
        {"grounds": "本人书面申诉"},
    ),
    (
        "post",
        "/examiners/people/{pa}/integrity/entries/{epa}/repair/",
        CENTRE_POSTS_ON_A,
        {"pledge": "本人守信承诺"},
    ),
    ("post", "/examiners/people/{pa}/integrity/entries/{epb}/objection/", NOT_FOUND, {"grounds": "x"}),
    ("post", "/examiners/people/{pa}/integrity/entries/{epb}/repair/", NOT_FOUND, {"pledge": "x"}),
    # decisions last: they move `oa` and `ra` out of the states the rows above rely on
    (
        "post",
        "/integrity/objections/{oa}/do/uphold/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403),
        {"reason": "证据确凿", "expected_status": "filed", "understood": "on"},
    ),
    (
        "post",
        "/integrity/repairs/{ra}/do/refuse/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403),
        {"reason": "整改未到位", "expected_status": "applied", "understood": "on"},
    ),
]


def minor(subject_type, subject_id, name, code, **extra):
    return services.record_entry(
        subject_type=subject_type,
        subject_id=subject_id,
        subject_name=name,
        subject_code=code,
        kind="minor",
        basis="inspection",
        description="考核现场未全程录像",
        occurred_on=timezone.localdate(),
        **extra,
    )


@pytest.fixture
def world():
    base = base_world()
    users, body_a, body_b = base["users"], base["body_a"], base["body_b"]
    admin_a, admin_b = users["admin_a"], users["admin_b"]
    centre = users["centre"]
    pa = examiner_services.recommend(
        user=admin_a,
        body=body_a,
        name="甲考评员",
        id_number=resident_id(21),
        role="examiner",
        track="online",
        grade="senior_examiner",
        occupations=[factories.occupation()],
    ).person
    pb = examiner_services.recommend(
        user=admin_b,
        body=body_b,
        name="乙考评员",
        id_number=resident_id(22),
        role="examiner",
        track="offline",
        grade="examiner",
        occupations=[factories.occupation()],
    ).person
    ea = minor(
        "body",
        body_a.pk,
        body_a.name,
        body_a.credit_code,
        recorded_by=centre,
        evidence_ref="inspection:1",
        evidence_file=factories.pdf_upload("evidence.pdf"),
    )
    ea2 = minor("body", body_a.pk, body_a.name, body_a.credit_code, recorded_by=centre)
    eb = minor("body", body_b.pk, body_b.name, body_b.credit_code, recorded_by=centre)
    epa = minor("examiner", pa.pk, pa.name, pa.id_number, recorded_by=centre)
    epb = minor("examiner", pb.pk, pb.name, pb.id_number, recorded_by=centre)
    oa = services.file_objection(entry=ea, user=admin_a, grounds="检查时录像设备已修复")
    ra = services.apply_for_repair(entry=ea, user=admin_a, pledge="今后严格执行录像制度")
    ids = {
        "a_body": body_a.pk,
        "b_body": body_b.pk,
        "pa": pa.pk,
        "pb": pb.pk,
        "ea": ea.pk,
        "ea2": ea2.pk,
        "eb": eb.pk,
        "epa": epa.pk,
        "epb": epb.pk,
        "oa": oa.pk,
        "ra": ra.pk,
    }
    return users, ids


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, world, role):
    """One role against every URL; a failure lists every mismatching URL at once."""
    users, ids = world
    assert mismatches(client, users, role, MATRIX, ids) == []


@pytest.mark.django_db
def test_matrix_covers_every_integrity_url(world):
    """Every route of integrity/urls.py, and every integrity route of the other apps, is in the matrix."""
    from django.urls import get_resolver, resolve

    def routes(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                yield from routes(entry, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    _users, ids = world
    covered = {resolve(url.format(**ids).split("?")[0]).route for _m, url, _e, _d in MATRIX}
    ours = {f"integrity/{p.pattern}" for p in integrity_urls.urlpatterns}
    ours |= {r for r in routes(get_resolver()) if "integrity/" in r and not r.startswith("admin/")}
    assert ours - covered == set()

"""Specifications' URLs (specifications/urls.py at /specifications/) × every role of tests/matrix.py, plus
an expert appointed to the versions below (`expert_in`) and one who is not (`expert_out`).

World: body A (admin_a) and body B (admin_b) as in tests/matrix.py. Versions: `v_prop_a` (proposed by
admin_a for body A, three experts appointed, expert_in among them), `v_ret_a` (body A's, returned),
`v_argued` and `v_review` (the centre's, in argument and under review; expert_in appointed, on the
panel), `v_ret_c` (the centre's, returned), `v_pub` (the centre's, published, with opinions, votes and the
filing; expert_in appointed). Anything a role may not see answers 404; seen but not allowed, 403. The
published specification and its public pages are everyone's; opinions, votes and drafts are not.
"""

import pytest
from django.urls import get_resolver, resolve

from specifications import urls as specifications_urls
from specifications.services import appoint_experts
from tests import factories
from tests.matrix import LOGIN, ROLES, base_world, mismatches

pytestmark = pytest.mark.django_db

ALL_ROLES = [*ROLES, "expert_in", "expert_out"]


def row(*codes: int) -> dict[str, int]:
    """anon, admin_a, admin_b, district_same, district_other, centre, supervisor, bureau, expert_in,
    expert_out."""
    return dict(zip(ALL_ROLES, codes, strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = row(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200)
NOT_FOUND = row(LOGIN, 404, 404, 404, 404, 404, 404, 404, 404, 404)
PROPOSERS = row(LOGIN, 200, 200, 403, 403, 200, 403, 403, 403, 403)
MINE = row(LOGIN, 200, 200, 403, 403, 200, 403, 403, 200, 200)
SEES_PROP_A = row(LOGIN, 200, 404, 404, 404, 200, 404, 200, 200, 404)
CENTRE_ON_PUB = row(LOGIN, 403, 403, 403, 403, 200, 403, 403, 403, 403)
CENTRE_AND_BUREAU_ON_PUB = row(LOGIN, 403, 403, 403, 403, 200, 403, 200, 403, 403)
WORKINGS_OF_PUB = row(LOGIN, 403, 403, 403, 403, 200, 403, 200, 200, 403)
# versions only the centre, the bureau and expert_in see (the centre's, unpublished)
CENTRE_ON_APPOINTED = row(LOGIN, 404, 404, 404, 404, 200, 404, 403, 403, 404)
EXPERT_ON_APPOINTED = row(LOGIN, 404, 404, 404, 404, 403, 404, 403, 200, 404)
CENTRE_ON_PROP_A = row(LOGIN, 403, 404, 404, 404, 200, 404, 403, 403, 404)
ADMIN_ON_PROP_A = row(LOGIN, 200, 404, 404, 404, 403, 404, 403, 403, 404)
RET_A = row(LOGIN, 200, 404, 404, 404, 403, 404, 403, 404, 404)  # body A's returned version: resubmit, edit
RET_C = row(LOGIN, 404, 404, 404, 404, 200, 404, 403, 404, 404)  # the centre's returned version

MATRIX = [
    ("get", "/specifications/", SIGNED_IN),
    ("get", "/specifications/?status=published&q=CQZX", SIGNED_IN),
    ("get", "/specifications/mine/", MINE),
    ("get", "/specifications/mine/?todo=opinion", MINE),
    ("get", "/specifications/propose/", PROPOSERS),
    ("post", "/specifications/propose/", PROPOSERS, {"name": ""}),  # refused by the form, shown again
    ("get", "/specifications/public/", EVERYONE),
    ("get", "/specifications/public/?q=面点", EVERYONE),
    ("get", "/specifications/public/{code_pub}/", EVERYONE),
    ("get", "/specifications/public/{code_prop_a}/", row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/specifications/{spec_pub}/", SIGNED_IN),
    ("get", "/specifications/{spec_prop_a}/", SEES_PROP_A),
    ("get", "/specifications/{spec_pub}/revise/", PROPOSERS),
    ("get", "/specifications/{spec_prop_a}/revise/", NOT_FOUND),  # nothing published to revise
    ("get", "/specifications/versions/{v_pub}/", SIGNED_IN),
    ("get", "/specifications/versions/{v_prop_a}/", SEES_PROP_A),
    ("get", "/specifications/versions/{v_argued}/", row(LOGIN, 404, 404, 404, 404, 200, 404, 200, 200, 404)),
    ("get", "/specifications/versions/{v_prop_a}/edit/", ADMIN_ON_PROP_A),
    ("get", "/specifications/versions/{v_ret_c}/edit/", RET_C),
    (
        "get",
        "/specifications/versions/{v_pub}/edit/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403, 403, 403),
    ),
    ("get", "/specifications/versions/{v_prop_a}/draft/", SEES_PROP_A),
    ("get", "/specifications/versions/{v_pub}/draft/", WORKINGS_OF_PUB),
    ("get", "/specifications/versions/{v_pub}/records/argument.pdf", CENTRE_AND_BUREAU_ON_PUB),
    ("get", "/specifications/versions/{v_pub}/records/review.pdf", CENTRE_AND_BUREAU_ON_PUB),
    ("get", "/specifications/versions/{v_pub}/records/filing.pdf", CENTRE_AND_BUREAU_ON_PUB),
    (
        "get",
        "/specifications/versions/{v_pub}/records/other.pdf",
        row(LOGIN, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    (
        "get",
        "/specifications/versions/{v_argued}/records/filing.pdf",
        row(LOGIN, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    ),
    ("get", "/specifications/versions/{v_prop_a}/experts/", CENTRE_ON_PROP_A),
    (
        "get",
        "/specifications/versions/{v_pub}/experts/",
        row(LOGIN, 403, 403, 403, 403, 302, 403, 403, 403, 403),
    ),
    ("get", "/specifications/versions/{v_argued}/panel/", CENTRE_ON_APPOINTED),
    ("get", "/specifications/versions/{v_argued}/opinion/", EXPERT_ON_APPOINTED),
    ("get", "/specifications/versions/{v_review}/vote/", EXPERT_ON_APPOINTED),
    ("get", "/specifications/versions/{v_review}/close-voting/", CENTRE_ON_APPOINTED),
    ("get", "/specifications/versions/{v_prop_a}/do/start_argument/", CENTRE_ON_PROP_A),
    ("get", "/specifications/versions/{v_prop_a}/do/reject/", CENTRE_ON_PROP_A),
    (
        "get",
        "/specifications/versions/{v_prop_a}/do/unknown/",
        row(LOGIN, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    ("get", "/specifications/versions/{v_ret_a}/do/resubmit/", RET_A),
    ("get", "/specifications/versions/{v_ret_a}/edit/", RET_A),
    ("get", "/specifications/versions/{v_pub}/do/retire/", CENTRE_ON_PUB),
    # writes last: each changes the world for the rows after it
    (
        "post",
        "/specifications/versions/{v_argued}/opinion/",
        row(LOGIN, 404, 404, 404, 404, 403, 404, 403, 302, 404),
        {"verdict": "agree", "text": "同意开发。", "expected_status": "argued"},
    ),
    (
        "post",
        "/specifications/versions/{v_review}/vote/",
        row(LOGIN, 404, 404, 404, 404, 403, 404, 403, 302, 404),
        {"decision": "pass", "comment": "同意。", "expected_status": "under_review"},
    ),
    (
        "post",
        "/specifications/versions/{v_prop_a}/do/start_argument/",
        row(LOGIN, 403, 404, 404, 404, 302, 404, 403, 403, 404),
        {"expected_status": "proposed"},
    ),
]


@pytest.fixture
def world():
    base = base_world()
    users = base["users"]
    expert_in, expert_out = factories.expert(username="expert_in"), factories.expert(username="expert_out")
    users |= {"expert_in": expert_in, "expert_out": expert_out}
    centre = factories.centre_officer()  # the matrix centre officer's colleague runs the workflow
    others = [factories.expert() for _ in range(2)]
    panel = [expert_in, *others]

    v_prop_a = factories.proposed_specification(
        user=users["admin_a"], body=base["body_a"], name="中式面点制作"
    )
    appoint_experts(version=v_prop_a, user=centre, experts=panel)
    v_ret_a, _c, _e = factories.specification_in(
        "returned",
        version=factories.proposed_specification(user=users["admin_a"], body=base["body_a"]),
        centre=centre,
    )
    v_argued, _c, _e = factories.specification_in("argued", centre=centre, experts=panel)
    v_review, _c, _e = factories.specification_in("under_review", centre=centre, experts=panel)
    v_ret_c, _c, _e = factories.specification_in("returned", centre=centre)
    v_pub, _c, _e = factories.specification_in("published", centre=centre, experts=panel)
    ids = {
        "v_prop_a": v_prop_a.pk,
        "v_ret_a": v_ret_a.pk,
        "v_argued": v_argued.pk,
        "v_review": v_review.pk,
        "v_ret_c": v_ret_c.pk,
        "v_pub": v_pub.pk,
        "spec_pub": v_pub.specification_id,
        "spec_prop_a": v_prop_a.specification_id,
        "code_pub": v_pub.specification.code,
        "code_prop_a": v_prop_a.specification.code,
    }
    return users, ids


@pytest.mark.parametrize("role", ALL_ROLES)
def test_status_for_every_url(client, world, role):
    """One role against every URL; a failure lists every mismatching URL at once."""
    users, ids = world
    assert mismatches(client, users, role, MATRIX, ids) == []


def routes(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if hasattr(entry, "url_patterns"):
            yield from routes(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def test_the_matrix_covers_every_specifications_url(world):
    _users, ids = world
    covered = {resolve(url.format(**ids).split("?")[0]).route for _m, url, *_rest in MATRIX}
    ours = {f"specifications/{p.pattern}" for p in specifications_urls.urlpatterns}
    assert ours <= set(routes(get_resolver()))  # mounted where the matrix expects them
    assert ours - covered == set()


def test_the_anonymous_visitor_is_sent_to_the_login_page_except_on_public_pages(client, world):
    _users, ids = world
    for method, url, expected, *_rest in MATRIX:
        response = getattr(client, method)(url.format(**ids))
        if expected["anon"] == LOGIN:
            assert response.url.startswith("/accounts/login/?next=/specifications/"), url
        else:
            assert url.startswith("/specifications/public/"), url


def test_the_lists_hold_only_what_the_role_may_see(client, world):
    users, ids = world
    client.force_login(users["expert_out"])
    listed = {s.pk for s in client.get("/specifications/").context["page"]}
    assert listed == {ids["spec_pub"]}
    client.force_login(users["expert_in"])
    listed = {v.pk for v in client.get("/specifications/mine/").context["page"]}
    assert listed == {ids[k] for k in ("v_prop_a", "v_argued", "v_review", "v_pub")}
    todo = {v.pk for v in client.get("/specifications/mine/?todo=vote").context["page"]}
    assert todo == {ids["v_review"]}
    client.force_login(users["admin_b"])
    page = client.get(f"/specifications/versions/{ids['v_pub']}/").content.decode()
    assert "expert_in" not in page and "评审意见" not in page  # no experts' names or votes for the public

"""Role × URL → status for the jobs pages: a job is seen by its owner and by centre officers, retried by
its owner only; everyone else gets 404 (they do not learn it exists)."""

import pytest
from django.urls import get_resolver, resolve

from jobs import urls as jobs_urls
from jobs.models import Job
from tests.matrix import LOGIN, ROLES, base_world, mismatches, row

OWN_AND_CENTRE = row(LOGIN, 200, 404, 404, 404, 200, 404, 404)
ANY_USER = row(LOGIN, 200, 200, 200, 200, 200, 200, 200)

MATRIX = [
    ("get", "/jobs/", ANY_USER),
    ("get", "/jobs/{done}/", OWN_AND_CENTRE),
    ("get", "/jobs/{done}/status/", OWN_AND_CENTRE),
    ("get", "/jobs/{done}/result/", row(LOGIN, 200, 404, 404, 404, 200, 404, 404)),
    ("get", "/jobs/{failed}/result/", row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),  # no file
    ("get", "/jobs/{failed}/retry/", row(LOGIN, 405, 405, 405, 405, 405, 405, 405)),
    # the owner's retry runs a new job; the centre sees the job but may not rerun another's
    ("post", "/jobs/{failed}/retry/", row(LOGIN, 302, 404, 404, 404, 403, 404, 404)),
    ("get", "/jobs/999999/", row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
]


@pytest.fixture
def world(db, settings):
    from jobs.services import result_path

    world = base_world()
    owner = world["users"]["admin_a"]
    done = Job.objects.create(kind="registry_export", owner=owner, status="done")
    path = result_path(done, "registry.zip")
    path.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    Job.objects.filter(pk=done.pk).update(
        result_file=str(path.relative_to(settings.MEDIA_ROOT)), result_name="r.zip"
    )
    failed = Job.objects.create(kind="roster_import", owner=owner, status="failed", error="x", params={})
    return world["users"], {"done": done.pk, "failed": failed.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_url(client, world, role, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # retries queue
    users, ids = world
    assert mismatches(client, users, role, MATRIX, ids) == []


@pytest.mark.django_db
def test_matrix_covers_every_jobs_url(world):
    _users, ids = world
    covered = {resolve(url.format(**ids)).route for _m, url, _e in MATRIX}
    ours = {f"jobs/{p.pattern}" for p in jobs_urls.urlpatterns}
    assert ours <= {
        str(p.pattern) + str(q.pattern)
        for p in get_resolver().url_patterns
        if hasattr(p, "url_patterns")
        for q in p.url_patterns
    }
    assert ours - covered == set()

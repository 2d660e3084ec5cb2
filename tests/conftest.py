import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "zh-hans"


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def catalogues(transactional_db):
    """The data migrations' rows (districts, occupations, role groups) for transactional tests.

    A transactional test ends with a flush that empties every table; pytest-django runs those tests
    after the others, so each one reloads the catalogues with the migrations' own (idempotent) loaders.
    """
    from django.contrib.auth.models import Group

    from accounts.roles import Role
    from registry.catalogues import OCCUPATIONS_CSV, load_districts, read_occupations, upsert_occupations
    from registry.models import District, Occupation

    load_districts(District)
    upsert_occupations(Occupation, read_occupations(OCCUPATIONS_CSV))
    for role in Role.values:
        Group.objects.get_or_create(name=role)

import os

import pytest

# Browser (Playwright) fixtures: Playwright cannot download its own browsers here, so the tests drive
# Debian's Chromium. Where it is missing browser tests are skipped, except on CI (CI set), where they fail.

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "zh-hans"
    # Jobs run inside the call that enqueues them; the browser test of jobs starts a real worker instead.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


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


CHROMIUM = "/usr/bin/chromium"


def _require_chromium() -> None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return
    message = f"{CHROMIUM} not found: browser tests need Debian's chromium package"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Ask for Simplified Chinese like a user in Chongqing would; LocaleMiddleware maps zh-CN to zh-hans.
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _browser_tests_need_chromium(request):
    """Skip (or, on CI, fail) a test marked `browser` before it sets up data, if Chromium is missing."""
    if request.node.get_closest_marker("browser"):
        _require_chromium()

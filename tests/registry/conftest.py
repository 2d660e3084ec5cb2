"""Browser (Playwright) fixtures for the end-to-end tests in this package.

Playwright's own browser builds cannot be downloaded here, so the tests drive Debian's Chromium.
Where it is missing the browser tests are skipped, except on CI (env var CI set), where they fail.
"""

import os

import pytest

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

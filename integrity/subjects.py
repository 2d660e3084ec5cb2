"""Where a subject's record page lives, so integrity's own pages (queues) can link to it.

integrity imports nothing from the other apps: each app that owns a kind of subject registers here (in
its AppConfig.ready) a function `url(subject_id) -> str`, the same way it registers its consequences.
"""

from collections.abc import Callable

_pages: dict[str, Callable[[int], str]] = {}


def register(subject_type: str, url: Callable[[int], str]) -> None:
    _pages[subject_type] = url


def record_url(subject_type: str, subject_id: int) -> str:
    """The subject's record page, or "" when no app has registered one for its type."""
    url = _pages.get(subject_type)
    return url(subject_id) if url is not None else ""

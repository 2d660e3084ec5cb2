"""Where a subject's record page lives (so integrity's own pages can link to it), and who the subject's
people are (so decisions on its record reach them).

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


# Who hears about decisions on a subject's record (an objection or a credit repair decided): each app
# registers `people(subject_id) -> list of users` for its subject types — a body's administrators, a
# person's own account.
_people: dict[str, Callable[[int], list]] = {}


def register_people(subject_type: str, people: Callable[[int], list]) -> None:
    _people[subject_type] = people


def people_of(subject_type: str, subject_id: int) -> list:
    """The users to tell about the subject's record; [] when no app has registered its type."""
    people = _people.get(subject_type)
    return list(people(subject_id)) if people is not None else []

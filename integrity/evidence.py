"""How an entry's evidence reference ("audits.finding:14") reads on screen.

Entries written by the apps' services point at their basis as "<app>.<model>:<pk>". integrity imports
nothing from those apps, so each registers here (in its AppConfig.ready) a resolver for its prefix:
`resolver(pk, user) -> Evidence | None`, giving a readable label and, when `user` may open it, a link.
A reference no app resolves (one an officer typed, a document number) is shown as it was written.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str = ""


_resolvers: dict[str, Callable[[int, object], Evidence | None]] = {}


def register(prefix: str, resolver: Callable[[int, object], Evidence | None]) -> None:
    _resolvers[prefix] = resolver


def shown(ref: str, user) -> Evidence:
    """The label (and, where `user` may follow it, the link) of evidence reference `ref`."""
    prefix, _sep, key = ref.partition(":")
    resolver = _resolvers.get(prefix)
    if resolver is not None and key.isdigit():
        found = resolver(int(key), user)
        if found is not None:
            return found
    return Evidence(label=ref)

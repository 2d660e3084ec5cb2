"""Facts other apps add to bodies' public register entries, without the registry importing them.

An app registers a provider in its AppConfig.ready(); a provider takes a list of bodies and returns
{body id: [(label, value), ...]}. The register pages show them after the registry's own facts
(domain.md §5: the register shows each body's latest evaluation grade, which the audits app owns).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

Provider = Callable[[list], dict[int, list[tuple[str, str]]]]
_providers: list[Provider] = []


def add_register_facts(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def register_facts(bodies: Iterable) -> dict[int, list[tuple[str, str]]]:
    bodies = list(bodies)
    facts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for provider in _providers:
        for body_id, rows in provider(bodies).items():
            facts[body_id].extend(rows)
    return facts


def attach_register_facts(bodies: Iterable) -> None:
    """Set `.register_facts` on each body, for templates."""
    bodies = list(bodies)
    facts = register_facts(bodies)
    for body in bodies:
        body.register_facts = facts.get(body.pk, [])

"""Who acts on a subject when its record changes.

integrity imports nothing from the other apps, so each app that owns a kind of subject registers here
(in its AppConfig.ready) one function that brings its own state machine in line with the record:
`handler(subject_id, *, by)` — suspend or reinstate, put into or out of rectification. integrity's
services call `apply` explicitly after every change to a record, never through signals.
"""

from collections.abc import Callable

_handlers: dict[str, Callable] = {}


def register(subject_type: str, handler: Callable) -> None:
    _handlers[subject_type] = handler


def apply(subject_type: str, subject_id: int, *, by=None) -> None:
    handler = _handlers.get(subject_type)
    if handler is not None:
        handler(subject_id, by=by)

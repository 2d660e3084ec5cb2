"""The kinds of job, registered by the apps that own them (in their AppConfig.ready()): jobs imports no
domain app. A kind names its runner, who may start (and retry) it, and the words for its phases."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Outcome:
    """What a finished run leaves: a line for its page, a link (e.g. to an imported roster's hits), a file."""

    summary: str = ""
    url: str = ""
    url_label: str = ""
    file: Path | None = None
    file_name: str = ""


class JobFailed(Exception):
    """A runner's clean refusal: `message` is shown on the job's page; a link (`url`) or a file (under
    MEDIA_ROOT) may go with it, e.g. the list of a refused file's problems."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | None = None,
        file_name: str = "",
        url: str = "",
        url_label: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.outcome = Outcome(file=file, file_name=file_name, url=url, url_label=url_label)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    # run(job, progress) -> Outcome; raises JobFailed (or anything else) to fail the job.
    run: Callable
    # may_start(user) -> bool: who may start it, and retry a failed run of it.
    may_start: Callable
    phases: dict[str, str] = field(default_factory=dict)


_kinds: dict[str, Kind] = {}


def register(name: str, *, label, run: Callable, may_start: Callable, phases: dict | None = None) -> Kind:
    kind = Kind(name=name, label=label, run=run, may_start=may_start, phases=dict(phases or {}))
    _kinds[name] = kind
    return kind


def get(name: str) -> Kind:
    """The kind of that name; KeyError for one no app registered."""
    return _kinds[name]


def all_kinds() -> dict[str, Kind]:
    return dict(_kinds)


def label_of(name: str) -> str:
    kind = _kinds.get(name)
    return str(kind.label) if kind else name


def phase_label(name: str, phase: str) -> str:
    kind = _kinds.get(name)
    return str(kind.phases.get(phase, phase)) if kind else phase

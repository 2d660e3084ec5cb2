"""Who hears of a finished job: apps register a callable (e.g. to notify the job's owner) in their
AppConfig.ready(); each is called once per finish, done or failed, after the job's state is saved."""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_finished: list[Callable] = []


def on_finished(callback: Callable) -> Callable:
    """Register `callback(job)`; registering the same callable twice keeps one. Usable as a decorator."""
    if callback not in _finished:
        _finished.append(callback)
    return callback


def finished(job) -> None:
    """Tell every registered callable that `job` finished. One that raises is logged and skipped:
    a notification that cannot be sent must not undo the job."""
    for callback in list(_finished):
        try:
            callback(job)
        except Exception:
            logger.exception("on_finished hook %r failed for job %s", callback, job.pk)

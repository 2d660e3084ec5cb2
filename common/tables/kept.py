"""Error reports kept on disk for their download link, and deleted ERROR_REPORT_KEEP_DAYS later.

They live in the folders named by ERROR_REPORT_FOLDERS under MEDIA_ROOT; keeping one anywhere else is
refused, so that `purge_error_reports` (daily) sees every one.
"""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,120}\.(csv|xlsx)")


def _folder(folder: str) -> Path:
    if folder not in settings.ERROR_REPORT_FOLDERS:
        raise ValueError(f"{folder!r} is not in ERROR_REPORT_FOLDERS")
    return Path(settings.MEDIA_ROOT) / folder


def keep(folder: str, name: str, content: bytes) -> Path:
    """Store a report as `name` in `folder` (one of ERROR_REPORT_FOLDERS)."""
    if not NAME.fullmatch(name):
        raise ValueError(f"bad report name {name!r}")
    path = _folder(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def kept(folder: str, name: str) -> Path | None:
    """The stored report, or None when the name is malformed, never kept or already purged."""
    if not NAME.fullmatch(name):
        return None
    path = _folder(folder) / name
    return path if path.is_file() else None


def purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the reports older than ERROR_REPORT_KEEP_DAYS; returns how many. Safe to run again."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ERROR_REPORT_KEEP_DAYS)
    deleted = 0
    for folder in settings.ERROR_REPORT_FOLDERS:
        root = Path(settings.MEDIA_ROOT) / folder
        if not root.is_dir():
            continue
        for path in root.iterdir():
            if not path.is_file():
                continue
            modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
            if modified < cutoff:
                path.unlink(missing_ok=True)
                deleted += 1
    return deleted

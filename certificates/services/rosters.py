"""Importing a result roster (考核结果, domain.md §3.7): checked whole, stored in one transaction, audited.

A file with any structural problem is refused with every problem listed (RosterRefused) and stores
nothing. Otherwise its rows not already stored are written in bulk, rows reported after their deadline
are counted as a warning, and the audit (certificates.services.audit) runs over the new roster.
"""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_body_admin, is_centre
from certificates.models import Roster
from certificates.rosters import store
from certificates.rosters.parse import ParsedRoster, RosterRefused, RowError, parse_roster
from certificates.services import audit as audit_service
from common.tables import errors_csv
from registry.models.filing import add_working_days
from registry.selectors import administered_body_ids

__all__ = [
    "ImportOutcome",
    "RosterRefused",
    "RowError",
    "errors_csv",
    "import_roster",
    "rows_late",
    "store_roster",
]


@dataclass
class ImportOutcome:
    roster: Roster
    rows_read: int
    rows_stored: int
    rows_skipped: int  # already stored, or repeated within the file
    rows_late: int  # stored rows reported after their deadline: a warning, not an error
    audit: audit_service.AuditOutcome


class _Silent:
    def phase(self, phase: str, *, total: int | None = None, done: int = 0) -> None:
        pass

    def rows(self, done: int) -> None:
        pass


def import_roster(*, user, data: bytes, filename: str, progress=None) -> ImportOutcome:
    """Check a roster file and, if it has no structural problem, store its new rows and audit them.

    `progress` (a job's, see jobs.services.Progress) hears the phases — reading, storing (rows written),
    auditing. Storing and auditing are one transaction: an exception anywhere in them stores nothing."""
    progress = progress or _Silent()
    body_ids = _reportable_body_ids(user)
    progress.phase("reading")
    parsed = parse_roster(data, filename=filename, body_ids=body_ids)
    progress.phase("storing", total=parsed.rows_read)
    # One transaction: an imported roster is always an audited one, and (PostgreSQL) the import lock
    # keeps a concurrent import from storing or auditing the same rows at the same time.
    with transaction.atomic():
        roster = store_roster(parsed=parsed, user=user, data=data, filename=filename, on_rows=progress.rows)
        del parsed  # the audit reads the stored rows back; the file's frame can go first
        _release_memory()
        progress.phase("auditing", total=roster.rows_read, done=roster.rows_read)
        audited = audit_service.audit(roster=roster)
    return ImportOutcome(
        roster=roster,
        rows_read=roster.rows_read,
        rows_stored=roster.rows_stored,
        rows_skipped=roster.rows_read - roster.rows_stored,
        rows_late=roster.rows_late,
        audit=audited,
    )


@transaction.atomic
def store_roster(*, parsed: ParsedRoster, user, data: bytes, filename: str, on_rows=None) -> Roster:
    """A new Roster holding the checked rows not already stored (by row key), written in bulk."""
    store.lock()
    frame = parsed.frame
    keep = store.new_rows(frame)
    bodies = frame["body_id"].unique()
    roster = Roster.objects.create(
        original_name=Path(filename).name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        body_id=int(bodies[0]) if len(bodies) == 1 else None,
        uploaded_by=user,
        rows_read=parsed.rows_read,
        rows_stored=int(keep.sum()),
        rows_late=rows_late(
            frame[["exam_date", "body_id"]][keep], parsed.body_kinds, today=timezone.localdate()
        ),
    )
    store.insert(frame, keep=keep, roster_id=roster.pk, on_rows=on_rows)
    return roster


def _release_memory() -> None:
    """Hand the parsed file's memory back before the audit allocates its own: pyarrow keeps freed
    buffers in its pool, where pandas' allocations cannot reuse them, so a 1M-row import would
    otherwise peak at the sum of both phases."""
    import gc

    import pyarrow

    gc.collect()
    pyarrow.default_memory_pool().release_unused()


def _reportable_body_ids(user) -> set[int] | None:
    """None: any body (the centre); else the bodies a body administrator administers."""
    if is_centre(user):
        return None
    if is_body_admin(user):
        return set(administered_body_ids(user).values_list("content_object_id", flat=True))
    raise PermissionDenied(_("You may not import result rosters."))


def rows_late(frame: pd.DataFrame, body_kinds: dict[int, str], *, today: datetime.date) -> int:
    """Rows whose exam was more than RESULT_REPORT_WORKING_DAYS (by body kind) working days before today."""
    if frame.empty:
        return 0
    days = settings.RESULT_REPORT_WORKING_DAYS
    groups = frame.groupby([frame["exam_date"], frame["body_id"].map(body_kinds)]).size()
    return int(
        sum(
            count
            for (exam, kind), count in groups.items()
            if add_working_days(exam.date(), days[kind]) < today
        )
    )

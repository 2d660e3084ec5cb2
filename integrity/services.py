"""The integrity service other apps call: record an entry; ask "score?" and "blacklisted?".

This app imports nothing from the others: a subject is (type, id, name, code). Consequences for the
subject (suspension, rectification, exclusion from the draw) are applied by the subject's own app,
which calls these functions and then its own state machine.
"""

import datetime
import hashlib

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.uploads import check_document
from integrity import chain
from integrity.models import Entry, EntryKind, LinkKind


def windows(kind: str, occurred_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(credit repair possible from, published until) for an entry of `kind` that occurred on a date."""
    minimum, maximum = settings.INTEGRITY_WINDOWS_MONTHS[kind]
    return occurred_on + relativedelta(months=minimum), occurred_on + relativedelta(months=maximum)


@transaction.atomic
def record_entry(
    *,
    subject_type: str,
    subject_id: int,
    subject_name: str,
    subject_code: str = "",
    kind: str,
    basis: str,
    description: str,
    occurred_on: datetime.date,
    recorded_by=None,
    points: int | None = None,
    evidence_ref: str = "",
    evidence_file: UploadedFile | None = None,
    corrects: Entry | None = None,
) -> Entry:
    """Append an entry to the subject's chain. Entries are never edited; a correction is a new entry."""
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("Unknown kind of entry.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what happened.")})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    if corrects is not None and (corrects.subject_type, corrects.subject_id) != (subject_type, subject_id):
        raise ValidationError(_("A correction must concern the same subject."))
    evidence_sha256 = ""
    if evidence_file is not None:
        check_document(evidence_file)
        evidence_file.seek(0)
        evidence_sha256 = hashlib.sha256(evidence_file.read()).hexdigest()
        evidence_file.seek(0)
    repairable_from, published_until = windows(kind, occurred_on)
    entry = Entry(
        subject_type=subject_type,
        subject_id=subject_id,
        subject_name=subject_name,
        subject_code=subject_code,
        kind=kind,
        points=settings.INTEGRITY_POINTS[kind] if points is None else points,
        basis=basis,
        evidence_ref=evidence_ref,
        evidence_sha256=evidence_sha256,
        description=description.strip(),
        occurred_on=occurred_on,
        published_until=published_until,
        repairable_from=repairable_from,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
        corrects=corrects,
    )
    values = {f: getattr(entry, f) for f in Entry.HASHED_FIELDS}
    entry.link = chain.append(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=LinkKind.ENTRY,
        payload=chain.entry_payload(values),
    )
    if evidence_file is not None:
        entry.evidence_file.save(f"{evidence_sha256[:16]}", evidence_file, save=False)
    entry.save()
    return entry


def active_entries(subject_type: str, subject_id: int | None = None, *, day: datetime.date | None = None):
    """Entries in force on `day`: within their window, not lifted by repair, objection or correction."""
    day = day or timezone.localdate()
    qs = Entry.objects.filter(
        subject_type=subject_type, lifted_on__isnull=True, occurred_on__lte=day, published_until__gte=day
    )
    return qs if subject_id is None else qs.filter(subject_id=subject_id)


def score(subject_type: str, subject_id: int, *, day: datetime.date | None = None) -> int:
    """100 plus the points of the active entries, clamped to 0–100."""
    total = active_entries(subject_type, subject_id, day=day).aggregate(total=Sum("points"))["total"] or 0
    return max(0, min(100, 100 + total))


def is_blacklisted(subject_type: str, subject_id: int, *, day: datetime.date | None = None) -> bool:
    """An active serious entry puts the subject on the 失信 list: no draw, no recommending, no filing."""
    return active_entries(subject_type, subject_id, day=day).filter(kind=EntryKind.SERIOUS).exists()


def blacklisted_ids(subject_type: str | list[str], *, day: datetime.date | None = None) -> set[int]:
    """Every blacklisted subject of a type (or types), in one query: for the draw and for lists."""
    types = [subject_type] if isinstance(subject_type, str) else subject_type
    day = day or timezone.localdate()
    qs = Entry.objects.filter(
        Q(subject_type__in=types),
        kind=EntryKind.SERIOUS,
        lifted_on__isnull=True,
        occurred_on__lte=day,
        published_until__gte=day,
    )
    return set(qs.values_list("subject_id", flat=True))

"""Reads for integrity pages: one subject's record, the public 失信 list and the centre's queues."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from integrity import services
from integrity.models import (
    Entry,
    EntryKind,
    Objection,
    ObjectionStatus,
    Repair,
    RepairStatus,
    SubjectType,
)


@dataclass(frozen=True)
class Record:
    """A subject's record as a page shows it: score, blacklist flag, entries newest first."""

    subject_type: str
    subject_id: int
    score: int
    blacklisted: bool
    entries: list[Entry]

    @property
    def subject_label(self) -> str:
        return SubjectType(self.subject_type).label

    @property
    def below_threshold(self) -> bool:
        return self.score < settings.INTEGRITY_SCORE_THRESHOLD


def objection_deadline(entry: Entry) -> datetime.date:
    """The last day an objection may be filed (the service enforces it; pages only show it)."""
    return timezone.localtime(entry.recorded_at).date() + datetime.timedelta(
        days=settings.INTEGRITY_OBJECTION_DAYS
    )


def record_for(subject_type: str, subject_id: int, *, day: datetime.date | None = None) -> Record:
    """Every entry of one subject with its objections and repairs, and what the page may offer on each."""
    day = day or timezone.localdate()
    entries = list(
        Entry.objects.for_subject(subject_type, subject_id)
        .select_related("recorded_by__profile", "corrects")
        .prefetch_related(
            Prefetch(
                "objections",
                queryset=Objection.objects.select_related("filed_by__profile", "decided_by__profile"),
            ),
            Prefetch(
                "repairs",
                queryset=Repair.objects.select_related("applied_by__profile", "decided_by__profile"),
            ),
        )
    )
    for entry in entries:
        entry.active = entry.is_active(day)
        entry.objection_deadline = objection_deadline(entry)
        # Hints for which forms to show; the services decide (and say why not) when one is sent.
        entry.objection_open = (
            entry.lifted_on is None
            and day <= entry.objection_deadline
            and not any(o.status == ObjectionStatus.FILED for o in entry.objections.all())
        )
        entry.repair_open = (
            entry.kind != EntryKind.COMMENDATION
            and entry.active
            and day >= entry.repairable_from
            and not any(r.status == RepairStatus.APPLIED for r in entry.repairs.all())
        )
    return Record(
        subject_type=subject_type,
        subject_id=subject_id,
        score=services.score(subject_type, subject_id, day=day),
        blacklisted=services.is_blacklisted(subject_type, subject_id, day=day),
        entries=entries,
    )


def public_list(q: str = "", *, day: datetime.date | None = None) -> QuerySet[Entry]:
    """The 失信 list: serious entries in force (within their window, not lifted), newest first.

    Searchable by the subject's name (part of it) or its full credit code / ID number.
    """
    day = day or timezone.localdate()
    qs = (
        Entry.objects.filter(
            kind=EntryKind.SERIOUS,
            lifted_on__isnull=True,
            occurred_on__lte=day,
            published_until__gte=day,
        )
        .only(
            "pk",
            "subject_type",
            "subject_name",
            "subject_code",
            "kind",
            "basis",
            "description",
            "occurred_on",
            "published_until",
        )
        .order_by("-occurred_on", "-pk")
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(subject_name__icontains=q) | Q(subject_code__iexact=q))
    return qs


def filed_objections() -> QuerySet[Objection]:
    """Objections waiting for the centre's decision, oldest first."""
    return (
        Objection.objects.filter(status=ObjectionStatus.FILED)
        .select_related("entry", "filed_by__profile")
        .order_by("filed_at", "pk")
    )


def applied_repairs() -> QuerySet[Repair]:
    """Credit repair applications waiting for the centre's decision, oldest first."""
    return (
        Repair.objects.filter(status=RepairStatus.APPLIED)
        .select_related("entry", "applied_by__profile")
        .order_by("applied_at", "pk")
    )
